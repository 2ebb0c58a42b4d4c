import { spawn } from 'node:child_process';
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWarehouse } from '../../adapters/duckdb/query-cache.js';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { runQueryCommand } from '../../cli/commands/query.js';
import { WarehouseSession } from '../../cli/warehouse-session.js';
import { makeTemporaryFolder, PROJECT_ROOT, removeFolder, SAMPLES } from '../helpers.js';
import {
  lambdaContext,
  listBucket,
  s3NotificationBody,
  sqsEvent,
  sqsRecord,
  startS3Server,
  uploadObject,
  type S3TestServer,
} from '../support/s3-server.js';

const TSX_LOADER = pathToFileURL(join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const RAW_BUCKET = 'provstat-raw';
const WAREHOUSE_BUCKET = 'provstat-warehouse';

/** Two uploads first, one more later; keys as provinces upload them. */
const FIRST = [
  { sample: 'VN-22/2024Q4/bao-cao-quy-4-2024.csv', key: 'incoming/VN-22/2024Q4/bao-cao-quy-4-2024.csv' },
  { sample: 'VN-22/2025Q2/000_47ce2dc210bb9c1c.txt', key: 'incoming/VN-22/2025Q2/Báo cáo sơ kết 6 tháng.txt' },
];
const LATER = { sample: 'VN-04/2024Q4/cao-bang-2024Q4.csv', key: 'incoming/VN-04/2024Q4/cao-bang-2024Q4.csv' };

let s3: S3TestServer;
let folder: string;
let invoke: (keys: readonly { sample: string; key: string }[]) => Promise<void>;

/** Runs the CLI from source; asynchronously, since s3rver answers from this process. */
function provstat(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, join(PROJECT_ROOT, 'cli', 'main.ts'), ...args], {
      cwd: folder,
      env: { ...process.env, NO_COLOR: '1', ...s3.environment },
      timeout: 120_000,
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

async function pullJson(
  ...extra: string[]
): Promise<{ downloaded: string[]; removed: string[]; unchanged: number; skipped: string[] }> {
  const result = await provstat(['pull', `s3://${WAREHOUSE_BUCKET}`, '--warehouse', 'pulled', '--json', ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { downloaded: string[]; removed: string[]; unchanged: number; skipped: string[] };
}

/** The answers an analyst gets from a warehouse folder: two library queries and the rows behind them. */
async function answers(warehouse: string): Promise<unknown[]> {
  const root = join(folder, warehouse);
  const outputs: unknown[] = [];
  outputs.push((await runQueryCommand('crime_by_province', ['period=2024Q4'], root)).result.rows);
  outputs.push((await runQueryCommand('cadre_by_province', ['period=2025Q2'], root)).result.rows);
  const session = await WarehouseSession.open(root);
  try {
    outputs.push(
      (
        await session.run(
          'SELECT source_key, metric, value, denominator, source_row, span_start FROM facts ORDER BY ALL',
        )
      ).rows,
    );
    outputs.push((await session.run('SELECT source_key, source_row, reason FROM rejections ORDER BY ALL')).rows);
  } finally {
    session.close();
  }
  return outputs;
}

async function ingestLocally(uploads: readonly { sample: string; key: string }[], warehouse: string): Promise<void> {
  const landing = join(folder, `landing-${warehouse}`);
  for (const upload of uploads) {
    const target = join(landing, ...upload.key.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(SAMPLES, upload.sample), target);
  }
  await ingestPaths([join(landing, 'incoming')], { warehouse: join(folder, warehouse) });
}

beforeAll(async () => {
  s3 = await startS3Server([RAW_BUCKET, WAREHOUSE_BUCKET]);
  folder = await makeTemporaryFolder('provstat-pull-');
  Object.assign(process.env, s3.environment, {
    RAW_BUCKET,
    WAREHOUSE_BUCKET,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const { handler } = await import('../../functions/ingest.js');
  invoke = async (uploads) => {
    const records = [];
    for (const upload of uploads) {
      const uploaded = await uploadObject(
        s3.client,
        RAW_BUCKET,
        upload.key,
        await readFile(join(SAMPLES, upload.sample)),
      );
      records.push(sqsRecord(upload.key, s3NotificationBody([uploaded])));
    }
    expect(await handler(sqsEvent(records), lambdaContext())).toEqual({ batchItemFailures: [] });
  };
  await invoke(FIRST);
});
afterAll(async () => {
  await s3?.stop();
  if (folder) await removeFolder(folder);
});

describe('provstat pull', () => {
  it('mirrors the warehouse bucket, then only what is new, with the answers of a local ingest of the same files', {
    timeout: 600_000,
  }, async () => {
    // Hidden keys in the bucket (a cache, scratch) are never pulled.
    await s3.client.send(
      new PutObjectCommand({
        Bucket: WAREHOUSE_BUCKET,
        Key: '.cache/warehouse.duckdb',
        Body: 'not a warehouse file',
      }),
    );
    await s3.client.send(
      new PutObjectCommand({ Bucket: WAREHOUSE_BUCKET, Key: 'facts/.scratch/half.parquet', Body: 'half' }),
    );
    const before = await listBucket(s3.client, WAREHOUSE_BUCKET);
    const visible = Object.keys(before)
      .filter((key) => !key.split('/').some((part) => part.startsWith('.')))
      .sort();
    expect(visible.filter((key) => key.startsWith('facts/')).length).toBeGreaterThan(1);

    const first = await pullJson();
    expect(first).toMatchObject({ downloaded: visible, removed: [], unchanged: 0, skipped: [] });
    await expect(stat(join(folder, 'pulled', '.cache', 'warehouse.duckdb'))).rejects.toThrow();
    await expect(stat(join(folder, 'pulled', 'facts', '.scratch'))).rejects.toThrow();

    await ingestLocally(FIRST, 'local-first');
    expect(await answers('pulled')).toEqual(await answers('local-first'));
    const foldersBefore = new Map(
      scanWarehouse(join(folder, 'pulled')).folders.map((entry) => [entry.folder, entry.mtimeMs]),
    );

    // Nothing new upstream: nothing moves.
    expect(await pullJson()).toMatchObject({ downloaded: [], removed: [], unchanged: visible.length });

    await invoke([LATER]);
    const after = await listBucket(s3.client, WAREHOUSE_BUCKET);
    const changed = Object.keys(after)
      .filter((key) => after[key] !== before[key] && !key.split('/').some((part) => part.startsWith('.')))
      .sort();
    expect(changed.some((key) => key.startsWith('facts/year=2024/quarter=4/province=VN-04/'))).toBe(true);

    const planned = await pullJson('--dry-run');
    expect(planned).toMatchObject({
      downloaded: changed,
      removed: [],
      unchanged: visible.length + Object.keys(after).length - Object.keys(before).length - changed.length,
    });
    expect(scanWarehouse(join(folder, 'pulled')).folders.some((entry) => entry.folder.includes('province=VN-04'))).toBe(
      false,
    );

    const second = await pullJson();
    expect(second.downloaded).toEqual(changed);
    expect(second.downloaded.length + second.unchanged).toBe(Object.keys(after).length - 2);

    // The query cache reads again exactly the partition folders that received files.
    const foldersAfter = scanWarehouse(join(folder, 'pulled')).folders;
    for (const entry of foldersAfter) {
      const received = changed.some((key) => key.startsWith(`${entry.folder}/`));
      if (received) expect(entry.mtimeMs, entry.folder).not.toBe(foldersBefore.get(entry.folder));
      else expect(entry.mtimeMs, entry.folder).toBe(foldersBefore.get(entry.folder));
    }

    await ingestLocally([...FIRST, LATER], 'local-all');
    const all = await answers('pulled');
    expect(all).toEqual(await answers('local-all'));
    expect((all[0] as { province: string }[]).map((row) => row.province)).toContain('VN-04');
  });

  it('removes what vanished upstream, and only files it pulled', { timeout: 300_000 }, async () => {
    const keys = Object.keys(await listBucket(s3.client, WAREHOUSE_BUCKET));
    const gone = keys.find((key) => key.startsWith('facts/year=2024/quarter=4/province=VN-04/'))!;
    await s3.client.send(new DeleteObjectCommand({ Bucket: WAREHOUSE_BUCKET, Key: gone }));
    const mine = join(folder, 'pulled', 'notes.txt');
    await writeFile(mine, 'an analyst note beside the warehouse');
    const pulled = await pullJson();
    expect(pulled).toMatchObject({ downloaded: [], removed: [gone] });
    await expect(stat(join(folder, 'pulled', ...gone.split('/')))).rejects.toThrow();
    expect(await readFile(mine, 'utf8')).toBe('an analyst note beside the warehouse');
    const crime = await runQueryCommand('crime_by_province', ['period=2024Q4'], join(folder, 'pulled'));
    expect(crime.result.rows.map((row) => row.province)).not.toContain('VN-04');
  });

  it('refuses a folder that mirrors another bucket, and a location that is not S3', { timeout: 300_000 }, async () => {
    const other = await provstat(['pull', `s3://${RAW_BUCKET}/incoming`, '--warehouse', 'pulled']);
    expect(other).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^provstat: .*pulled is a copy of s3:\/\/provstat-warehouse\/, not of s3:\/\/provstat-raw\/incoming\/; pull into another folder\n$/,
      ),
    });
    expect(await provstat(['pull', 'https://example.com/x'])).toMatchObject({
      code: 2,
      stderr:
        'provstat: "https://example.com/x" is not an S3 location; write it as s3://BUCKET or s3://BUCKET/PREFIX\n',
    });
  });
});
