/**
 * The quarterly rollup: an EventBridge Scheduler schedule invokes the rollup function, which runs
 * the queries through Athena and writes the report under `reports/` in the reports bucket.
 */
import { Aws, Duration, type RemovalPolicy, Stack, TimeZone, Validations, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { bucketObjectsFinding } from '../nag-findings.js';
import { ALARM_PERIOD, type AlarmTopic } from './alarm-topic.js';
import type { AthenaWorkgroup } from './athena-workgroup.js';
import { ProvstatFunction } from './provstat-function.js';
import { QUERY_RESULTS_PREFIX } from './athena-workgroup.js';
import type { WarehouseCatalog } from './warehouse-catalog.js';

/** 08:00 on the 15th day after each quarter ends: 15 January, April, July and October. */
export const DEFAULT_ROLLUP_SCHEDULE = 'cron(0 8 15 1,4,7,10 ? *)';
export const DEFAULT_ROLLUP_TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** Where the rollup writes its reports in the reports bucket. */
export const REPORTS_PREFIX = 'reports/';
/** The warehouse prefixes Athena reads for the rollup's queries. */
export const QUERIED_WAREHOUSE_PREFIXES = ['facts/', 'rejections/', 'reference/'] as const;

export interface RollupProps {
  readonly warehouseBucket: s3.IBucket;
  readonly reportsBucket: s3.IBucket;
  readonly athenaResultsBucket: s3.IBucket;
  readonly catalog: WarehouseCatalog;
  readonly workgroup: AthenaWorkgroup;
  readonly alarms: AlarmTopic;
  /**
   * What happens to the function's log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The rollup function's code.
   * @default functions/rollup.ts bundled locally
   */
  readonly code?: lambda.Code;
  /**
   * When the rollup runs: an EventBridge Scheduler `cron(…)` or `rate(…)` expression.
   * @default DEFAULT_ROLLUP_SCHEDULE, 08:00 on the 15th day after each quarter ends
   */
  readonly schedule?: string;
  /**
   * The time zone of the schedule (IANA name).
   * @default 'Asia/Ho_Chi_Minh'
   */
  readonly timeZone?: string;
  /**
   * Concurrency reserved for the function: one report at a time, so a retry never races the run it
   * repeats. `undefined` reserves none (an account at the default limit of 10 cannot reserve any).
   * @default 1
   */
  readonly reservedConcurrency?: number;
}

export class Rollup extends Construct {
  public readonly rollup: ProvstatFunction;
  public readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: RollupProps) {
    super(scope, id);
    this.rollup = new ProvstatFunction(this, 'Rollup', {
      name: 'rollup',
      description: 'Writes the quarterly national rollup report from Athena queries to the reports bucket',
      code: props.code,
      removalPolicy: props.removalPolicy,
      // A handful of Athena queries, each waited for, then a chart render: minutes at most.
      memorySize: 1024,
      timeout: Duration.minutes(10),
      reservedConcurrentExecutions: 'reservedConcurrency' in props ? props.reservedConcurrency : 1,
      environment: {
        WAREHOUSE_BUCKET: props.warehouseBucket.bucketName,
        REPORTS_BUCKET: props.reportsBucket.bucketName,
        ATHENA_WORKGROUP: props.workgroup.workGroupName,
        GLUE_DATABASE: props.catalog.databaseName,
      },
    });
    this.grantRollupAccess(props);

    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'Lets EventBridge Scheduler invoke the provstat rollup function',
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'Runs the provstat rollup for the quarter that has just ended',
      schedule: scheduler.ScheduleExpression.expression(
        props.schedule ?? DEFAULT_ROLLUP_SCHEDULE,
        TimeZone.of(props.timeZone ?? DEFAULT_ROLLUP_TIME_ZONE),
      ),
      target: new targets.LambdaInvoke(this.rollup.function, {
        role: scheduleRole,
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
      }),
    });
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.rollup.function.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason:
        'CDK grants invoking the rollup function and its versions (ARN:*); the schedule can invoke this one function and nothing else.',
    });

    props.alarms.alarm(this, 'ErrorAlarm', {
      metric: this.rollup.function.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
      threshold: 1,
      description:
        'The quarterly rollup failed; the report for the quarter was not written. See the rollup logs, then invoke the function again.',
    });
  }

  private grantRollupAccess(props: RollupProps): void {
    const { warehouseBucket, reportsBucket, athenaResultsBucket, catalog, workgroup } = props;
    this.rollup.grant(
      new iam.PolicyStatement({
        sid: 'RunQueries',
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
        ],
        resources: [workgroup.workGroupArn],
      }),
    );
    // Athena reads the catalog, the warehouse and the results location with the caller's permissions.
    for (const statement of catalog.readStatements()) this.rollup.grant(statement);
    this.rollup.grant(
      new iam.PolicyStatement({
        sid: 'ReadWarehouse',
        actions: ['s3:GetObject'],
        resources: QUERIED_WAREHOUSE_PREFIXES.map((prefix) => warehouseBucket.arnForObjects(`${prefix}*`)),
      }),
    );
    this.rollup.grant(
      new iam.PolicyStatement({
        sid: 'ListWarehouse',
        actions: ['s3:ListBucket'],
        resources: [warehouseBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': QUERIED_WAREHOUSE_PREFIXES.map((prefix) => `${prefix}*`) } },
      }),
    );
    this.rollup.grant(
      new iam.PolicyStatement({
        sid: 'LocateBuckets',
        actions: ['s3:GetBucketLocation'],
        resources: [warehouseBucket.bucketArn, athenaResultsBucket.bucketArn],
      }),
    );
    this.rollup.grant(
      new iam.PolicyStatement({
        sid: 'WriteQueryResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [athenaResultsBucket.arnForObjects(`${QUERY_RESULTS_PREFIX}*`)],
      }),
    );
    this.rollup.grant(
      new iam.PolicyStatement({
        sid: 'ListQueryResults',
        actions: ['s3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [athenaResultsBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${QUERY_RESULTS_PREFIX}*`] } },
      }),
    );
    this.rollup.grant(
      new iam.PolicyStatement({
        sid: 'WriteReports',
        actions: ['s3:PutObject'],
        resources: [reportsBucket.arnForObjects(`${REPORTS_PREFIX}*`)],
      }),
    );
    Validations.of(this.rollup.role).acknowledge(
      ...QUERIED_WAREHOUSE_PREFIXES.map((prefix) => ({
        id: bucketObjectsFinding(warehouseBucket, `${prefix}*`),
        reason: `Athena reads the Parquet files under ${prefix} with the rollup's permissions; the files are named by source SHA-256, so no narrower resource exists. Read only.`,
      })),
      {
        id: bucketObjectsFinding(athenaResultsBucket, `${QUERY_RESULTS_PREFIX}*`),
        reason:
          "Athena writes each query's results under a fresh name below the workgroup's output prefix with the caller's permissions, and the rollup reads them back.",
      },
      {
        id: bucketObjectsFinding(reportsBucket, `${REPORTS_PREFIX}*`),
        reason:
          'The rollup writes reports/<period>/ files whose period is only known at run time; write only, under reports/ only.',
      },
    );
  }
}
