import { describe, expect, it } from 'vitest';
import { logicalIdStartingWith, resourcesOfType, roleStatements, synthesizeStack } from './stack-fixture.js';

const { json } = synthesizeStack();
const queueId = logicalIdStartingWith(json, 'IngestionQueue', 'AWS::SQS::Queue');
const deadLetterId = logicalIdStartingWith(json, 'IngestionDeadLetterQueue', 'AWS::SQS::Queue');
const ingestId = logicalIdStartingWith(json, 'IngestionIngestFunction', 'AWS::Lambda::Function');
const ingest = json.Resources[ingestId]?.Properties ?? {};
const queue = json.Resources[queueId]?.Properties ?? {};

describe('the upload queue', () => {
  it("receives the raw bucket's object-created events under incoming/ and nothing else", () => {
    const [[, notifications]] = resourcesOfType(json, 'Custom::S3BucketNotifications') as [
      [string, Record<string, unknown>],
    ];
    expect(notifications.BucketName).toEqual({ Ref: logicalIdStartingWith(json, 'StorageRaw', 'AWS::S3::Bucket') });
    expect(notifications.NotificationConfiguration).toEqual({
      QueueConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } },
          QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        },
      ],
    });
  });

  it('lets only S3, for the raw bucket, send to it, and only over TLS', () => {
    const policy = resourcesOfType(json, 'AWS::SQS::QueuePolicy').find(([, properties]) =>
      JSON.stringify(properties.Queues).includes(queueId),
    )?.[1];
    const statements = (policy!.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const allow = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0]).toMatchObject({
      Principal: { Service: 's3.amazonaws.com' },
      Condition: {
        ArnLike: {
          'aws:SourceArn': { 'Fn::GetAtt': [logicalIdStartingWith(json, 'StorageRaw', 'AWS::S3::Bucket'), 'Arn'] },
        },
      },
    });
  });

  it('moves a message to the dead-letter queue after five receives', () => {
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterId, 'Arn'] },
      maxReceiveCount: 5,
    });
    expect(json.Resources[deadLetterId]?.Properties?.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('hides a message for six function timeouts while it is processed', () => {
    expect(ingest.Timeout).toBe(300);
    expect(queue.VisibilityTimeout).toBe(6 * 300);
  });

  it('encrypts both queues', () => {
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(json.Resources[deadLetterId]?.Properties?.SqsManagedSseEnabled).toBe(true);
  });
});

describe('the ingest function', () => {
  it("runs Node 24 on x86_64 with the bundle's handler, its configuration and source maps", () => {
    expect(ingest).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['x86_64'],
      Handler: 'index.handler',
      MemorySize: 2048,
      EphemeralStorage: { Size: 2048 },
      ReservedConcurrentExecutions: 5,
    });
    expect((ingest.Environment as { Variables: Record<string, unknown> }).Variables).toEqual({
      RAW_BUCKET: { Ref: logicalIdStartingWith(json, 'StorageRaw', 'AWS::S3::Bucket') },
      WAREHOUSE_BUCKET: { Ref: logicalIdStartingWith(json, 'StorageWarehouse', 'AWS::S3::Bucket') },
      POWERTOOLS_SERVICE_NAME: 'provstat-ingest',
      POWERTOOLS_METRICS_NAMESPACE: 'provstat',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('consumes the queue in batches of five with partial batch responses, at most five at a time', () => {
    const [[, mapping]] = resourcesOfType(json, 'AWS::Lambda::EventSourceMapping') as [
      [string, Record<string, unknown>],
    ];
    expect(mapping).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: ingestId },
      BatchSize: 5,
      MaximumBatchingWindowInSeconds: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('is granted exactly: its logs, the queue, reading uploads, writing receipts, its warehouse prefixes', () => {
    const roleId = logicalIdStartingWith(json, 'IngestionIngestRole', 'AWS::IAM::Role');
    const raw = `arn:aws:s3:::${logicalIdStartingWith(json, 'StorageRaw', 'AWS::S3::Bucket')}`;
    const warehouse = `arn:aws:s3:::${logicalIdStartingWith(json, 'StorageWarehouse', 'AWS::S3::Bucket')}`;
    const prefixes = ['facts/', 'rejections/', 'ingestions/', 'reference/'];
    expect(
      roleStatements(json, roleId).map(({ Sid, Effect, Action, Resource, Condition }) => ({
        Sid,
        Effect,
        Action,
        Resource,
        Condition,
      })),
    ).toEqual([
      {
        Sid: undefined,
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [`${logicalIdStartingWith(json, 'IngestionIngestLogs')}.Arn`],
        Condition: undefined,
      },
      {
        Sid: undefined,
        Effect: 'Allow',
        Action: [
          'sqs:ReceiveMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueUrl',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
        ],
        Resource: [`${queueId}.Arn`],
        Condition: undefined,
      },
      {
        Sid: 'ReadUploads',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: [`${raw}/incoming/*`],
        Condition: undefined,
      },
      {
        Sid: 'WriteReceipts',
        Effect: 'Allow',
        Action: ['s3:PutObject'],
        Resource: [`${raw}/receipts/*`],
        Condition: undefined,
      },
      {
        Sid: 'ListUploads',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [raw],
        Condition: { StringLikeIfExists: { 's3:prefix': ['incoming/*'] } },
      },
      {
        Sid: 'ReadWriteWarehouse',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: prefixes.map((prefix) => `${warehouse}/${prefix}*`),
        Condition: undefined,
      },
      {
        Sid: 'ListWarehouse',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [warehouse],
        Condition: { StringLikeIfExists: { 's3:prefix': prefixes.map((prefix) => `${prefix}*`) } },
      },
    ]);
    expect(json.Resources[roleId]?.Properties?.ManagedPolicyArns).toBeUndefined();
  });

  it('can leave every function without reserved concurrency, for accounts at the default limit', () => {
    const reserved = resourcesOfType(json, 'AWS::Lambda::Function')
      .filter(([, properties]) => properties.ReservedConcurrentExecutions !== undefined)
      .map(([id, properties]) => [id.replace(/[0-9A-F]{8}$/, ''), properties.ReservedConcurrentExecutions]);
    expect(reserved).toEqual([
      ['IngestionIngestFunction', 5],
      ['RollupFunction', 1],
    ]);
    const { json: unreserved } = synthesizeStack({ 'provstat:ingestReservedConcurrency': 'none' });
    const functions = resourcesOfType(unreserved, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(2);
    for (const [id, properties] of functions) expect(properties.ReservedConcurrentExecutions, id).toBeUndefined();
    const [[, mapping]] = resourcesOfType(unreserved, 'AWS::Lambda::EventSourceMapping') as [
      [string, Record<string, unknown>],
    ];
    expect(mapping.ScalingConfig).toBeUndefined();
  });

  it('runs both functions on a Lambda runtime that is not deprecated', () => {
    for (const prefix of ['IngestionIngestFunction', 'RollupFunction']) {
      const id = logicalIdStartingWith(json, prefix, 'AWS::Lambda::Function');
      const runtime = String(json.Resources[id]?.Properties?.Runtime);
      expect(runtime, prefix).toMatch(/^nodejs\d+\.x$/);
      expect(Number(/\d+/.exec(runtime)?.[0]), prefix).toBeGreaterThanOrEqual(22);
    }
  });
});

describe('the alarms', () => {
  const alarms = resourcesOfType(json, 'AWS::CloudWatch::Alarm').map(([, properties]) => properties);
  const topicId = logicalIdStartingWith(json, 'AlarmsTopic', 'AWS::SNS::Topic');

  it("watch the dead-letter queue, ingest and rollup errors and the queue's age, and notify the topic", () => {
    const watched = alarms.map((alarm) => `${alarm.Namespace}:${alarm.MetricName}:${JSON.stringify(alarm.Dimensions)}`);
    expect(watched).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^AWS/SQS:ApproximateNumberOfMessagesVisible:.*${deadLetterId}`)),
        expect.stringMatching(new RegExp(`^AWS/Lambda:Errors:.*${ingestId}`)),
        expect.stringMatching(new RegExp(`^AWS/SQS:ApproximateAgeOfOldestMessage:.*${queueId}`)),
        expect.stringMatching(/^AWS\/Lambda:Errors:.*RollupFunction/),
      ]),
    );
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    const dlq = alarms.find((alarm) => alarm.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(dlq).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('go to a topic encrypted with a key CloudWatch may use, subscribed from context', () => {
    expect(json.Resources[topicId]?.Properties?.KmsMasterKeyId).toEqual({
      'Fn::GetAtt': [logicalIdStartingWith(json, 'AlarmsKey', 'AWS::KMS::Key'), 'Arn'],
    });
    const key = JSON.stringify(resourcesOfType(json, 'AWS::KMS::Key')[0]?.[1].KeyPolicy);
    expect(key).toContain('cloudwatch.amazonaws.com');
    expect(resourcesOfType(json, 'AWS::SNS::Subscription')).toHaveLength(0);
    const { json: subscribed } = synthesizeStack({ 'provstat:alarmEmail': 'ops@example.org' });
    expect(resourcesOfType(subscribed, 'AWS::SNS::Subscription').map(([, properties]) => properties)).toEqual([
      expect.objectContaining({ Protocol: 'email', Endpoint: 'ops@example.org' }),
    ]);
  });
});
