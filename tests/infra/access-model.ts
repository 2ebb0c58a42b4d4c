/**
 * The synthesized stack's access rules, evaluated as AWS evaluates them: each request goes to a
 * maintained IAM policy simulator (@cloud-copilot/iam-simulate) with the principal's identity
 * policies and the resource's own policy (bucket, topic, queue or key policy), all resolved to
 * concrete ARNs. A request the simulator cannot evaluate (an unknown action, an ARN of the wrong
 * shape, a malformed policy) fails loudly instead of reading as "denied".
 */
import { runSimulation, type EvaluationResult, type SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import { TemplateArns } from './template-arns.js';
import type { TemplateJson } from './stack-fixture.js';

/** Who sends a request: one of the stack's roles (by logical id), an AWS service, or any other ARN. */
export type Caller = { readonly role: string } | { readonly service: string } | { readonly arn: string };

export interface AccessRequest {
  readonly caller: Caller;
  readonly action: string;
  readonly resource: string;
  /** Request context keys beyond the defaults (TLS on). */
  readonly context?: Readonly<Record<string, string | string[]>>;
}

interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly Record<string, unknown>[];
}

export class AccessModel {
  readonly arns: TemplateArns;

  constructor(
    readonly json: TemplateJson,
    stackName: string,
  ) {
    this.arns = new TemplateArns(json, stackName);
  }

  /** The session ARN a request made with a role's temporary credentials carries. */
  sessionArn(roleId: string): string {
    return `arn:aws:sts::${this.arns.account}:assumed-role/${this.arns.physicalName(roleId)}/provstat-test`;
  }

  /** The identity policies of a role: inline ones and AWS::IAM::Policy resources attached to it. */
  identityPolicies(roleId: string): SimulationIdentityPolicy[] {
    const role = this.json.Resources[roleId];
    if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role of the template`);
    if (role.Properties?.ManagedPolicyArns !== undefined)
      throw new Error(`${roleId} has managed policies, which this model cannot read`);
    const policies: SimulationIdentityPolicy[] = [];
    for (const inline of (role.Properties?.Policies ?? []) as { PolicyName: string; PolicyDocument: unknown }[]) {
      policies.push({ name: inline.PolicyName, policy: this.arns.resolve(inline.PolicyDocument) });
    }
    for (const [id, resource] of Object.entries(this.json.Resources)) {
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      const roles = (resource.Properties?.Roles ?? []) as { Ref?: string }[];
      if (roles.some((ref) => ref.Ref === roleId))
        policies.push({ name: id, policy: this.arns.resolve(resource.Properties?.PolicyDocument) });
    }
    return policies;
  }

  /** The resource-based policy that governs an ARN, if its service has one here. */
  resourcePolicy(resourceArn: string): PolicyDocument | undefined {
    const [, , service] = resourceArn.split(':');
    const resources = Object.entries(this.json.Resources);
    if (service === 's3') {
      const bucket = resourceArn.slice('arn:aws:s3:::'.length).split('/')[0];
      const found = resources.find(
        ([, resource]) =>
          resource.Type === 'AWS::S3::BucketPolicy' && this.arns.text(resource.Properties?.Bucket) === bucket,
      );
      return found ? (this.arns.resolve(found[1].Properties?.PolicyDocument) as PolicyDocument) : undefined;
    }
    if (service === 'sns') {
      const found = resources.find(
        ([, resource]) =>
          resource.Type === 'AWS::SNS::TopicPolicy' &&
          (this.arns.resolve(resource.Properties?.Topics) as string[]).includes(resourceArn),
      );
      return found ? (this.arns.resolve(found[1].Properties?.PolicyDocument) as PolicyDocument) : undefined;
    }
    if (service === 'sqs') {
      const url = `https://sqs.${this.arns.region}.amazonaws.com/${this.arns.account}/${resourceArn.split(':').at(-1)}`;
      const found = resources.find(
        ([, resource]) =>
          resource.Type === 'AWS::SQS::QueuePolicy' &&
          (this.arns.resolve(resource.Properties?.Queues) as string[]).includes(url),
      );
      return found ? (this.arns.resolve(found[1].Properties?.PolicyDocument) as PolicyDocument) : undefined;
    }
    if (service === 'kms') {
      const found = resources.find(
        ([id, resource]) => resource.Type === 'AWS::KMS::Key' && this.arns.arn(id) === resourceArn,
      );
      if (!found) throw new Error(`no key of the stack has the ARN ${resourceArn}`);
      return this.arns.resolve(found[1].Properties?.KeyPolicy) as PolicyDocument;
    }
    return undefined;
  }

  /** What AWS decides for a request: Allowed, ExplicitlyDenied or ImplicitlyDenied. */
  async evaluate(request: AccessRequest): Promise<EvaluationResult> {
    const { caller } = request;
    const principal =
      'role' in caller ? this.sessionArn(caller.role) : 'service' in caller ? caller.service : caller.arn;
    const identityPolicies = 'role' in caller ? this.identityPolicies(caller.role) : [];
    const resourcePolicy = this.resourcePolicy(request.resource);
    const response = await runSimulation(
      {
        request: {
          principal,
          action: request.action,
          resource: { resource: request.resource, accountId: this.arns.account },
          contextVariables: { 'aws:SecureTransport': 'true', ...request.context },
        },
        identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(resourcePolicy ? { resourcePolicy } : {}),
      },
      {},
    );
    if (response.resultType === 'error')
      throw new Error(`cannot evaluate ${request.action} on ${request.resource}: ${JSON.stringify(response.errors)}`);
    return response.overallResult;
  }

  /** Every identity statement of every role in the template, for checks that read all of them. */
  allRoleStatements(): { roleId: string; statement: Record<string, unknown> }[] {
    const found: { roleId: string; statement: Record<string, unknown> }[] = [];
    for (const [roleId, resource] of Object.entries(this.json.Resources)) {
      if (resource.Type !== 'AWS::IAM::Role') continue;
      const inline = (resource.Properties?.Policies ?? []) as { PolicyDocument: PolicyDocument }[];
      const attached = Object.values(this.json.Resources)
        .filter(
          (policy) =>
            policy.Type === 'AWS::IAM::Policy' &&
            ((policy.Properties?.Roles ?? []) as { Ref?: string }[]).some((ref) => ref.Ref === roleId),
        )
        .map((policy) => ({ PolicyDocument: policy.Properties?.PolicyDocument as PolicyDocument }));
      for (const { PolicyDocument } of [...inline, ...attached]) {
        for (const statement of PolicyDocument.Statement)
          found.push({ roleId, statement: this.arns.resolve(statement) as Record<string, unknown> });
      }
    }
    return found;
  }
}
