import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction, type FunctionBundle } from '../../scripts/bundle-functions.mjs';
import { makeTemporaryFolder, PROJECT_ROOT, removeFolder } from '../helpers.js';
import { describeIngestEndToEnd } from '../support/ingest-scenario.js';
import { startLambdaProcess, type LambdaProcess } from '../support/lambda-process.js';

// The bundle lives outside the project, so nothing can resolve from the project's node_modules.
let folder: string;
let bundle: FunctionBundle;
const loadedLibraries = new Set<string>();
let lambda: LambdaProcess | undefined;

beforeAll(async () => {
  folder = await makeTemporaryFolder('provstat-bundle-');
  bundle = await bundleFunction('ingest', join(folder, 'lambda'));
});
afterAll(async () => {
  await lambda?.stop();
  if (folder) await removeFolder(folder);
});

describe('the ingest bundle', () => {
  it('holds the ES module handler, its source map and the x86_64 DuckDB binding, byte for byte the tested one', async () => {
    expect(bundle.files).toEqual(
      expect.arrayContaining([
        'index.mjs',
        'index.mjs.map',
        'package.json',
        'node_modules/@duckdb/node-bindings/duckdb.js',
        'node_modules/@duckdb/node-bindings-linux-x64/duckdb.node',
        'node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so',
      ]),
    );
    expect(
      bundle.files.filter(
        (file) =>
          file.startsWith('node_modules/') &&
          !/^node_modules\/(@duckdb\/node-bindings|@duckdb\/node-bindings-linux-x64|detect-libc)\//.test(file),
      ),
    ).toEqual([]);
    const digest = async (path: string) =>
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
    for (const file of ['duckdb.node', 'libduckdb.so']) {
      expect(await digest(join(bundle.directory, 'node_modules/@duckdb/node-bindings-linux-x64', file))).toBe(
        await digest(join(PROJECT_ROOT, 'node_modules/@duckdb/node-bindings-linux-x64', file)),
      );
    }
    expect(await readFile(join(bundle.directory, 'index.mjs'), 'utf8')).toMatch(/sourceMappingURL=index\.mjs\.map/);
  });
});

describeIngestEndToEnd(
  'the bundled ingest handler, loaded in plain Node, against an S3-compatible server',
  async (environment) => {
    lambda = await startLambdaProcess(
      join(bundle.directory, 'index.mjs'),
      'provstat-ingest',
      { ...environment, POWERTOOLS_LOG_LEVEL: 'INFO' },
      folder,
    );
    const running = lambda;
    return {
      invoke: async (event) => {
        const { result, duckdbLibraries } = await running.invoke<SQSBatchResponse>(event);
        duckdbLibraries.forEach((path) => loadedLibraries.add(path));
        return result;
      },
    };
  },
);

describe('the bundled handler at run time', () => {
  it('loaded DuckDB from the bundle folder only, and logged each source as structured JSON', () => {
    expect([...loadedLibraries].sort()).toEqual([
      join(bundle.directory, 'node_modules/@duckdb/node-bindings-linux-x64/duckdb.node'),
      join(bundle.directory, 'node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so'),
    ]);
    const logs = lambda!
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'source ingested',
        service: 'provstat-ingest',
        key: 'incoming/VN-22/2024Q4/Báo cáo quý 4+2024.csv',
        status: 'ingested',
      }),
    );
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'INFO', message: 'source duplicate', status: 'duplicate' }),
    );
  });
});
