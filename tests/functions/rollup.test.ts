/**
 * The rollup handler end to end: Athena is the loopback double (running the same SQL on DuckDB
 * over the samples' warehouse), the reports bucket is a real S3-compatible server. The report it
 * writes must be the one `provstat rollup` writes from the same warehouse.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { writeRollup } from '../../cli/commands/rollup.js';
import { parsePeriod } from '../../pipelines/period.js';
import { bundleFunction } from '../../scripts/bundle-functions.mjs';
import { makeTemporaryFolder, removeFolder, SAMPLE_SOURCES } from '../helpers.js';
import { startAthenaDouble, type AthenaDouble } from '../support/athena-double.js';
import { startLambdaProcess, type LambdaProcess } from '../support/lambda-process.js';
import { lambdaContext, listBucket, startS3Server, type S3TestServer } from '../support/s3-server.js';

const REPORTS_BUCKET = 'provstat-reports';

let folder: string;
let s3: S3TestServer;
let athena: AthenaDouble;
let handler: typeof import('../../functions/rollup.js')['handler'];
let periodOfEvent: typeof import('../../functions/rollup.js')['periodOfEvent'];
let ATHENA_STOP_MARGIN_MS: number;

beforeAll(async () => {
  folder = await makeTemporaryFolder('provstat-rollup-fn-');
  await ingestPaths(SAMPLE_SOURCES, { warehouse: join(folder, 'warehouse') });
  s3 = await startS3Server([REPORTS_BUCKET]);
  athena = await startAthenaDouble({ warehouse: join(folder, 'warehouse'), pageSize: 50 });
  Object.assign(process.env, athena.environment, s3.environment, {
    REPORTS_BUCKET,
    ATHENA_WORKGROUP: 'provstat',
    GLUE_DATABASE: 'provstat',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  ({ handler, periodOfEvent, ATHENA_STOP_MARGIN_MS } = await import('../../functions/rollup.js'));
}, 120_000);

afterAll(async () => {
  await athena?.stop();
  await s3?.stop();
  if (folder) await removeFolder(folder);
});

async function readReport(key: string): Promise<string> {
  const response = await s3.client.send(new GetObjectCommand({ Bucket: REPORTS_BUCKET, Key: key }));
  return response.Body!.transformToString('utf8');
}

/** The page without the line saying when and on which engine it was made. */
function withoutMeta(html: string): string {
  return html.replace(/<p class="meta">.*?<\/p>/s, '');
}

describe('the rollup handler', () => {
  it('writes the same report as provstat rollup, through Athena, to reports/<period>/', async () => {
    const outcome = await handler({ period: '2025Q2' }, lambdaContext('provstat-rollup'));
    expect(outcome).toMatchObject({
      period: '2025Q2',
      bucket: REPORTS_BUCKET,
      keys: ['reports/2025Q2/rollup.csv', 'reports/2025Q2/rollup.json', 'reports/2025Q2/index.html'],
    });
    expect(Object.keys(await listBucket(s3.client, REPORTS_BUCKET)).sort()).toEqual([
      'reports/2025Q2/index.html',
      'reports/2025Q2/rollup.csv',
      'reports/2025Q2/rollup.json',
    ]);

    const local = await writeRollup({
      period: parsePeriod('2025Q2')!,
      warehouse: join(folder, 'warehouse'),
      out: join(folder, 'local'),
      deadlineDays: 10,
      zThreshold: 3,
    });
    // Byte for byte: totals are rounded in SQL, so neither engine's order of addition shows.
    expect(await readReport('reports/2025Q2/rollup.csv')).toBe(
      readFileSync(join(folder, 'local', 'rollup.csv'), 'utf8'),
    );
    const remoteJson = JSON.parse(await readReport('reports/2025Q2/rollup.json')) as Record<string, unknown>;
    const localJson = JSON.parse(readFileSync(join(folder, 'local', 'rollup.json'), 'utf8')) as Record<string, unknown>;
    expect(remoteJson.engine).toBe('athena');
    expect({ ...remoteJson, engine: null, generated_at: null }).toEqual({
      ...localJson,
      engine: null,
      generated_at: null,
    });
    expect(withoutMeta(await readReport('reports/2025Q2/index.html'))).toBe(
      withoutMeta(readFileSync(join(folder, 'local', 'index.html'), 'utf8')),
    );
    expect(outcome.expected).toBe(local.data.completeness.filter((row) => row.expected === true).length);

    // Every query went to the workgroup and database of the configuration, with bound parameters.
    const started = athena.requests.filter((request) => request.operation === 'StartQueryExecution');
    expect(started).toHaveLength(8);
    for (const request of started)
      expect(request.body).toMatchObject({ WorkGroup: 'provstat', QueryExecutionContext: { Database: 'provstat' } });
    expect(started[0]?.body.ExecutionParameters).toEqual(["'2025Q2'", "'10'"]);
  }, 120_000);

  it('reports on the quarter that ended before the schedule fired', () => {
    expect(periodOfEvent({ time: '2025-07-15T01:00:00Z' }, new Date('2030-01-01T00:00:00Z'))).toEqual(
      parsePeriod('2025Q2'),
    );
    expect(periodOfEvent({ scheduledTime: '2026-01-15T01:00:00Z' }, new Date())).toEqual(parsePeriod('2025Q4'));
    expect(periodOfEvent({}, new Date('2026-04-15T01:00:00Z'))).toEqual(parsePeriod('2026Q1'));
    expect(periodOfEvent(null, new Date('2026-10-15T01:00:00Z'))).toEqual(parsePeriod('2026Q3'));
  });

  it('fails with the reason when Athena fails a query, and writes nothing', async () => {
    athena.script({ outcome: { state: 'FAILED', reason: 'HIVE_CANNOT_OPEN_SPLIT: Error opening Hive split' } });
    await expect(handler({ period: '2024Q4' }, lambdaContext('provstat-rollup'))).rejects.toThrow(
      /HIVE_CANNOT_OPEN_SPLIT/,
    );
    expect(
      Object.keys(await listBucket(s3.client, REPORTS_BUCKET)).some((key) => key.startsWith('reports/2024Q4/')),
    ).toBe(false);
  });

  it('stops a query still running when only the stop margin of its own timeout is left', async () => {
    athena.script({ outcome: 'NEVER' });
    const started = Date.now();
    const failure = handler({ period: '2024Q3' }, lambdaContext('provstat-rollup', ATHENA_STOP_MARGIN_MS + 400));
    await expect(failure).rejects.toMatchObject({ name: 'AthenaQueryError', kind: 'timeout' });
    // Stopped at the stop time, long before the invocation itself would have ended.
    expect(Date.now() - started).toBeLessThan(ATHENA_STOP_MARGIN_MS);
    const execution = [...athena.executions.values()].at(-1)!;
    expect(execution).toMatchObject({ stopped: true, state: 'CANCELLED' });
    const stops = athena.requests.filter(
      (request) => request.operation === 'StopQueryExecution' && request.body.QueryExecutionId === execution.id,
    );
    expect(stops).toHaveLength(1);
    const written = Object.keys(await listBucket(s3.client, REPORTS_BUCKET));
    expect(written.some((key) => key.startsWith('reports/2024Q3/'))).toBe(false);
  });

  it('starts no query when less time is left than the stop margin', async () => {
    const started = athena.executions.size;
    await expect(
      handler({ period: '2024Q3' }, lambdaContext('provstat-rollup', ATHENA_STOP_MARGIN_MS - 1)),
    ).rejects.toMatchObject({ kind: 'timeout', message: expect.stringMatching(/was not started: no time is left/) });
    expect(athena.executions.size).toBe(started);
  });

  it("rides out Athena throttling with its own client's retries", async () => {
    athena.throttle(
      { operation: 'StartQueryExecution', times: 1, error: 'TooManyRequestsException' },
      { operation: 'GetQueryExecution', times: 3 },
    );
    const outcome = await handler({ period: '2025Q2' }, lambdaContext('provstat-rollup'));
    expect(outcome.keys).toHaveLength(3);
    expect(athena.requests.filter((request) => request.throttled)).toHaveLength(4);
  }, 60_000);

  it('refuses an event with a period that is not a quarter', async () => {
    await expect(handler({ period: '2025-06' }, lambdaContext('provstat-rollup'))).rejects.toThrow(/not a quarter/);
  });
});

describe('the bundled rollup handler, loaded in plain Node', () => {
  let lambda: LambdaProcess | undefined;

  afterAll(async () => {
    await lambda?.stop();
  });

  it('carries its queries, no native binding, and writes the report through Athena to S3', async () => {
    const bundle = await bundleFunction('rollup', join(folder, 'lambda'));
    expect(bundle.files.filter((file) => file.startsWith('queries/'))).toHaveLength(10);
    expect(bundle.files.some((file) => file.startsWith('node_modules/'))).toBe(false);
    lambda = await startLambdaProcess(
      join(bundle.directory, 'index.mjs'),
      'provstat-rollup',
      {
        ...athena.environment,
        ...s3.environment,
        REPORTS_BUCKET,
        ATHENA_WORKGROUP: 'provstat',
        GLUE_DATABASE: 'provstat',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      folder,
    );
    const { result } = await lambda.invoke<{ period: string; keys: string[] }>({ time: '2025-01-15T01:00:00Z' });
    expect(result).toMatchObject({
      period: '2024Q4',
      keys: ['reports/2024Q4/rollup.csv', 'reports/2024Q4/rollup.json', 'reports/2024Q4/index.html'],
    });
    const json = JSON.parse(await readReport('reports/2024Q4/rollup.json')) as {
      period: string;
      engine: string;
      tables: { id: string; rows: unknown[] }[];
    };
    expect(json).toMatchObject({ period: '2024Q4', engine: 'athena' });
    expect(json.tables.find((table) => table.id === 'crime')?.rows.length).toBeGreaterThan(3);
    expect(lambda.output()).toMatch(/"message":"rollup written"/);
  }, 120_000);
});
