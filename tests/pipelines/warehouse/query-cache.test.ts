import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeLanding } from '../../../pipelines/ingest/landing-path.js';
import { ingestSource, type SourceInput } from '../../../pipelines/ingest/ingest-source.js';
import { DuckDbDatabase } from '../../../pipelines/warehouse/duckdb-database.js';
import { LocalWarehouseStorage } from '../../../pipelines/warehouse/local-storage.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder } from '../../helpers.js';

let folder: string;
beforeEach(async () => {
  folder = await makeTemporaryFolder();
});
afterEach(async () => {
  await removeFolder(folder);
});

function csvSource(name: string, csv: string): SourceInput {
  const bytes = new TextEncoder().encode(csv);
  return { landing: describeLanding(`incoming/${name}`), sizeBytes: bytes.length, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function ingest(source: SourceInput, now: string): Promise<void> {
  const database = await DuckDbDatabase.open();
  try {
    await ingestSource(source, { storage: new LocalWarehouseStorage(folder), database, now: new Date(now), maxBytes: 1 << 20, pipelineVersion: 'test' });
  } finally {
    database.close();
  }
}

const FIRST = csvSource('a.csv', 'province,period,metric,value\nVN-22,2024Q3,border_posts,16\nVN-01,2024Q3,border_posts,9\n');
const CORRECTION = csvSource('b.csv', 'province,period,metric,value\nVN-22,2024Q3,border_posts,18\nVN-22,2024Q4,bad_metric,1\n');

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
    const direct = await queryWarehouse(folder,
      `SELECT * EXCLUDE (filename) FROM read_parquet(?, hive_partitioning = true, filename = true) ORDER BY source_key, source_row`, [`${folder}/facts/*/*/*/*.parquet`]);
    const viaView = await queryWarehouse(folder, 'SELECT * FROM facts ORDER BY source_key, source_row');
    expect(viaView.map((row) => ({ ...row }))).toEqual(direct.map((row) => ({ ...row })));
  });
});
