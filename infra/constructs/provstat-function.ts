/**
 * One Lambda function of the pipeline, with the defaults every function shares: Node 24 on
 * x86_64 (the architecture of the bundled DuckDB binding), `index.handler`, source maps, a log group
 * with a retention, Powertools settings, and a role that starts with nothing but writing its logs.
 */
import { type Duration, RemovalPolicy, type Size } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bundledFunctionCode, type FunctionName } from '../bundling/function-code.js';

/**
 * The Lambda runtime. The bundle targets Node 20 syntax and Node-API, so the same file runs on this
 * runtime and on the Node 20 the tests run it with; nodejs20.x is deprecated on Lambda.
 */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** The CloudWatch metrics namespace of every function (Powertools Metrics). */
export const METRICS_NAMESPACE = 'provstat';

export interface ProvstatFunctionProps {
  /** The handler in functions/ (`functions/<name>.ts`). */
  readonly name: FunctionName;
  readonly description: string;
  /** Environment variables the handler reads (its configuration). */
  readonly environment: Record<string, string>;
  readonly memorySize: number;
  readonly timeout: Duration;
  /**
   * Concurrent executions reserved for (and capping) the function; undefined reserves none.
   * @default none
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Size of `/tmp`.
   * @default 512 MiB
   */
  readonly ephemeralStorageSize?: Size;
  /**
   * The function's code.
   * @default functions/<name>.ts bundled locally by scripts/bundle-functions.mjs
   */
  readonly code?: lambda.Code;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.SIX_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

export class ProvstatFunction extends Construct {
  public readonly function: lambda.Function;
  /** The function's role: grant it exactly what the handler uses. */
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ProvstatFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.SIX_MONTHS,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    // An explicit role instead of the default one with the AWSLambdaBasicExecutionRole managed policy,
    // which may write to any log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the provstat ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new lambda.Function(this, 'Function', {
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.X86_64,
      handler: 'index.handler',
      code: props.code ?? bundledFunctionCode(props.name),
      role: this.role,
      logGroup: this.logGroup,
      memorySize: props.memorySize,
      timeout: props.timeout,
      ephemeralStorageSize: props.ephemeralStorageSize,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: `provstat-${props.name}`,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
  }

  /** Adds a statement to the function's role. */
  grant(statement: iam.PolicyStatement): void {
    this.role.addToPrincipalPolicy(statement);
  }
}
