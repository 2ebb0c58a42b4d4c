/**
 * Synthesizes the provstat stack for assertion tests: the project's cdk.json context, stand-in
 * function code (bundling is proved once, by the real-synth test), and helpers that read the
 * template's IAM policies as plain statements with symbolic ARNs (access-model.ts evaluates them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { readDeployOptions } from '../../infra/deploy-options.js';
import { addNagChecks } from '../../infra/nag-checks.js';
import { ProvstatStack, stackIdOf, type ProvstatStackProps } from '../../infra/provstat-stack.js';
import { PROJECT_ROOT } from '../helpers.js';

export const CDK_CONTEXT = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context as Record<
  string,
  unknown
>;

export interface SynthesizedStack {
  readonly app: App;
  readonly stack: ProvstatStack;
  readonly template: Template;
  readonly json: TemplateJson;
}

export interface TemplateJson {
  readonly Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; Metadata?: Record<string, unknown> }
  >;
  readonly Outputs?: Record<string, { Value: unknown }>;
}

/** The stack as `cdk synth` builds it from these context options, with stand-in function code. */
export function synthesizeStack(
  context: Record<string, unknown> = {},
  props: ProvstatStackProps = {},
): SynthesizedStack {
  const app = new App({ context: { ...CDK_CONTEXT, ...context } });
  const standIn = lambda.Code.fromInline('export const handler = async () => ({});');
  const options = readDeployOptions(app.node);
  const functionCode = { ingest: standIn, rollup: standIn };
  const stack = new ProvstatStack(app, stackIdOf(options.stage), { ...options, functionCode, ...props });
  // As in infra/app.ts: the synth below fails on any unacknowledged cdk-nag finding.
  addNagChecks(app);
  const template = Template.fromStack(stack);
  return { app, stack, template, json: template.toJSON() as TemplateJson };
}

/** Logical ids of the resources of a type. */
export function resourcesOfType(json: TemplateJson, type: string): [string, Record<string, unknown>][] {
  return Object.entries(json.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id, resource]) => [id, resource.Properties ?? {}]);
}

/** The logical id of the one resource whose id starts with a prefix. */
export function logicalIdStartingWith(json: TemplateJson, prefix: string, type?: string): string {
  const ids = Object.keys(json.Resources).filter(
    (id) => id.startsWith(prefix) && (!type || json.Resources[id]?.Type === type),
  );
  if (ids.length !== 1) throw new Error(`expected one resource starting with ${prefix}, found ${ids.length}`);
  return ids[0] as string;
}

export const TEST_ACCOUNT = '111111111111';
export const TEST_REGION = 'ap-southeast-1';

/**
 * Resolves CloudFormation intrinsics to readable strings: a bucket's ARN becomes
 * `arn:aws:s3:::<LogicalId>`, its name `<LogicalId>`, pseudo parameters fixed test values.
 */
export function resolveIntrinsics(json: TemplateJson, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(json, item));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) {
    const ref = object.Ref as string;
    if (ref === 'AWS::Partition') return 'aws';
    if (ref === 'AWS::Region') return TEST_REGION;
    if (ref === 'AWS::AccountId') return TEST_ACCOUNT;
    return ref;
  }
  if ('Fn::GetAtt' in object) {
    const [id, attribute] = object['Fn::GetAtt'] as [string, string];
    const type = json.Resources[id]?.Type;
    if (type === 'AWS::S3::Bucket' && attribute === 'Arn') return `arn:aws:s3:::${id}`;
    return `${id}.${attribute}`;
  }
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => String(resolveIntrinsics(json, part))).join(separator);
  }
  return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, resolveIntrinsics(json, item)]));
}

export interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
  readonly Sid?: string;
  readonly Principal?: unknown;
}

function normalise(statement: Record<string, unknown>): Statement {
  if ('NotAction' in statement || 'NotResource' in statement)
    throw new Error('a statement uses NotAction or NotResource');
  const list = (value: unknown): string[] =>
    value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
  return { ...(statement as unknown as Statement), Action: list(statement.Action), Resource: list(statement.Resource) };
}

/** Every identity-policy statement of a role: inline policies plus AWS::IAM::Policy resources attached to it. */
export function roleStatements(json: TemplateJson, roleId: string): Statement[] {
  const role = json.Resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role`);
  const statements: Statement[] = [];
  for (const policy of (role.Properties?.Policies ?? []) as {
    PolicyDocument: { Statement: Record<string, unknown>[] };
  }[]) {
    statements.push(
      ...policy.PolicyDocument.Statement.map((statement) =>
        normalise(resolveIntrinsics(json, statement) as Record<string, unknown>),
      ),
    );
  }
  for (const [, properties] of resourcesOfType(json, 'AWS::IAM::Policy')) {
    const roles = (properties.Roles as { Ref: string }[] | undefined) ?? [];
    if (!roles.some((ref) => ref.Ref === roleId)) continue;
    const document = properties.PolicyDocument as { Statement: Record<string, unknown>[] };
    statements.push(
      ...document.Statement.map((statement) =>
        normalise(resolveIntrinsics(json, statement) as Record<string, unknown>),
      ),
    );
  }
  return statements;
}
