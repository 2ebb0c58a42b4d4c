import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { makeTemporaryFolder, PROJECT_ROOT, removeFolder, SAMPLE_SOURCES } from '../helpers.js';
import { startAthenaDouble, type AthenaDouble } from '../support/athena-double.js';

const TSX_LOADER = pathToFileURL(join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

let folder: string;
let athena: AthenaDouble;

/** Runs the CLI from source; asynchronously, since the Athena double answers from this process. */
function provstat(
  args: string[],
  environment: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, join(PROJECT_ROOT, 'cli', 'main.ts'), ...args], {
      cwd: folder,
      env: {
        ...process.env,
        ATHENA_WORKGROUP: '',
        GLUE_DATABASE: '',
        NO_COLOR: '1',
        ...athena.environment,
        ...environment,
      },
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  folder = await makeTemporaryFolder('provstat-cli-athena-');
  await ingestPaths(SAMPLE_SOURCES, { warehouse: join(folder, 'warehouse') });
  athena = await startAthenaDouble({ warehouse: join(folder, 'warehouse'), pageSize: 4 });
});
afterAll(async () => {
  await athena?.stop();
  if (folder) await removeFolder(folder);
});

describe('provstat query --engine athena', () => {
  it('prints the same rows as the local engine, as JSON and as a table', async () => {
    const athenaArgs = ['--engine', 'athena', '--workgroup', 'provstat', '--database', 'provstat'];
    for (const format of ['json', 'table']) {
      const local = await provstat(['query', 'crime_by_province', '--param', 'period=2025Q2', '--format', format]);
      const remote = await provstat([
        'query',
        'crime_by_province',
        '--param',
        'period=2025Q2',
        '--format',
        format,
        ...athenaArgs,
      ]);
      expect(local.code).toBe(0);
      expect(remote).toEqual({ code: 0, stdout: local.stdout, stderr: '' });
      // More rows than one result page of the double: the CLI read them all.
      if (format === 'json') expect((JSON.parse(local.stdout) as unknown[]).length).toBeGreaterThan(4);
    }
    const started = athena.requests.filter((request) => request.operation === 'StartQueryExecution');
    expect(started.at(-1)?.body).toMatchObject({
      WorkGroup: 'provstat',
      QueryExecutionContext: { Database: 'provstat' },
      ExecutionParameters: ["'2025Q2'"],
    });
  });

  it('takes the workgroup and database from the environment the functions use', async () => {
    const result = await provstat(
      ['query', 'cadre_by_province', '--param', 'period=2025Q2', '--format', 'csv', '--engine', 'athena'],
      { ATHENA_WORKGROUP: 'provstat', GLUE_DATABASE: 'provstat' },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^province,/);
  });

  it('exits 2 without a workgroup and 1 with the reason when Athena fails the query', async () => {
    expect(
      await provstat([
        'query',
        'cadre_by_province',
        '--param',
        'period=2025Q2',
        '--engine',
        'athena',
        '--database',
        'provstat',
      ]),
    ).toMatchObject({ code: 2, stderr: expect.stringMatching(/^provstat: --engine athena needs --workgroup/) });
    athena.script({ outcome: { state: 'FAILED', reason: 'HIVE_BAD_DATA: Error reading parquet' } });
    expect(
      await provstat([
        'query',
        'cadre_by_province',
        '--param',
        'period=2025Q2',
        '--engine',
        'athena',
        '--workgroup',
        'provstat',
        '--database',
        'provstat',
      ]),
    ).toMatchObject({
      code: 1,
      stderr: 'provstat: the Athena query cadre_by_province failed: HIVE_BAD_DATA: Error reading parquet\n',
    });
  });

  it('binds the same normalised values as the local engine', async () => {
    const athenaArgs = ['--engine', 'athena', '--workgroup', 'provstat', '--database', 'provstat', '--format', 'csv'];
    const params = ['--param', 'period=Quý 2/2025', '--param', 'province=Nghệ An', '--param', 'metric=*'];
    const result = await provstat(['query', 'provenance', ...params, ...athenaArgs]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const started = athena.requests.filter((request) => request.operation === 'StartQueryExecution');
    expect(started.at(-1)?.body).toMatchObject({ ExecutionParameters: ["'2025Q2'", "'VN-22'", "'*'"] });
    const canonical = ['--param', 'period=2025Q2', '--param', 'province=VN-22', '--param', 'metric=*'];
    const local = await provstat(['query', 'provenance', ...canonical, '--format', 'csv']);
    expect(result.stdout).toBe(local.stdout);
  });
});
