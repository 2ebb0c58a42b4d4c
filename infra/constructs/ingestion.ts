/**
 * Ingestion: every object created under `incoming/` in the raw bucket is announced on an SQS queue
 * (with a dead-letter queue) that the ingest function consumes in small batches, reporting
 * failures per message; alarms on the dead-letter queue, function errors and queue age.
 */
import { Duration, type RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ALARM_PERIOD, type AlarmTopic } from './alarm-topic.js';
import { bucketObjectsFinding } from '../nag-findings.js';
import { ProvstatFunction } from './provstat-function.js';

/** Where provinces upload; the only prefix that triggers ingestion. */
export const INCOMING_PREFIX = 'incoming/';
/**
 * Where the ingest function writes each upload's receipt in the raw bucket:
 * `receipts/<ISO>/<path under incoming/<ISO>/>.json` and `.csv`, readable by that province.
 */
export const RECEIPTS_PREFIX = 'receipts/';
/** The warehouse prefixes the ingest function reads and writes. */
export const INGEST_WAREHOUSE_PREFIXES = ['facts/', 'rejections/', 'ingestions/', 'reference/'] as const;

export interface IngestionProps {
  readonly rawBucket: s3.IBucket;
  readonly warehouseBucket: s3.IBucket;
  readonly alarms: AlarmTopic;
  /**
   * What happens to the function's log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The ingest function's code.
   * @default functions/ingest.ts bundled locally
   */
  readonly code?: lambda.Code;
  /**
   * Memory of the ingest function. DuckDB sorts and compresses each source's rows in memory, and
   * Lambda gives CPU in proportion to memory: 2 GiB is a full vCPU and room for a 100 MiB upload.
   * @default 2048
   */
  readonly memorySize?: number;
  /**
   * Timeout of one batch: a 100 MiB CSV read, validated and written as Parquet, times a batch.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
  /**
   * Messages handed to one invocation. Each message is one upload and each upload is processed on
   * its own, so a small batch bounds the work a timeout would repeat.
   * @default 5
   */
  readonly batchSize?: number;
  /**
   * Concurrent ingest invocations: reserved for the function and the queue's maximum concurrency.
   * Caps parallel DuckDB writers and S3 load; `undefined` reserves nothing (accounts at the default
   * limit of 10 concurrent executions cannot reserve any).
   * @default 5
   */
  readonly reservedConcurrency?: number;
  /**
   * Receives of one message before it goes to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Age of the oldest queued upload at which the queue-age alarm fires.
   * @default Duration.minutes(30)
   */
  readonly maxQueueAge?: Duration;
}

export class Ingestion extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly ingest: ProvstatFunction;

  constructor(scope: Construct, id: string, props: IngestionProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.minutes(5);
    const reservedConcurrency = 'reservedConcurrency' in props ? props.reservedConcurrency : 5;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the upload queue; a dead-letter queue of its own would only hide failed uploads one level deeper.',
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS advises six times the function timeout, so retries and batching windows never overlap a running batch.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    props.rawBucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.queue), {
      prefix: INCOMING_PREFIX,
    });
    // CDK configures bucket notifications with a singleton custom resource at the stack's root.
    const notificationsHandler = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('BucketNotificationsHandler'),
    );
    if (notificationsHandler) {
      Validations.of(notificationsHandler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's own bucket-notifications handler runs once per deployment to configure the raw bucket's notifications; its role is built by CDK and only writes its logs with this managed policy.",
      });
    }

    this.ingest = new ProvstatFunction(this, 'Ingest', {
      name: 'ingest',
      description: 'Ingests province uploads from the raw bucket into the Parquet warehouse',
      code: props.code,
      removalPolicy: props.removalPolicy,
      memorySize: props.memorySize ?? 2048,
      timeout,
      // DuckDB's scratch Parquet and a 100 MiB upload live in /tmp.
      ephemeralStorageSize: Size.gibibytes(2),
      reservedConcurrentExecutions: reservedConcurrency,
      environment: { RAW_BUCKET: props.rawBucket.bucketName, WAREHOUSE_BUCKET: props.warehouseBucket.bucketName },
    });
    this.ingest.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 5,
        maxBatchingWindow: Duration.seconds(10),
        reportBatchItemFailures: true,
        ...(reservedConcurrency !== undefined && reservedConcurrency >= 2
          ? { maxConcurrency: reservedConcurrency }
          : {}),
      }),
    );
    this.grantIngestAccess(props.rawBucket, props.warehouseBucket);

    props.alarms.alarm(this, 'DeadLetterAlarm', {
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: ALARM_PERIOD,
        statistic: 'Maximum',
      }),
      threshold: 1,
      description:
        'An upload failed ingestion on every retry and sits in the dead-letter queue; see the ingest logs, fix, then redrive.',
    });
    props.alarms.alarm(this, 'ErrorAlarm', {
      metric: this.ingest.function.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
      threshold: 1,
      description: 'The ingest function failed an invocation (a crash or timeout, not a rejected row).',
    });
    props.alarms.alarm(this, 'QueueAgeAlarm', {
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: ALARM_PERIOD, statistic: 'Maximum' }),
      threshold: (props.maxQueueAge ?? Duration.minutes(30)).toSeconds(),
      description: 'Uploads are waiting longer than expected for ingestion (throttled, failing or stuck).',
    });
  }

  private grantIngestAccess(rawBucket: s3.IBucket, warehouseBucket: s3.IBucket): void {
    // Notifications carry the version of the upload, so the function may read that exact version.
    this.ingest.grant(
      new iam.PolicyStatement({
        sid: 'ReadUploads',
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [rawBucket.arnForObjects(`${INCOMING_PREFIX}*`)],
      }),
    );
    this.ingest.grant(
      new iam.PolicyStatement({
        sid: 'WriteReceipts',
        actions: ['s3:PutObject'],
        resources: [rawBucket.arnForObjects(`${RECEIPTS_PREFIX}*`)],
      }),
    );
    // S3 answers a missing key with 404 only to a caller that may list the bucket, and with 403 to
    // any other; S3 checks that permission with no prefix, so a list request that names a prefix
    // is still held to the function's own, and one that names none is allowed.
    this.ingest.grant(
      new iam.PolicyStatement({
        sid: 'ListUploads',
        actions: ['s3:ListBucket'],
        resources: [rawBucket.bucketArn],
        conditions: { StringLikeIfExists: { 's3:prefix': [`${INCOMING_PREFIX}*`] } },
      }),
    );
    this.ingest.grant(
      new iam.PolicyStatement({
        sid: 'ReadWriteWarehouse',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: INGEST_WAREHOUSE_PREFIXES.map((prefix) => warehouseBucket.arnForObjects(`${prefix}*`)),
      }),
    );
    this.ingest.grant(
      new iam.PolicyStatement({
        sid: 'ListWarehouse',
        actions: ['s3:ListBucket'],
        resources: [warehouseBucket.bucketArn],
        conditions: { StringLikeIfExists: { 's3:prefix': INGEST_WAREHOUSE_PREFIXES.map((prefix) => `${prefix}*`) } },
      }),
    );
    Validations.of(this.ingest.role).acknowledge(
      {
        id: bucketObjectsFinding(rawBucket, `${INCOMING_PREFIX}*`),
        reason:
          'The function reads whichever upload a notification names, and uploads may only land under incoming/; nothing else in the raw bucket is readable.',
      },
      {
        id: bucketObjectsFinding(rawBucket, `${RECEIPTS_PREFIX}*`),
        reason:
          'Each upload gets a receipt named after its own key under receipts/, so the key is only known at run ' +
          'time; write only, nothing else in the raw bucket.',
      },
      ...INGEST_WAREHOUSE_PREFIXES.map((prefix) => ({
        id: bucketObjectsFinding(warehouseBucket, `${prefix}*`),
        reason: `The function writes one Parquet file per source and partition and one manifest per source, under keys derived from the source's SHA-256; the grant is limited to the ${prefix} prefix it owns.`,
      })),
    );
  }
}
