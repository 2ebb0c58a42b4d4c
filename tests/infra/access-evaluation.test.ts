/**
 * Who may do what, proved by evaluation: every row is a request (caller, action, resource,
 * context) that a maintained IAM policy simulator decides from the synthesized template's own
 * policies, identity and resource-based, resolved to concrete ARNs of a fake account.
 */
import { describe, expect, it } from 'vitest';
import { currentProvinces } from '../../infra/constructs/province-access.js';
import { AccessModel, type AccessRequest, type Caller } from './access-model.js';
import { synthesizeStack } from './stack-fixture.js';

const { json, stack } = synthesizeStack();
const model = new AccessModel(json, stack.stackName);
const { arns } = model;
const DATABASE = stack.catalog.databaseName;
const WORKGROUP = stack.workgroup.workGroupName;

const BUCKETS = {
  raw: arns.arn(arns.logicalId('StorageRaw', 'AWS::S3::Bucket')),
  warehouse: arns.arn(arns.logicalId('StorageWarehouse', 'AWS::S3::Bucket')),
  reports: arns.arn(arns.logicalId('StorageReports', 'AWS::S3::Bucket')),
  results: arns.arn(arns.logicalId('StorageAthenaResults', 'AWS::S3::Bucket')),
  logs: arns.arn(arns.logicalId('StorageAccessLogs', 'AWS::S3::Bucket')),
} as const;
const regional = (service: string, rest: string) => `arn:aws:${service}:${arns.region}:${arns.account}:${rest}`;

/**
 * A resource named as a reader would: `raw/incoming/VN-22/a.csv` (an object), `bucket:raw`,
 * `workgroup:provstat`, `glue:table/provstat/facts`, `queue:upload`, `topic:alarms`, `key:alarms`,
 * `logs:ingest`, `function:rollup`, or `*`.
 */
function resourceArn(label: string): string {
  if (label === '*') return '*';
  const [kind, rest = ''] = label.split(/:(.*)/s) as [string, string?];
  if (!label.includes(':')) {
    const [bucket, ...key] = label.split('/');
    return `${BUCKETS[bucket as keyof typeof BUCKETS]}/${key.join('/')}`;
  }
  switch (kind) {
    case 'bucket':
      return BUCKETS[rest as keyof typeof BUCKETS];
    case 'workgroup':
      return regional('athena', `workgroup/${rest}`);
    case 'datacatalog':
      return regional('athena', `datacatalog/${rest}`);
    case 'glue':
      return regional('glue', rest);
    case 'queue':
      return arns.arn(
        arns.logicalId(rest === 'upload' ? 'IngestionQueue' : 'IngestionDeadLetterQueue', 'AWS::SQS::Queue'),
      );
    case 'topic':
      return arns.arn(arns.logicalId('AlarmsTopic', 'AWS::SNS::Topic'));
    case 'key':
      return arns.arn(arns.logicalId('AlarmsKey', 'AWS::KMS::Key'));
    case 'logs': {
      const group = arns
        .arn(arns.logicalId(rest === 'ingest' ? 'IngestionIngestLogs' : 'RollupLogs', 'AWS::Logs::LogGroup'))
        .replace(/:\*$/, '');
      return `${group}:log-stream:2025/07/01/[$LATEST]0123456789abcdef`;
    }
    case 'function':
      return arns.arn(
        arns.logicalId(rest === 'rollup' ? 'RollupFunction' : 'IngestionIngestFunction', 'AWS::Lambda::Function'),
      );
    default:
      throw new Error(`unknown resource label ${label}`);
  }
}

const CALLERS = {
  province: (code: string): Caller => ({
    role: arns.logicalId(`AccessUpload${code.replace('-', '')}`, 'AWS::IAM::Role'),
  }),
  ingest: { role: arns.logicalId('IngestionIngestRole', 'AWS::IAM::Role') } as Caller,
  rollup: { role: arns.logicalId('RollupRole', 'AWS::IAM::Role') } as Caller,
  analyst: { role: arns.logicalId('AccessAnalyst', 'AWS::IAM::Role') } as Caller,
  schedule: { role: arns.logicalId('RollupScheduleRole', 'AWS::IAM::Role') } as Caller,
  cloudwatch: { service: 'cloudwatch.amazonaws.com' } as Caller,
  stranger: { arn: 'arn:aws:iam::222222222222:root' } as Caller,
};

interface Row {
  readonly who: string;
  readonly caller: Caller;
  readonly expected: 'allow' | 'deny';
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
}

const row = (
  who: keyof typeof CALLERS | `province ${string}`,
  expected: Row['expected'],
  action: string,
  resource: string,
  context?: Row['context'],
): Row => ({
  who,
  expected,
  action,
  resource,
  context,
  caller: who.startsWith('province ')
    ? CALLERS.province(who.slice('province '.length))
    : CALLERS[who as Exclude<keyof typeof CALLERS, 'province'>],
});
const describeRow = ({ who, expected, action, resource, context }: Row) =>
  `${who} ${expected} ${action} ${resource}${context ? ` ${JSON.stringify(context)}` : ''}`;
const requestOf = (entry: Row): AccessRequest => ({
  caller: entry.caller,
  action: entry.action,
  resource: resourceArn(entry.resource),
  context: entry.context,
});
const NO_PREFIX = undefined;
const prefix = (value: string) => ({ 's3:prefix': value });
const RECEIPT = 'receipts/VN-22/2025Q3/bao-cao-quy-3.csv';
const UPLOAD = 'incoming/VN-22/2025Q3/bao-cao-quy-3.csv';
const FACTS = 'facts/year=2025/quarter=3/province=VN-22/0a1b.parquet';
const alarmArn = arns.arn(arns.logicalId('IngestionDeadLetterAlarm', 'AWS::CloudWatch::Alarm'));
const ownAlarm = { 'aws:SourceAccount': arns.account, 'aws:SourceArn': alarmArn };
const foreignAlarm = {
  'aws:SourceAccount': '222222222222',
  'aws:SourceArn': 'arn:aws:cloudwatch:ap-southeast-1:222222222222:alarm:theirs',
};

const ROWS: Row[] = [
  // A province uploads under its own folder and reads its own receipts; nothing else.
  row('province VN-22', 'allow', 's3:PutObject', `raw/${UPLOAD}`),
  row('province VN-22', 'deny', 's3:PutObject', 'raw/incoming/VN-01/2025Q3/bao-cao.csv'),
  row('province VN-22', 'deny', 's3:PutObject', 'raw/incoming/VN-220/2025Q3/bao-cao.csv'),
  row('province VN-22', 'deny', 's3:PutObject', `raw/${UPLOAD}`, { 'aws:SecureTransport': 'false' }),
  row('province VN-22', 'allow', 's3:GetObject', `raw/${RECEIPT}.json`),
  row('province VN-22', 'allow', 's3:GetObject', `raw/${RECEIPT}.csv`),
  row('province VN-22', 'deny', 's3:GetObject', 'raw/receipts/VN-01/2025Q3/bao-cao.csv.json'),
  row('province VN-22', 'deny', 's3:PutObject', `raw/${RECEIPT}.json`),
  row('province VN-22', 'deny', 's3:GetObjectVersion', `raw/${RECEIPT}.json`),
  row('province VN-22', 'deny', 's3:GetObject', `raw/${UPLOAD}`),
  row('province VN-22', 'deny', 's3:DeleteObject', `raw/${UPLOAD}`),
  row('province VN-22', 'deny', 's3:DeleteObjectVersion', `raw/${UPLOAD}`),
  row('province VN-22', 'deny', 's3:DeleteObject', `raw/${RECEIPT}.json`),
  row('province VN-22', 'deny', 's3:PutObjectAcl', `raw/${UPLOAD}`),
  row('province VN-22', 'deny', 's3:ListBucket', 'bucket:raw', NO_PREFIX),
  row('province VN-22', 'deny', 's3:ListBucket', 'bucket:raw', prefix('receipts/VN-22/')),
  row('province VN-22', 'deny', 's3:ListBucket', 'bucket:raw', prefix('incoming/VN-22/')),
  row('province VN-22', 'deny', 's3:PutBucketPolicy', 'bucket:raw'),
  row('province VN-22', 'deny', 's3:GetObject', `warehouse/${FACTS}`),
  row('province VN-22', 'deny', 's3:PutObject', `warehouse/${FACTS}`),
  row('province VN-22', 'deny', 's3:GetObject', 'reports/reports/2025Q3/index.html'),
  row('province VN-22', 'deny', 'athena:StartQueryExecution', `workgroup:${WORKGROUP}`),

  // The ingest function reads uploads, writes receipts and its warehouse prefixes, and can tell a missing key.
  row('ingest', 'allow', 's3:GetObject', `raw/${UPLOAD}`),
  row('ingest', 'allow', 's3:GetObjectVersion', `raw/${UPLOAD}`),
  row('ingest', 'allow', 's3:ListBucket', 'bucket:raw', NO_PREFIX),
  row('ingest', 'deny', 's3:ListBucket', 'bucket:raw', prefix('receipts/')),
  row('ingest', 'allow', 's3:PutObject', `raw/${RECEIPT}.json`),
  row('ingest', 'allow', 's3:PutObject', `raw/${RECEIPT}.csv`),
  row('ingest', 'deny', 's3:GetObject', `raw/${RECEIPT}.json`),
  row('ingest', 'deny', 's3:PutObject', `raw/${UPLOAD}`),
  row('ingest', 'deny', 's3:DeleteObject', `raw/${UPLOAD}`),
  row('ingest', 'allow', 's3:ListBucket', 'bucket:warehouse', NO_PREFIX),
  row('ingest', 'allow', 's3:ListBucket', 'bucket:warehouse', prefix('facts/')),
  row('ingest', 'deny', 's3:ListBucket', 'bucket:warehouse', prefix('elsewhere/')),
  row('ingest', 'allow', 's3:GetObject', 'warehouse/ingestions/0a1b.json'),
  row('ingest', 'allow', 's3:PutObject', 'warehouse/ingestions/0a1b.json'),
  row('ingest', 'allow', 's3:PutObject', `warehouse/${FACTS}`),
  row('ingest', 'allow', 's3:PutObject', 'warehouse/rejections/year=2025/quarter=3/province=VN-22/0a1b.parquet'),
  row('ingest', 'allow', 's3:GetObject', 'warehouse/reference/stamp.json'),
  row('ingest', 'allow', 's3:PutObject', 'warehouse/reference/provinces/provinces.parquet'),
  row('ingest', 'deny', 's3:PutObject', 'warehouse/elsewhere/x'),
  row('ingest', 'deny', 's3:DeleteObject', `warehouse/${FACTS}`),
  row('ingest', 'deny', 's3:PutObject', 'reports/reports/2025Q3/index.html'),
  row('ingest', 'allow', 'sqs:ReceiveMessage', 'queue:upload'),
  row('ingest', 'allow', 'sqs:DeleteMessage', 'queue:upload'),
  row('ingest', 'allow', 'sqs:ChangeMessageVisibility', 'queue:upload'),
  row('ingest', 'deny', 'sqs:SendMessage', 'queue:upload'),
  row('ingest', 'deny', 'sqs:ReceiveMessage', 'queue:dead-letter'),
  row('ingest', 'allow', 'logs:PutLogEvents', 'logs:ingest'),
  row('ingest', 'deny', 'logs:PutLogEvents', 'logs:rollup'),
  row('ingest', 'deny', 'athena:StartQueryExecution', `workgroup:${WORKGROUP}`),

  // The rollup runs its queries on Athena (which acts with the rollup's permissions) and writes reports.
  ...[
    'athena:StartQueryExecution',
    'athena:GetQueryExecution',
    'athena:GetQueryResults',
    'athena:StopQueryExecution',
  ].map((action) => row('rollup', 'allow', action, `workgroup:${WORKGROUP}`)),
  row('rollup', 'deny', 'athena:StartQueryExecution', 'workgroup:primary'),
  row('rollup', 'deny', 'athena:ListWorkGroups', '*'),
  ...['glue:GetDatabase'].flatMap((action) =>
    ['catalog', `database/${DATABASE}`, 'database/default'].map((glue) =>
      row('rollup', 'allow', action, `glue:${glue}`),
    ),
  ),
  ...['facts', 'facts_parquet', 'rejections_parquet', 'metric_catalog_parquet', 'provinces'].map((table) =>
    row('rollup', 'allow', 'glue:GetTable', `glue:table/${DATABASE}/${table}`),
  ),
  row('rollup', 'allow', 'glue:GetPartitions', `glue:table/${DATABASE}/facts_parquet`),
  row('rollup', 'deny', 'glue:GetTable', 'glue:table/other/secrets'),
  row('rollup', 'deny', 'glue:UpdateTable', `glue:table/${DATABASE}/facts_parquet`),
  row('rollup', 'deny', 'glue:CreateTable', `glue:table/${DATABASE}/extra`),
  row('rollup', 'allow', 's3:GetObject', `warehouse/${FACTS}`),
  row('rollup', 'allow', 's3:GetObject', 'warehouse/reference/provinces/provinces.parquet'),
  row('rollup', 'allow', 's3:ListBucket', 'bucket:warehouse', prefix('facts/year=2025/quarter=3/')),
  row('rollup', 'deny', 's3:GetObject', 'warehouse/ingestions/0a1b.json'),
  row('rollup', 'deny', 's3:PutObject', `warehouse/${FACTS}`),
  row('rollup', 'allow', 's3:GetBucketLocation', 'bucket:results'),
  row('rollup', 'allow', 's3:PutObject', 'results/query-results/1c2d.csv'),
  row('rollup', 'allow', 's3:GetObject', 'results/query-results/1c2d.csv'),
  row('rollup', 'allow', 's3:PutObject', 'reports/reports/2025Q3/index.html'),
  row('rollup', 'deny', 's3:GetObject', 'reports/reports/2025Q3/index.html'),
  row('rollup', 'deny', 's3:DeleteObject', 'reports/reports/2025Q3/index.html'),
  row('rollup', 'deny', 's3:PutObject', 'reports/elsewhere/index.html'),
  row('rollup', 'deny', 's3:GetObject', `raw/${UPLOAD}`),
  row('rollup', 'allow', 'logs:PutLogEvents', 'logs:rollup'),

  // The analyst queries end to end, from the Athena console or a laptop, and writes nothing but results.
  ...[
    'athena:StartQueryExecution',
    'athena:GetQueryExecution',
    'athena:GetQueryResults',
    'athena:StopQueryExecution',
    'athena:GetWorkGroup',
    'athena:ListNamedQueries',
    'athena:GetNamedQuery',
    'athena:ListQueryExecutions',
  ].map((action) => row('analyst', 'allow', action, `workgroup:${WORKGROUP}`)),
  ...['athena:ListWorkGroups', 'athena:ListDataCatalogs'].map((action) => row('analyst', 'allow', action, '*')),
  ...[
    'athena:GetDataCatalog',
    'athena:ListDatabases',
    'athena:GetDatabase',
    'athena:ListTableMetadata',
    'athena:GetTableMetadata',
  ].map((action) => row('analyst', 'allow', action, 'datacatalog:AwsDataCatalog')),
  row('analyst', 'deny', 'athena:StartQueryExecution', 'workgroup:primary'),
  row('analyst', 'deny', 'athena:UpdateWorkGroup', `workgroup:${WORKGROUP}`),
  ...['glue:GetDatabases', 'glue:GetDatabase', 'glue:GetTables', 'glue:GetTable', 'glue:GetPartitions'].map((action) =>
    row('analyst', 'allow', action, 'glue:catalog'),
  ),
  ...['glue:GetDatabases', 'glue:GetDatabase', 'glue:GetTables', 'glue:GetTable', 'glue:GetPartitions'].map((action) =>
    row('analyst', 'allow', action, `glue:database/${DATABASE}`),
  ),
  row('analyst', 'allow', 'glue:GetDatabase', 'glue:database/default'),
  ...['glue:GetTables', 'glue:GetTable', 'glue:GetPartitions'].flatMap((action) =>
    ['facts', 'metrics', 'facts_parquet', 'rejections_parquet'].map((table) =>
      row('analyst', 'allow', action, `glue:table/${DATABASE}/${table}`),
    ),
  ),
  row('analyst', 'deny', 'glue:GetTable', 'glue:table/other/secrets'),
  ...['glue:UpdateTable', 'glue:DeleteTable', 'glue:CreateTable', 'glue:BatchCreatePartition'].map((action) =>
    row('analyst', 'deny', action, `glue:table/${DATABASE}/facts_parquet`),
  ),
  row('analyst', 'deny', 'glue:CreateDatabase', 'glue:database/analyst_scratch'),
  row('analyst', 'deny', 'glue:DeleteDatabase', `glue:database/${DATABASE}`),
  row('analyst', 'allow', 's3:GetObject', `warehouse/${FACTS}`),
  row('analyst', 'allow', 's3:GetObject', 'warehouse/rejections/year=2025/quarter=3/province=VN-22/0a1b.parquet'),
  row('analyst', 'allow', 's3:GetObject', 'warehouse/reference/metrics/metrics.parquet'),
  row('analyst', 'allow', 's3:ListBucket', 'bucket:warehouse', prefix('facts/year=2025/')),
  row('analyst', 'allow', 's3:GetBucketLocation', 'bucket:warehouse'),
  row('analyst', 'deny', 's3:GetObject', 'warehouse/ingestions/0a1b.json'),
  ...['s3:PutObject', 's3:DeleteObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload'].map((action) =>
    row('analyst', 'deny', action, `warehouse/${FACTS}`),
  ),
  row('analyst', 'deny', 's3:PutObject', 'warehouse/reference/provinces/provinces.parquet'),
  row('analyst', 'deny', 's3:PutBucketPolicy', 'bucket:warehouse'),
  row('analyst', 'allow', 's3:PutObject', 'results/query-results/1c2d.csv'),
  row('analyst', 'allow', 's3:GetObject', 'results/query-results/1c2d.csv'),
  row('analyst', 'allow', 's3:AbortMultipartUpload', 'results/query-results/1c2d.csv'),
  row('analyst', 'allow', 's3:ListBucket', 'bucket:results', prefix('query-results/')),
  row('analyst', 'allow', 's3:GetBucketLocation', 'bucket:results'),
  row('analyst', 'deny', 's3:PutObject', 'results/elsewhere/1c2d.csv'),
  row('analyst', 'allow', 's3:GetObject', 'reports/reports/2025Q3/index.html'),
  row('analyst', 'deny', 's3:PutObject', 'reports/reports/2025Q3/index.html'),
  row('analyst', 'deny', 's3:GetObject', `raw/${UPLOAD}`),
  row('analyst', 'deny', 's3:GetObject', `raw/${RECEIPT}.json`),

  // The schedule invokes the rollup and nothing else.
  row('schedule', 'allow', 'lambda:InvokeFunction', 'function:rollup'),
  row('schedule', 'deny', 'lambda:InvokeFunction', 'function:ingest'),

  // CloudWatch alarms of this account notify the encrypted topic; nobody else publishes.
  row('cloudwatch', 'allow', 'sns:Publish', 'topic:alarms', ownAlarm),
  row('cloudwatch', 'deny', 'sns:Publish', 'topic:alarms', foreignAlarm),
  row('cloudwatch', 'deny', 'sns:Publish', 'topic:alarms', { ...ownAlarm, 'aws:SecureTransport': 'false' }),
  row('cloudwatch', 'allow', 'kms:GenerateDataKey', 'key:alarms', ownAlarm),
  row('cloudwatch', 'allow', 'kms:Decrypt', 'key:alarms', ownAlarm),
  row('cloudwatch', 'deny', 'kms:Encrypt', 'key:alarms', ownAlarm),
  row('stranger', 'deny', 'sns:Publish', 'topic:alarms'),
  row('stranger', 'deny', 'kms:Decrypt', 'key:alarms'),
  row('stranger', 'deny', 's3:PutObject', `raw/${UPLOAD}`),
];

describe("the stack's access rules, evaluated", () => {
  it.each(ROWS.map((entry) => [describeRow(entry), entry] as const))('%s', async (_, entry) => {
    const decision = await model.evaluate(requestOf(entry));
    expect(decision === 'Allowed' ? 'allow' : 'deny').toBe(entry.expected);
  });

  it('keep every province to its own folders, for all 34 provinces', async () => {
    const provinces = currentProvinces().map((province) => province.code);
    expect(provinces).toHaveLength(34);
    const wrong: string[] = [];
    for (const code of provinces) {
      for (const other of provinces) {
        const own = code === other;
        const cases: Row[] = [
          row(`province ${code}`, own ? 'allow' : 'deny', 's3:PutObject', `raw/incoming/${other}/2025Q3/bao-cao.csv`),
          row(
            `province ${code}`,
            own ? 'allow' : 'deny',
            's3:GetObject',
            `raw/receipts/${other}/2025Q3/bao-cao.csv.json`,
          ),
        ];
        for (const entry of cases) {
          const decision = await model.evaluate(requestOf(entry));
          if ((decision === 'Allowed') !== (entry.expected === 'allow')) wrong.push(describeRow(entry));
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("the stack's policies", () => {
  it('give no role a wildcard action: every action is named', () => {
    const wildcards = model.allRoleStatements().flatMap(({ roleId, statement }) => {
      const actions = [statement.Action ?? [], statement.NotAction ?? []].flat() as string[];
      return actions.filter((action) => action.includes('*')).map((action) => `${roleId}: ${action}`);
    });
    expect(wildcards).toEqual([]);
  });

  it('use no NotAction, NotResource or NotPrincipal in any role', () => {
    const negations = model
      .allRoleStatements()
      .filter(({ statement }) => 'NotAction' in statement || 'NotResource' in statement || 'NotPrincipal' in statement);
    expect(negations).toEqual([]);
  });
});
