/**
 * Resolves a synthesized template's intrinsics (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`) to the
 * concrete names and ARNs CloudFormation would give them in a fake account and region, so a policy
 * evaluator sees the strings AWS sees. A resource without an explicit name gets the name
 * CloudFormation would generate from the stack name and logical id; anything unknown throws.
 */
import { createHash } from 'node:crypto';
import type { TemplateJson } from './stack-fixture.js';

export const FAKE_ACCOUNT = '111111111111';
export const FAKE_REGION = 'ap-southeast-1';

type Resource = TemplateJson['Resources'][string];

export class TemplateArns {
  constructor(
    readonly json: TemplateJson,
    readonly stackName: string,
    readonly account = FAKE_ACCOUNT,
    readonly region = FAKE_REGION,
  ) {}

  /** Every intrinsic inside a value replaced by its concrete string. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (value === null || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    const [key] = Object.keys(object);
    if (Object.keys(object).length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::')))
      return this.intrinsic(key, object[key]);
    return Object.fromEntries(Object.entries(object).map(([name, item]) => [name, this.resolve(item)]));
  }

  /** A resolved value that must be a string. */
  text(value: unknown): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string') throw new Error(`expected a string, got ${JSON.stringify(resolved)}`);
    return resolved;
  }

  /** The physical name CloudFormation gives the resource (explicit, else generated). */
  physicalName(logicalId: string): string {
    const resource = this.resource(logicalId);
    const properties = resource.Properties ?? {};
    const explicit = {
      'AWS::S3::Bucket': properties.BucketName,
      'AWS::IAM::Role': properties.RoleName,
      'AWS::SQS::Queue': properties.QueueName,
      'AWS::SNS::Topic': properties.TopicName,
      'AWS::Lambda::Function': properties.FunctionName,
      'AWS::Logs::LogGroup': properties.LogGroupName,
      'AWS::Athena::WorkGroup': properties.Name,
      'AWS::Glue::Database': (properties.DatabaseInput as { Name?: unknown } | undefined)?.Name,
      'AWS::Scheduler::Schedule': properties.Name,
    }[resource.Type];
    if (explicit !== undefined) return this.text(explicit);
    // CloudFormation's generated names: stack name, logical id and a random suffix (lower case for buckets).
    const suffix = createHash('sha256')
      .update(`${this.stackName}/${logicalId}`)
      .digest('hex')
      .slice(0, 12)
      .toUpperCase();
    const generated = `${this.stackName}-${logicalId.slice(0, 30)}-${suffix}`;
    return resource.Type === 'AWS::S3::Bucket' ? generated.toLowerCase().slice(0, 63) : generated;
  }

  /** The ARN of a resource (what `Fn::GetAtt [id, Arn]` gives). */
  arn(logicalId: string): string {
    const resource = this.resource(logicalId);
    const name = this.physicalName(logicalId);
    const regional = (service: string, rest: string) => `arn:aws:${service}:${this.region}:${this.account}:${rest}`;
    switch (resource.Type) {
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${this.account}:role/${name}`;
      case 'AWS::SQS::Queue':
        return regional('sqs', name);
      case 'AWS::SNS::Topic':
        return regional('sns', name);
      case 'AWS::Lambda::Function':
        return regional('lambda', `function:${name}`);
      case 'AWS::Logs::LogGroup':
        return regional('logs', `log-group:${name}:*`);
      case 'AWS::KMS::Key':
        return regional('kms', `key/${this.keyId(logicalId)}`);
      case 'AWS::Athena::WorkGroup':
        return regional('athena', `workgroup/${name}`);
      case 'AWS::Scheduler::Schedule':
        return regional('scheduler', `schedule/default/${name}`);
      case 'AWS::CloudWatch::Alarm':
        return regional('cloudwatch', `alarm:${name}`);
      default:
        throw new Error(`no ARN known for ${logicalId} (${resource.Type})`);
    }
  }

  /** The logical id of the one resource of a type whose id starts with a prefix. */
  logicalId(prefix: string, type: string): string {
    const ids = Object.keys(this.json.Resources).filter(
      (id) => id.startsWith(prefix) && this.json.Resources[id]?.Type === type,
    );
    if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.length}`);
    return ids[0] as string;
  }

  private intrinsic(name: string, argument: unknown): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(String(argument));
      case 'Fn::GetAtt': {
        const [id, attribute] = (Array.isArray(argument) ? argument : String(argument).split('.')) as [string, string];
        return this.getAtt(id, attribute);
      }
      case 'Fn::Join': {
        const [separator, parts] = argument as [string, unknown[]];
        return parts.map((part) => this.text(part)).join(separator);
      }
      case 'Fn::Sub': {
        const [template, variables = {}] = (typeof argument === 'string' ? [argument] : argument) as [
          string,
          Record<string, unknown>?,
        ];
        return template.replace(/\$\{([^}]+)\}/g, (_, reference: string) => {
          if (reference in variables) return this.text(variables[reference]);
          const [id, attribute] = reference.split('.') as [string, string | undefined];
          return attribute ? String(this.getAtt(id, attribute)) : String(this.ref(id));
        });
      }
      default:
        throw new Error(`the intrinsic ${name} is not resolved by the test fixture`);
    }
  }

  private ref(id: string): string {
    switch (id) {
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return this.account;
      case 'AWS::StackName':
        return this.stackName;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      default:
        break;
    }
    const resource = this.resource(id);
    switch (resource.Type) {
      case 'AWS::SNS::Topic':
        return this.arn(id);
      case 'AWS::SQS::Queue':
        return `https://sqs.${this.region}.amazonaws.com/${this.account}/${this.physicalName(id)}`;
      case 'AWS::KMS::Key':
        return this.keyId(id);
      default:
        return this.physicalName(id);
    }
  }

  private getAtt(id: string, attribute: string): string {
    const resource = this.resource(id);
    if (attribute === 'Arn' || (resource.Type === 'AWS::SNS::Topic' && attribute === 'TopicArn')) return this.arn(id);
    if (attribute === 'QueueName' || attribute === 'TopicName') return this.physicalName(id);
    if (resource.Type === 'AWS::KMS::Key' && attribute === 'KeyId') return this.keyId(id);
    throw new Error(`Fn::GetAtt ${id}.${attribute} is not resolved by the test fixture`);
  }

  private keyId(id: string): string {
    const hex = createHash('sha256').update(`${this.stackName}/${id}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }

  private resource(id: string): Resource {
    const resource = this.json.Resources[id];
    if (!resource) throw new Error(`the template has no resource ${id}`);
    return resource;
  }
}
