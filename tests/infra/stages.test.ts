import { describe, expect, it } from 'vitest';
import { resourcesOfType, synthesizeStack, type TemplateJson } from './stack-fixture.js';
import { TemplateArns } from './template-arns.js';

// Resource types whose physical name is unique in an account and region (explicit or generated from the stack name).
const NAMED_TYPES = [
  'AWS::S3::Bucket',
  'AWS::IAM::Role',
  'AWS::SQS::Queue',
  'AWS::SNS::Topic',
  'AWS::Lambda::Function',
  'AWS::Logs::LogGroup',
  'AWS::Athena::WorkGroup',
  'AWS::Glue::Database',
  'AWS::Scheduler::Schedule',
];

/** Every name a deployment claims in its account and region. */
function namesOf(json: TemplateJson, stackName: string): string[] {
  const arns = new TemplateArns(json, stackName);
  const names = [`stack ${stackName}`];
  for (const [id, resource] of Object.entries(json.Resources)) {
    if (NAMED_TYPES.includes(resource.Type)) names.push(`${resource.Type} ${arns.physicalName(id)}`);
  }
  // Tables live in a database and saved queries in a workgroup: their names are claimed there.
  for (const [, table] of resourcesOfType(json, 'AWS::Glue::Table')) {
    names.push(`table ${arns.text(table.DatabaseName)}.${(table.TableInput as { Name: string }).Name}`);
  }
  for (const [, query] of resourcesOfType(json, 'AWS::Athena::NamedQuery')) {
    names.push(`saved query ${arns.text(query.WorkGroup)}/${String(query.Name)}`);
  }
  for (const [, alarm] of resourcesOfType(json, 'AWS::CloudWatch::Alarm')) {
    if (alarm.AlarmName !== undefined) names.push(`alarm ${arns.text(alarm.AlarmName)}`);
  }
  return names;
}

// Synthesized once, while the file loads: each synth takes seconds.
const plain = synthesizeStack();
const plainAgain = synthesizeStack();
const staged = synthesizeStack({ 'provstat:stage': 'test-2' });
const blue = synthesizeStack({ 'provstat:stage': 'blue' });
const green = synthesizeStack({ 'provstat:stage': 'green' });

describe('stages', () => {
  it("keep today's names when no stage is given", () => {
    const { stack, json } = plain;
    expect(stack.stackName).toBe('Provstat');
    expect(stack.workgroup.workGroupName).toBe('provstat');
    expect(stack.catalog.databaseName).toBe('provstat');
    expect(resourcesOfType(json, 'AWS::Athena::WorkGroup').map(([, workGroup]) => workGroup.Name)).toEqual([
      'provstat',
    ]);
  });

  it('put the stage in the stack, workgroup and database names, and configure the rollup with them', () => {
    const { stack, json } = staged;
    expect(stack.stackName).toBe('Provstat-test-2');
    expect(stack.workgroup.workGroupName).toBe('provstat-test-2');
    expect(stack.catalog.databaseName).toBe('provstat_test_2');
    const [[, rollup]] = resourcesOfType(json, 'AWS::Lambda::Function').filter(([id]) =>
      id.startsWith('RollupFunction'),
    ) as [[string, Record<string, unknown>]];
    expect((rollup.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      ATHENA_WORKGROUP: 'provstat-test-2',
      GLUE_DATABASE: 'provstat_test_2',
    });
    for (const [, query] of resourcesOfType(json, 'AWS::Athena::NamedQuery'))
      expect(query.Database).toBe('provstat_test_2');
  });

  it('let two deployments share an account: synthesized side by side they claim no name in common', () => {
    const blueNames = namesOf(blue.json, blue.stack.stackName);
    const greenNames = new Set(namesOf(green.json, green.stack.stackName));
    expect(blueNames.length).toBeGreaterThan(50);
    expect(blueNames.filter((name) => greenNames.has(name))).toEqual([]);
    // The same check finds the clash of two deployments without a stage.
    const [first, second] = [plain, plainAgain];
    const secondNames = new Set(namesOf(second.json, second.stack.stackName));
    expect(namesOf(first.json, first.stack.stackName).filter((name) => secondNames.has(name)).length).toBeGreaterThan(
      50,
    );
  });
});
