import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../../cli/commands/ingest.js';
import { AthenaQueryError } from '../../../adapters/aws/errors.js';
import { AthenaQueryRunner } from '../../../adapters/aws/athena-query-runner.js';
import { ATHENA_MAX_ATTEMPTS } from '../../../adapters/aws/athena-client.js';
import { readQueryFile, type QueryFile } from '../../../pipelines/query/query-file.js';
import { LocalQueryRunner } from '../../../adapters/duckdb/local-query-runner.js';
import { LocalWarehouseStorage } from '../../../adapters/local/local-storage.js';
import { makeTemporaryFolder, PROJECT_ROOT, removeFolder, SAMPLE_SOURCES } from '../../helpers.js';
import { startAthenaDouble, type AthenaDouble } from '../../support/athena-double.js';

let folder: string;
let warehouse: string;
let athena: AthenaDouble;
let local: LocalQueryRunner;

const PAGE_SIZE = 3;

function sql(text: string, name = 'adhoc'): QueryFile {
  const reading = readQueryFile(text, name);
  if (!reading.ok) throw new Error(reading.reason);
  return reading.query;
}

async function namedQuery(name: string): Promise<QueryFile> {
  return sql(await readFile(join(PROJECT_ROOT, 'queries', `${name}.sql`), 'utf8'), name);
}

function runner(options: Partial<ConstructorParameters<typeof AthenaQueryRunner>[0]> = {}): AthenaQueryRunner {
  return new AthenaQueryRunner({
    client: athena.client(),
    workGroup: 'provstat',
    database: 'provstat',
    pollIntervalMs: 1,
    maxPollIntervalMs: 4,
    deadlineMs: 10_000,
    ...options,
  });
}

const requestsFor = (id: string, operation: string) =>
  athena.requests.filter((request) => request.operation === operation && request.body.QueryExecutionId === id);
const lastExecution = () => [...athena.executions.values()].at(-1)!;

beforeAll(async () => {
  folder = await makeTemporaryFolder('provstat-athena-');
  warehouse = join(folder, 'warehouse');
  await ingestPaths(SAMPLE_SOURCES, { warehouse });
  athena = await startAthenaDouble({ warehouse, pageSize: PAGE_SIZE });
  local = await LocalQueryRunner.open(new LocalWarehouseStorage(warehouse), { cache: { root: warehouse } });
});
afterAll(async () => {
  await local?.close();
  await athena?.stop();
  if (folder) await removeFolder(folder);
});

describe('AthenaQueryRunner', () => {
  for (const name of ['cadre_by_province', 'crime_by_province']) {
    it(`returns ${name} exactly as the DuckDB runner does, read over several result pages`, async () => {
      const query = await namedQuery(name);
      const athenaResult = await runner().run(query, ['2025Q2']);
      const duckdbResult = await local.run(query, ['2025Q2']);
      expect(duckdbResult.rows.length).toBeGreaterThan(PAGE_SIZE);
      expect(athenaResult).toEqual(duckdbResult);
      const execution = lastExecution();
      expect(execution).toMatchObject({
        workGroup: 'provstat',
        database: 'provstat',
        catalog: 'AwsDataCatalog',
        executionParameters: ["'2025Q2'"],
      });
      expect(requestsFor(execution.id, 'GetQueryResults').length).toBe(
        Math.ceil((duckdbResult.rows.length + 1) / PAGE_SIZE),
      );
    });
  }

  it('types every kind of value as the DuckDB runner does: integers, big integers, doubles, booleans, dates, timestamps, NULL', async () => {
    const query =
      sql(`SELECT 16::INTEGER AS posts, 9007199254740993::BIGINT AS big, COUNT(*) AS n, 418000000.0::DOUBLE AS fines, 0.0001::DOUBLE AS tiny,
      273.5::DOUBLE AS km, true AS yes, DATE '2025-07-01' AS day, TIMESTAMP '2025-07-01 10:00:00.123' AS at, NULL::VARCHAR AS nothing,
      '' AS empty, 'Hà Giang' AS name, 12.50::DECIMAL(10,2) AS money`);
    const athenaResult = await runner().run(query, []);
    expect(athenaResult).toEqual(await local.run(query, []));
    expect(athenaResult.rows).toEqual([
      {
        posts: 16,
        big: '9007199254740993',
        n: 1,
        fines: 418_000_000,
        tiny: 0.0001,
        km: 273.5,
        yes: true,
        day: '2025-07-01',
        at: '2025-07-01T10:00:00.123Z',
        nothing: null,
        empty: '',
        name: 'Hà Giang',
        money: 12.5,
      },
    ]);
    expect(athenaResult.types).toEqual([
      'INTEGER',
      'BIGINT',
      'BIGINT',
      'DOUBLE',
      'DOUBLE',
      'DOUBLE',
      'BOOLEAN',
      'DATE',
      'TIMESTAMP',
      'VARCHAR',
      'VARCHAR',
      'VARCHAR',
      'DECIMAL(10,2)',
    ]);
  });

  it('sends each value as a quoted SQL literal, so a quote or a semicolon arrives as data', async () => {
    const hostile = "O'Brien'; DROP TABLE facts; --";
    const query = sql('-- param a: text\n-- param b: text\nSELECT CAST(? AS VARCHAR) AS a, CAST(? AS VARCHAR) AS b');
    const result = await runner().run(query, ['2025Q2', hostile]);
    expect(result.rows).toEqual([{ a: '2025Q2', b: hostile }]);
    expect(lastExecution().executionParameters).toEqual(["'2025Q2'", "'O''Brien''; DROP TABLE facts; --'"]);
  });

  it('refuses a value Athena cannot take before starting anything', async () => {
    const query = sql('-- param a: text\nSELECT CAST(? AS VARCHAR) AS a');
    const started = athena.executions.size;
    await expect(runner().run(query, ['x'.repeat(1023)])).rejects.toMatchObject({
      name: 'AthenaQueryError',
      kind: 'parameters',
    });
    await expect(runner().run(query, ['a\u0000b'])).rejects.toMatchObject({ kind: 'parameters' });
    expect(athena.executions.size).toBe(started);
  });

  it('polls through QUEUED and RUNNING until the query succeeds', async () => {
    athena.script({ queuedPolls: 2, runningPolls: 3 });
    const result = await runner().run(sql("SELECT 'done' AS state"), []);
    expect(result.rows).toEqual([{ state: 'done' }]);
    expect(requestsFor(lastExecution().id, 'GetQueryExecution')).toHaveLength(6);
  });

  it("reports a FAILED query with Athena's reason", async () => {
    athena.script({
      runningPolls: 1,
      outcome: {
        state: 'FAILED',
        reason: 'TABLE_NOT_FOUND: line 1:15: Table awsdatacatalog.provstat.metrics does not exist',
      },
    });
    const failure = runner().run(sql('SELECT 1 AS one'), []);
    await expect(failure).rejects.toBeInstanceOf(AthenaQueryError);
    await expect(failure).rejects.toMatchObject({
      kind: 'failed',
      queryName: 'adhoc',
      queryExecutionId: lastExecution().id,
      message: expect.stringMatching(/^the Athena query adhoc failed: TABLE_NOT_FOUND/),
    });
  });

  it('reports an SQL error as a FAILED query', async () => {
    await expect(runner().run(sql('SELECT no_such_column FROM metrics'), [])).rejects.toMatchObject({
      kind: 'failed',
      message: expect.stringContaining('no_such_column'),
    });
  });

  it('reports a CANCELLED query', async () => {
    athena.script({ outcome: { state: 'CANCELLED', reason: 'Query cancelled by user' } });
    await expect(runner().run(sql('SELECT 1 AS one'), [])).rejects.toMatchObject({
      kind: 'cancelled',
      message: 'the Athena query adhoc was cancelled: Query cancelled by user',
    });
  });

  it('stops a query that runs past its deadline and says so', async () => {
    athena.script({ outcome: 'NEVER' });
    await expect(
      runner({ deadlineMs: 40, pollIntervalMs: 5, maxPollIntervalMs: 10 }).run(sql('SELECT 1 AS one'), []),
    ).rejects.toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(/did not finish within 40 ms \(last state RUNNING\); it was stopped/),
    });
    const execution = lastExecution();
    expect(execution).toMatchObject({ stopped: true, state: 'CANCELLED' });
    expect(requestsFor(execution.id, 'StopQueryExecution')).toHaveLength(1);
  });

  it('stops a query at the stop time it was given, before its own deadline', async () => {
    athena.script({ outcome: 'NEVER' });
    const stopBy = Date.now() + 60;
    const stopping = runner({ deadlineMs: 60_000, stopBy, pollIntervalMs: 5, maxPollIntervalMs: 10 });
    await expect(stopping.run(sql('SELECT 1 AS one'), [])).rejects.toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(/it was stopped$/),
    });
    expect(Date.now()).toBeLessThan(stopBy + 5_000);
    expect(lastExecution()).toMatchObject({ stopped: true, state: 'CANCELLED' });
  });

  it('starts nothing once the stop time has passed', async () => {
    const started = athena.executions.size;
    await expect(runner({ stopBy: Date.now() - 1 }).run(sql('SELECT 1 AS one'), [])).rejects.toMatchObject({
      kind: 'timeout',
      message: 'the Athena query adhoc was not started: no time is left to run it',
    });
    expect(athena.executions.size).toBe(started);
  });

  it('drops the header row of the first page only, even when later rows hold the same text', async () => {
    const query = sql("SELECT x AS name FROM (VALUES ('name'), ('name'), ('name'), ('name'), ('other')) AS t(x)");
    const result = await runner().run(query, []);
    expect(result.rows.map((row) => row.name)).toEqual(['name', 'name', 'name', 'name', 'other']);
    expect(requestsFor(lastExecution().id, 'GetQueryResults')).toHaveLength(2);
  });

  it("retries throttled status checks and result pages through the SDK's retry strategy", async () => {
    athena.throttle({ operation: 'GetQueryExecution', times: 2 }, { operation: 'GetQueryResults', times: 1 });
    const result = await runner().run(sql("SELECT 'done' AS state"), []);
    expect(result.rows).toEqual([{ state: 'done' }]);
    const checks = requestsFor(lastExecution().id, 'GetQueryExecution');
    expect(checks.map((request) => request.throttled).slice(0, 3)).toEqual([true, true, false]);
    const pages = requestsFor(lastExecution().id, 'GetQueryResults');
    expect(pages.map((request) => request.throttled)).toEqual([true, false]);
  });

  it('retries a start refused with TooManyRequestsException and starts the query once', async () => {
    const started = athena.executions.size;
    athena.throttle({ operation: 'StartQueryExecution', times: 2, error: 'TooManyRequestsException' });
    expect((await runner().run(sql('SELECT 1 AS one'), [])).rows).toEqual([{ one: 1 }]);
    expect(athena.executions.size).toBe(started + 1);
    const starts = athena.requests.filter((request) => request.operation === 'StartQueryExecution').slice(-3);
    expect(starts.map((request) => request.throttled)).toEqual([true, true, false]);
  });

  it('gives up when Athena throttles every attempt, saying so, and leaves no query running', async () => {
    athena.script({ runningPolls: 1 });
    athena.throttle({ operation: 'GetQueryExecution', times: ATHENA_MAX_ATTEMPTS });
    const failure = runner().run(sql('SELECT 1 AS one'), []);
    await expect(failure).rejects.toMatchObject({
      name: 'AthenaQueryError',
      kind: 'throttled',
      message:
        'cannot check on the Athena query adhoc: Athena was still throttling after ' +
        `${ATHENA_MAX_ATTEMPTS} attempts (ThrottlingException (HTTP 400): Rate exceeded)`,
    });
    expect(requestsFor(lastExecution().id, 'GetQueryExecution')).toHaveLength(ATHENA_MAX_ATTEMPTS);
    expect(lastExecution()).toMatchObject({ stopped: true, state: 'CANCELLED' });
  });

  it('gives up on a start that stays refused, naming the limit', async () => {
    const started = athena.executions.size;
    const refused = 'TooManyRequestsException';
    athena.throttle({ operation: 'StartQueryExecution', times: ATHENA_MAX_ATTEMPTS, error: refused });
    await expect(runner().run(sql('SELECT 1 AS one'), [])).rejects.toMatchObject({
      kind: 'throttled',
      message: expect.stringMatching(
        /^Athena did not start the query adhoc: Athena was still throttling after 6 attempts \(Too/,
      ),
    });
    expect(athena.executions.size).toBe(started);
  });

  it("builds its own client to retry past the SDK's default three attempts, with the SDK's backoff", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, athena.environment);
    const own = new AthenaQueryRunner({ workGroup: 'provstat', database: 'provstat', pollIntervalMs: 1 });
    try {
      athena.throttle({ operation: 'GetQueryExecution', times: 3 });
      expect((await own.run(sql("SELECT 'patient' AS state"), [])).rows).toEqual([{ state: 'patient' }]);
    } finally {
      await own.close();
      process.env = saved;
    }
    const checks = requestsFor(lastExecution().id, 'GetQueryExecution').map((request) => request.throttled);
    expect(checks.slice(0, 4)).toEqual([true, true, true, false]);
  }, 30_000);

  it('reports a workgroup Athena does not know as a failure to start', async () => {
    await expect(runner({ workGroup: 'nope' }).run(sql('SELECT 1 AS one'), [])).rejects.toMatchObject({
      kind: 'failed',
      message: expect.stringMatching(
        /did not start the query adhoc: InvalidRequestException.*WorkGroup nope is not found/,
      ),
    });
  });
});
