import { Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { synthesizeStack } from './stack-fixture.js';

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

function acknowledgementsUnder(root: IConstruct): Acknowledgement[] {
  const found: Acknowledgement[] = [];
  const visit = (node: IConstruct) => {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        found.push({ path: node.node.path, id, reason: typeof reason === 'string' ? reason : JSON.stringify(reason) });
      }
    }
    node.node.children.forEach(visit);
  };
  visit(root);
  return found;
}

// Synthesized while the file loads: a synth takes seconds, more on a busy machine.
const STACKS = [
  ['the default stack', synthesizeStack()],
  ['the stack that removes its buckets on deletion', synthesizeStack({ 'provstat:removeOnDelete': 'true' })],
] as const;

describe('cdk-nag AwsSolutions', () => {
  for (const [label, { stack }] of STACKS) {
    it(`reports nothing unacknowledged on ${label}`, () => {
      const report = new AwsSolutionsChecks().validateScope(stack);
      expect(
        report.violations.map(
          (violation) =>
            `${violation.ruleName} at ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`,
        ),
      ).toEqual([]);
    });
  }

  it('still catches a finding nobody acknowledged', () => {
    const { stack } = synthesizeStack();
    new s3.Bucket(stack, 'CarelessBucket');
    const rules = new AwsSolutionsChecks().validateScope(stack).violations.map((violation) => violation.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });

  it('acknowledges findings only on the resources they concern, each with its own specific reason', () => {
    const { app, stack } = synthesizeStack();
    const acknowledgements = acknowledgementsUnder(app);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledgements) {
      expect(path, `${id} acknowledged on the whole stack`).not.toBe(stack.node.path);
      expect(path).not.toBe('');
      // A wildcard finding is acknowledged one resource at a time, never as a whole rule.
      if (/AwsSolutions-IAM5/.test(id)) expect(id).toMatch(/IAM5\[(Resource|Action)::.+\]$/);
      expect(reason.length, `${id} at ${path}: "${reason}"`).toBeGreaterThanOrEqual(60);
    }
    // Copied boilerplate is not a reason: the same text never covers two different rules.
    const rulesByReason = new Map<string, Set<string>>();
    for (const { id, reason } of acknowledgements) {
      const rule = id.replace(/^.*?(AwsSolutions-[A-Z]+\d+|W\d+).*$/, '$1');
      rulesByReason.set(reason, (rulesByReason.get(reason) ?? new Set()).add(rule));
    }
    for (const [reason, rules] of rulesByReason) expect(rules.size, reason).toBe(1);
  });

  it('writes each acknowledgement and its reason into the template for reviewers', () => {
    const { json } = synthesizeStack();
    const annotated = Object.values(json.Resources).filter((resource) => resource.Metadata?.cdk_nag);
    expect(annotated.length).toBeGreaterThan(0);
    for (const resource of annotated) {
      for (const rule of (resource.Metadata!.cdk_nag as { rules_to_suppress: { id: string; reason: string }[] })
        .rules_to_suppress)
        expect(rule.reason.length).toBeGreaterThanOrEqual(60);
    }
  });
});
