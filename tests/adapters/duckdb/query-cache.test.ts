import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readdir, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeLanding } from '../../../pipelines/ingest/landing-path.js';
import { ingestSource, type SourceInput } from '../../../pipelines/ingest/ingest-source.js';
import { DuckDbDatabase } from '../../../adapters/duckdb/duckdb-database.js';
import { LocalWarehouseStorage } from '../../../adapters/local/local-storage.js';
import { planRefresh, scanWarehouse, type PartitionFolder } from '../../../adapters/duckdb/query-cache.js';
import { localWriter, makeTemporaryFolder, queryWarehouse, removeFolder } from '../../helpers.js';

let folder: string;
beforeEach(async () => {
  folder = await makeTemporaryFolder();
});
afterEach(async () => {
  await removeFolder(folder);
});

function csvSource(name: string, csv: string): SourceInput {
  const bytes = new TextEncoder().encode(csv);
  return {
    landing: describeLanding(`backfill/${name}`),
    sizeBytes: bytes.length,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

async function ingest(source: SourceInput, now: string): Promise<void> {
  const database = await DuckDbDatabase.open();
  try {
    await ingestSource(source, {
      storage: new LocalWarehouseStorage(folder),
      writer: localWriter(new LocalWarehouseStorage(folder), database),
      now: new Date(now),
      maxBytes: 1 << 20,
      pipelineVersion: 'test',
    });
  } finally {
    database.close();
  }
}

const FIRST = csvSource(
  'a.csv',
  'province,period,metric,value\nVN-22,2024Q3,border_posts,16\nVN-01,2024Q3,border_posts,9\n',
);
const CORRECTION = csvSource(
  'b.csv',
  'province,period,metric,value\nVN-22,2024Q3,border_posts,18\nVN-22,2024Q4,bad_metric,1\n',
);

describe('the local query cache', () => {
  it('is built on the first query and rebuilt when an ingestion adds files', async () => {
    await ingest(FIRST, '2025-01-10T00:00:00Z');
    expect(await queryWarehouse(folder, "SELECT value FROM metrics WHERE province = 'VN-22'")).toEqual([{ value: 16 }]);
    expect(existsSync(join(folder, '.cache', 'views.duckdb'))).toBe(true);

    await ingest(CORRECTION, '2025-01-11T00:00:00Z');
    expect(await queryWarehouse(folder, "SELECT value FROM metrics WHERE province = 'VN-22'")).toEqual([{ value: 18 }]);
    expect(await queryWarehouse(folder, 'SELECT COUNT(*) AS n FROM facts')).toEqual([{ n: 3 }]);
    expect(await queryWarehouse(folder, 'SELECT raw_value FROM rejections')).toEqual([{ raw_value: 'bad_metric' }]);
  });

  it('is rebuilt when a Parquet file disappears, so it never answers from rows the Parquet no longer has', async () => {
    await ingest(FIRST, '2025-01-10T00:00:00Z');
    expect(await queryWarehouse(folder, 'SELECT COUNT(*) AS n FROM facts')).toEqual([{ n: 2 }]);
    await rm(join(folder, 'facts', 'year=2024', 'quarter=3', 'province=VN-01'), { recursive: true });
    expect(await queryWarehouse(folder, 'SELECT province FROM facts')).toEqual([{ province: 'VN-22' }]);
  });

  it('gives the same rows as reading the Parquet files directly', async () => {
    await ingest(FIRST, '2025-01-10T00:00:00Z');
    await ingest(CORRECTION, '2025-01-11T00:00:00Z');
    const direct = await queryWarehouse(
      folder,
      `SELECT * EXCLUDE (filename) FROM read_parquet(?, hive_partitioning = true, filename = true) ORDER BY source_key, source_row`,
      [`${folder}/facts/*/*/*/*.parquet`],
    );
    const viaView = await queryWarehouse(folder, 'SELECT * FROM facts ORDER BY source_key, source_row');
    expect(viaView.map((row) => ({ ...row }))).toEqual(direct.map((row) => ({ ...row })));
  });
});

/** Sets the modification time of every partition folder to `secondsAgo` before now, as if the writes were long done. */
async function settleFolders(secondsAgo: number): Promise<void> {
  const when = new Date(Date.now() - secondsAgo * 1000);
  for (const entry of scanWarehouse(folder).folders) await utimes(join(folder, entry.folder), when, when);
}

/** Every row of the three cached views against the same rows read straight from the Parquet. */
async function expectCacheMatchesParquet(): Promise<void> {
  const order = 'ORDER BY source_key, source_row';
  const viaViews = {
    facts: await queryWarehouse(folder, `SELECT * FROM facts ${order}`),
    rejections: await queryWarehouse(folder, `SELECT * FROM rejections ${order}`),
    metrics: await queryWarehouse(folder, `SELECT * FROM metrics ${order}`),
  };
  const direct = async (table: string): Promise<readonly object[]> => {
    const files = (await readdir(join(folder, table), { recursive: true }).catch(() => [] as string[])).filter((name) =>
      name.endsWith('.parquet'),
    );
    if (files.length === 0) return [];
    return queryWarehouse(
      folder,
      `SELECT * EXCLUDE (filename) FROM read_parquet(?, hive_partitioning = true, filename = true) ${order}`,
      [`${folder}/${table}/*/*/*/*.parquet`],
    );
  };
  const currentOf = (facts: readonly object[]): object[] => {
    // The current value per province, period and metric: a CSV before text, then the latest ingestion.
    const best = new Map<string, Record<string, unknown>>();
    for (const row of facts as Record<string, unknown>[]) {
      const key = `${String(row.province)}|${String(row.period)}|${String(row.metric)}`;
      const held = best.get(key);
      if (!held || String(row.ingested_at) > String(held.ingested_at)) best.set(key, row);
    }
    return [...best.values()].sort(
      (a, b) => String(a.source_key).localeCompare(String(b.source_key)) || Number(a.source_row) - Number(b.source_row),
    );
  };
  const plain = (rows: readonly object[]): object[] => rows.map((row) => ({ ...row }));
  const directFacts = await direct('facts');
  expect(plain(viaViews.facts)).toEqual(plain(directFacts));
  expect(plain(viaViews.rejections)).toEqual(plain(await direct('rejections')));
  expect(plain(viaViews.metrics)).toEqual(plain(currentOf(directFacts)));
}

describe('keeping the cache up to date folder by folder', () => {
  const THIRD = csvSource(
    'c.csv',
    'province,period,metric,value\nVN-01,2024Q3,border_posts,11\nVN-01,2024Q4,border_posts,12\n',
  );

  it('leaves the cache file alone when no partition folder changed', async () => {
    await ingest(FIRST, '2025-01-10T00:00:00Z');
    await settleFolders(60);
    await queryWarehouse(folder, 'SELECT 1');
    const before = statSync(join(folder, '.cache', 'views.duckdb'));
    expect(await queryWarehouse(folder, 'SELECT COUNT(*) AS n FROM facts')).toEqual([{ n: 2 }]);
    const after = statSync(join(folder, '.cache', 'views.duckdb'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('reads again the folders whose time changed, and drops the rows of folders and files that went', async () => {
    await ingest(FIRST, '2025-01-10T00:00:00Z');
    await settleFolders(60);
    await expectCacheMatchesParquet();

    await ingest(CORRECTION, '2025-01-11T00:00:00Z');
    await ingest(THIRD, '2025-01-12T00:00:00Z');
    await settleFolders(30);
    await expectCacheMatchesParquet();
    expect(
      await queryWarehouse(folder, 'SELECT province, period, value FROM metrics ORDER BY province, period'),
    ).toEqual([
      { province: 'VN-01', period: '2024Q3', value: 11 },
      { province: 'VN-01', period: '2024Q4', value: 12 },
      { province: 'VN-22', period: '2024Q3', value: 18 },
    ]);

    // The correction's file goes from its folder; a whole folder goes.
    const corrected = join(folder, 'facts', 'year=2024', 'quarter=3', 'province=VN-22');
    const correctionFile = (await readdir(corrected)).find((name) => name.startsWith(CORRECTION.sha256));
    await rm(join(corrected, correctionFile!));
    await rm(join(folder, 'facts', 'year=2024', 'quarter=4'), { recursive: true });
    await settleFolders(10);
    await expectCacheMatchesParquet();
    expect(
      await queryWarehouse(folder, 'SELECT province, period, value FROM metrics ORDER BY province, period'),
    ).toEqual([
      { province: 'VN-01', period: '2024Q3', value: 11 },
      { province: 'VN-22', period: '2024Q3', value: 16 },
    ]);
  });

  it('does not trust a folder read within the same moment it changed: a later file with the same folder time is still seen', async () => {
    await ingest(FIRST, '2025-01-10T00:00:00Z');
    const partition = join(folder, 'facts', 'year=2024', 'quarter=3', 'province=VN-22');
    const recent = new Date(Date.now() - 100);
    await utimes(partition, recent, recent);
    expect(await queryWarehouse(folder, 'SELECT COUNT(*) AS n FROM facts')).toEqual([{ n: 2 }]);

    // A second write lands within the same clock tick, so the folder keeps the time the cache saw.
    await ingest(CORRECTION, '2025-01-11T00:00:00Z');
    await utimes(partition, recent, recent);
    expect(await queryWarehouse(folder, "SELECT value FROM metrics WHERE province = 'VN-22'")).toEqual([{ value: 18 }]);
  });
});

describe('planning a refresh', () => {
  const at = (name: string, mtimeMs: number): PartitionFolder => ({
    table: 'facts',
    folder: `facts/year=2024/quarter=3/province=${name}`,
    mtimeMs,
  });
  const key = (name: string): string => `facts/year=2024/quarter=3/province=${name}`;

  it('reads new folders, changed folders and folders not trusted; drops changed and vanished ones', () => {
    const scan = { scannedAt: 10_000, folders: [at('A', 1), at('B', 2), at('C', 3), at('D', 4)] };
    const plan = planRefresh(scan, { [key('A')]: 1, [key('B')]: 1, [key('C')]: null, [key('E')]: 5 });
    expect(plan.read.map((entry) => entry.folder)).toEqual([key('B'), key('C'), key('D')]);
    expect(plan.drop).toEqual([key('B'), key('C'), key('E')]);
  });

  it('has nothing to do when every folder has the time the cache recorded', () => {
    const plan = planRefresh(
      { scannedAt: 10_000, folders: [at('A', 1), at('B', 2)] },
      { [key('A')]: 1, [key('B')]: 2 },
    );
    expect(plan).toEqual({ read: [], drop: [] });
  });
});
