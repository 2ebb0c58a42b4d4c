import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePrestoView } from '../../infra/catalog/athena-views.js';
import { loadProvinceUnits } from '../../pipelines/reference/provinces.js';
import { FACT_COLUMNS, PARTITION_COLUMNS, REJECTION_COLUMNS } from '../../pipelines/warehouse/table-columns.js';
import { VIEW_NAMES } from '../../pipelines/warehouse/views.js';
import { PROJECT_ROOT } from '../helpers.js';
import {
  logicalIdStartingWith,
  resolveIntrinsics,
  resourcesOfType,
  roleStatements,
  synthesizeStack,
  TEST_ACCOUNT,
} from './stack-fixture.js';

const { json } = synthesizeStack();
const warehouse = logicalIdStartingWith(json, 'StorageWarehouse', 'AWS::S3::Bucket');
type TableInput = {
  Name: string;
  TableType: string;
  Parameters: Record<string, unknown>;
  PartitionKeys?: { Name: string; Type: string }[];
  StorageDescriptor: { Location?: unknown; Columns: { Name: string; Type: string }[] };
  ViewOriginalText?: string;
};
const tables = new Map(
  resourcesOfType(json, 'AWS::Glue::Table').map(([, properties]) => {
    const input = resolveIntrinsics(json, properties.TableInput) as TableInput;
    return [input.Name, { input, databaseName: properties.DatabaseName }] as const;
  }),
);
const table = (name: string) => {
  const found = tables.get(name);
  if (!found) throw new Error(`no Glue table ${name}`);
  return found.input;
};

describe('the Glue database', () => {
  it('holds the four Parquet tables and the five views, all in database provstat', () => {
    expect([...tables.keys()].sort()).toEqual([
      'facts',
      'facts_parquet',
      'ingestions_json',
      'metric_catalog',
      'metric_catalog_parquet',
      'metrics',
      'provinces',
      'provinces_parquet',
      'rejections',
      'rejections_parquet',
    ]);
    for (const { databaseName } of tables.values()) expect(databaseName).toBe('provstat');
    expect(
      resourcesOfType(json, 'AWS::Glue::Database').map(
        ([, properties]) => (properties.DatabaseInput as { Name: string }).Name,
      ),
    ).toEqual(['provstat']);
  });
});

describe('partition projection of facts and rejections', () => {
  const codes = [...new Set(loadProvinceUnits().map((unit) => unit.code))].sort();

  for (const name of ['facts', 'rejections'] as const) {
    it(`projects ${name}_parquet over year, quarter and province as the pipeline lays them out`, () => {
      const input = table(`${name}_parquet`);
      expect(input.StorageDescriptor.Location).toBe(`s3://${warehouse}/${name}/`);
      expect(input.PartitionKeys?.map((key) => [key.Name, key.Type])).toEqual(
        PARTITION_COLUMNS.map((column) => [column.name, column.type === 'INTEGER' ? 'int' : 'string']),
      );
      const parameters = input.Parameters;
      expect(parameters['projection.enabled']).toBe('true');
      expect(parameters['storage.location.template']).toBe(
        `s3://${warehouse}/${name}/year=\${year}/quarter=\${quarter}/province=\${province}/`,
      );
      expect(parameters['projection.quarter.type']).toBe('integer');
      expect(parameters['projection.quarter.range']).toBe('0,4');
      expect(parameters['projection.year.type']).toBe('enum');
      const years = String(parameters['projection.year.values']).split(',').map(Number);
      expect(years[0]).toBe(0);
      expect(years.slice(1)).toEqual(Array.from({ length: 2099 - 2008 + 1 }, (_, index) => 2008 + index));
      expect(parameters['projection.province.type']).toBe('enum');
      expect(String(parameters['projection.province.values']).split(',')).toEqual([...codes, 'unknown']);
    });
  }

  it('ends at the last projected year given in context', () => {
    const { json: nearer } = synthesizeStack({ 'provstat:lastProjectedYear': '2040' });
    const facts = resourcesOfType(nearer, 'AWS::Glue::Table')
      .map(([, properties]) => properties.TableInput as TableInput)
      .find((input) => input.Name === 'facts_parquet');
    expect(String(facts?.Parameters['projection.year.values']).split(',').map(Number)).toEqual([
      0,
      ...Array.from({ length: 2040 - 2008 + 1 }, (_, index) => 2008 + index),
    ]);
  });

  it('covers every province code of the reference data, before and after the 2025 merger', () => {
    expect(codes).toHaveLength(63);
    expect(codes).toContain('VN-03');
    expect(codes).toContain('VN-07');
  });

  it('declares the Parquet columns in the order the pipeline writes them', () => {
    expect(table('facts_parquet').StorageDescriptor.Columns.map((column) => column.Name)).toEqual(
      FACT_COLUMNS.map((column) => column.name),
    );
    expect(table('rejections_parquet').StorageDescriptor.Columns.map((column) => column.Name)).toEqual(
      REJECTION_COLUMNS.map((column) => column.name),
    );
  });
});

describe('the reference tables', () => {
  it('each read a folder of their own, since a Glue table reads every file under its location', () => {
    expect(table('provinces_parquet').StorageDescriptor.Location).toBe(`s3://${warehouse}/reference/provinces/`);
    expect(table('metric_catalog_parquet').StorageDescriptor.Location).toBe(`s3://${warehouse}/reference/metrics/`);
  });
});

describe('the Athena views', () => {
  it('are Presto views named like the DuckDB views, resolved in the provstat database', () => {
    for (const view of VIEW_NAMES) {
      const input = table(view);
      expect(input.TableType).toBe('VIRTUAL_VIEW');
      expect(input.Parameters.presto_view).toBe('true');
      const definition = decodePrestoView(input.ViewOriginalText ?? '');
      expect(definition).toMatchObject({ catalog: 'awsdatacatalog', schema: 'provstat' });
      expect(input.StorageDescriptor.Columns.map((column) => column.Name)).toEqual(
        definition.columns.map((column) => column.name),
      );
    }
  });
});

describe('the Athena workgroup', () => {
  const [[, workGroup]] = resourcesOfType(json, 'AWS::Athena::WorkGroup') as [[string, Record<string, unknown>]];
  const results = logicalIdStartingWith(json, 'StorageAthenaResults', 'AWS::S3::Bucket');

  it('enforces encrypted results in the results bucket, a scan cutoff, CloudWatch metrics and engine 3', () => {
    expect(resolveIntrinsics(json, workGroup)).toMatchObject({
      Name: 'provstat',
      State: 'ENABLED',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 1024 ** 3,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          OutputLocation: `s3://${results}/query-results/`,
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          ExpectedBucketOwner: TEST_ACCOUNT,
        },
      },
    });
  });

  it('takes the scan cutoff from context in megabytes', () => {
    const { json: custom } = synthesizeStack({ 'provstat:bytesScannedCutoffMb': '100' });
    const [[, custom_workgroup]] = resourcesOfType(custom, 'AWS::Athena::WorkGroup') as [
      [string, { WorkGroupConfiguration: { BytesScannedCutoffPerQuery: number } }],
    ];
    expect(custom_workgroup.WorkGroupConfiguration.BytesScannedCutoffPerQuery).toBe(100 * 1024 * 1024);
  });

  it('saves every queries/*.sql file as a named query in the workgroup and database', () => {
    const files = readdirSync(join(PROJECT_ROOT, 'queries'))
      .filter((file) => file.endsWith('.sql'))
      .sort();
    const named = resourcesOfType(json, 'AWS::Athena::NamedQuery').map(
      ([, properties]) => properties as { Name: string; Database: string; WorkGroup: unknown; QueryString: string },
    );
    expect(named.map((query) => query.Name).sort()).toEqual(files.map((file) => file.replace(/\.sql$/, '')).sort());
    for (const file of files) {
      const query = named.find((candidate) => candidate.Name === file.replace(/\.sql$/, ''));
      expect(query?.QueryString).toBe(
        readFileSync(join(PROJECT_ROOT, 'queries', file), 'utf8')
          .trim()
          .replace(/;\s*$/, ''),
      );
      expect(query?.Database).toBe('provstat');
      expect(query?.WorkGroup).toEqual({
        Ref: logicalIdStartingWith(json, 'AthenaWorkGroup', 'AWS::Athena::WorkGroup'),
      });
    }
  });
});

describe('the rollup', () => {
  const [[, schedule]] = resourcesOfType(json, 'AWS::Scheduler::Schedule') as [[string, Record<string, unknown>]];
  const rollupId = logicalIdStartingWith(json, 'RollupFunction', 'AWS::Lambda::Function');

  it('runs at 08:00 Ho Chi Minh time on the 15th day after each quarter ends, with retries', () => {
    expect(schedule).toMatchObject({
      ScheduleExpression: 'cron(0 8 15 1,4,7,10 ? *)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [rollupId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } },
    });
  });

  it('takes another schedule and time zone from context, and refuses a malformed one', () => {
    const { json: custom } = synthesizeStack({
      'provstat:rollupSchedule': 'cron(0 9 20 1,4,7,10 ? *)',
      'provstat:rollupTimeZone': 'UTC',
    });
    const [[, customSchedule]] = resourcesOfType(custom, 'AWS::Scheduler::Schedule') as [
      [string, Record<string, unknown>],
    ];
    expect(customSchedule).toMatchObject({
      ScheduleExpression: 'cron(0 9 20 1,4,7,10 ? *)',
      ScheduleExpressionTimezone: 'UTC',
    });
    expect(() => synthesizeStack({ 'provstat:rollupSchedule': '0 8 15 * *' })).toThrow(/provstat:rollupSchedule/);
    expect(() => synthesizeStack({ 'provstat:rollupTimeZone': 'Asia/Hanoi City' })).toThrow(/provstat:rollupTimeZone/);
  });

  it('is configured for its workgroup, database and buckets', () => {
    const variables = (json.Resources[rollupId]!.Properties!.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(variables).toEqual({
      WAREHOUSE_BUCKET: { Ref: warehouse },
      REPORTS_BUCKET: { Ref: logicalIdStartingWith(json, 'StorageReports', 'AWS::S3::Bucket') },
      ATHENA_WORKGROUP: 'provstat',
      GLUE_DATABASE: 'provstat',
      POWERTOOLS_SERVICE_NAME: 'provstat-rollup',
      POWERTOOLS_METRICS_NAMESPACE: 'provstat',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('is granted Athena in its workgroup, catalog and warehouse reads, results and reports/ writes, and nothing more', () => {
    const statements = roleStatements(json, logicalIdStartingWith(json, 'RollupRole', 'AWS::IAM::Role'));
    const actions = statements.flatMap((statement) => statement.Action).sort();
    expect(actions).toEqual([
      'athena:GetQueryExecution',
      'athena:GetQueryResults',
      'athena:StartQueryExecution',
      'athena:StopQueryExecution',
      'glue:CreateDatabase',
      'glue:GetDatabase',
      'glue:GetDatabase',
      'glue:GetPartitions',
      'glue:GetTable',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:AbortMultipartUpload',
      's3:GetBucketLocation',
      's3:GetObject',
      's3:GetObject',
      's3:ListBucket',
      's3:ListBucket',
      's3:ListBucketMultipartUploads',
      's3:ListMultipartUploadParts',
      's3:PutObject',
      's3:PutObject',
    ]);
    const reports = `arn:aws:s3:::${logicalIdStartingWith(json, 'StorageReports', 'AWS::S3::Bucket')}`;
    expect(statements.find((statement) => statement.Sid === 'WriteReports')?.Resource).toEqual([
      `${reports}/reports/*`,
    ]);
    expect(statements.find((statement) => statement.Sid === 'RunQueries')?.Resource).toEqual([
      `arn:aws:athena:ap-southeast-1:${TEST_ACCOUNT}:workgroup/provstat`,
    ]);
    expect(statements.every((statement) => statement.Resource.every((resource) => resource !== '*'))).toBe(true);
  });
});
