import { existsSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FactDraft, SourceResult } from '../../../pipelines/facts/source-result.js';
import { loadProvinceUnits } from '../../../pipelines/reference/provinces.js';
import { DuckDbDatabase, quoteSqlString } from '../../../adapters/duckdb/duckdb-database.js';
import { LocalWarehouseStorage } from '../../../adapters/local/local-storage.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder, writeLocalSource } from '../../helpers.js';

let folder: string;
let database: DuckDbDatabase;
beforeEach(async () => {
  folder = await makeTemporaryFolder();
  database = await DuckDbDatabase.open();
});
afterEach(async () => {
  database.close();
  await removeFolder(folder);
});

const provenance = {
  key: 'incoming/backfill.csv',
  sha256: 'b'.repeat(64),
  kind: 'csv' as const,
  sizeBytes: 1,
  landingProvince: null,
  landingPeriod: null,
  ingestedAt: new Date('2025-01-10T00:00:00Z'),
  pipelineVersion: 'test',
  uploadedAt: new Date('2025-01-09T00:00:00Z'),
  uploadSequence: null,
};

function fact(province: string, year: number, quarter: 1 | 2 | 3 | 4, metric: string, line: number): FactDraft {
  return {
    province,
    period: { year, quarter },
    metric,
    value: line,
    denominator: null,
    unit: 'units',
    approx: false,
    sourceRow: line,
    evidence: null,
    spanStart: null,
    spanEnd: null,
    note: null,
  };
}

/** Writes a whole reading as one source. */
function writeResult({ facts, ...outline }: SourceResult) {
  return writeLocalSource(
    (onFact) => {
      facts.forEach(onFact);
      return outline;
    },
    provenance,
    new LocalWarehouseStorage(folder),
    database,
  );
}

describe('the Parquet source writer', () => {
  it('writes exactly one file per partition, with every row, when a source spans hundreds of partitions', async () => {
    const provinces = loadProvinceUnits()
      .filter((unit) => unit.valid_to !== null)
      .map((unit) => unit.code)
      .slice(0, 40);
    const facts: FactDraft[] = [];
    // Rows of each partition are spread over the whole file, as in a national backfill sorted by metric.
    for (const metric of ['border_posts', 'houses_built', 'wells_built']) {
      for (let year = 2020; year <= 2021; year++) {
        for (const quarter of [1, 2, 3, 4] as const) {
          for (const province of provinces) facts.push(fact(province, year, quarter, metric, facts.length + 2));
        }
      }
    }
    const result: SourceResult = { facts, rejections: [], read: facts.length, warnings: [] };
    const { manifest } = await writeResult(result);
    expect(manifest.partitions).toHaveLength(provinces.length * 8);
    expect(manifest.files).toHaveLength(provinces.length * 8);
    expect(new Set(manifest.files).size).toBe(manifest.files.length);
    const [counts] = await queryWarehouse(
      folder,
      'SELECT COUNT(*) AS n, COUNT(DISTINCT source_row) AS lines FROM facts',
    );
    expect(counts).toEqual({ n: facts.length, lines: facts.length });
  });

  it('writes a source with one row in each of hundreds of partitions within a small memory limit', async () => {
    // DuckDB reserves memory for each partition a partitioned write has open, however few its rows.
    database.close();
    database = await DuckDbDatabase.open({ memoryLimitMb: 160, tempDirectory: join(folder, 'spill') });
    const provinces = loadProvinceUnits()
      .filter((unit) => unit.valid_to !== null)
      .map((unit) => unit.code)
      .slice(0, 50);
    const facts: FactDraft[] = [];
    for (let year = 2015; year <= 2020; year++) {
      for (const quarter of [1, 2, 3, 4] as const) {
        for (const province of provinces) facts.push(fact(province, year, quarter, 'border_posts', facts.length + 2));
      }
    }
    const { manifest } = await writeResult({ facts, rejections: [], read: facts.length, warnings: [] });
    expect(manifest.files).toHaveLength(provinces.length * 24);
    const [counts] = await queryWarehouse(
      folder,
      'SELECT COUNT(*) AS n, COUNT(DISTINCT source_row) AS lines FROM facts',
    );
    expect(counts).toEqual({ n: facts.length, lines: facts.length });
  });

  it("removes the hidden pieces a killed write of the same source left, but not a recent one or another source's", async () => {
    const facts = ['VN-01', 'VN-04', 'VN-22'].map((province, index) =>
      fact(province, 2024, 3, 'border_posts', index + 2),
    );
    const partition = join(folder, 'facts', 'year=2024', 'quarter=3', 'province=VN-04');
    await mkdir(partition, { recursive: true });
    const piece = (name: string): string => join(partition, name);
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    for (const name of [`.${'b'.repeat(16)}-killed-0.partial`, `.${'c'.repeat(16)}-other-0.partial`]) {
      await writeFile(piece(name), 'PAR1');
      await utimes(piece(name), hourAgo, hourAgo);
    }
    await writeFile(piece(`.${'b'.repeat(16)}-running-0.partial`), 'PAR1');

    await writeResult({ facts, rejections: [], read: facts.length, warnings: [] });
    expect(existsSync(piece(`.${'b'.repeat(16)}-killed-0.partial`))).toBe(false);
    expect(existsSync(piece(`.${'b'.repeat(16)}-running-0.partial`))).toBe(true);
    expect(existsSync(piece(`.${'c'.repeat(16)}-other-0.partial`))).toBe(true);
    expect(await queryWarehouse(folder, 'SELECT COUNT(*) AS n FROM facts')).toEqual([{ n: 3 }]);
  });

  it('writes a one-partition source to the same key and columns as the partitioned write', async () => {
    const result: SourceResult = {
      facts: [fact('VN-22', 2024, 3, 'border_posts', 2)],
      rejections: [],
      read: 1,
      warnings: [],
    };
    const { manifest } = await writeResult(result);
    expect(manifest.files).toEqual([`facts/year=2024/quarter=3/province=VN-22/${'b'.repeat(64)}.parquet`]);
    const rows = await queryWarehouse(folder, 'SELECT province, year, quarter, period, metric, value FROM facts');
    expect(rows).toEqual([
      { province: 'VN-22', year: 2024, quarter: 3, period: '2024Q3', metric: 'border_posts', value: 2 },
    ]);
  });

  it('writes each source its own rows, in order, when small sources reuse one scratch folder', async () => {
    // As the CLI runs: scratch folders reused, so each one-partition write runs the same statement.
    const storage = new LocalWarehouseStorage(folder, { reuseScratch: true });
    const sizes = [3, 1, 5, 2];
    try {
      for (const [index, size] of sizes.entries()) {
        const facts = Array.from({ length: size }, (_, row) =>
          fact('VN-22', 2024, 3, `metric_${index}`, size - row + 1),
        );
        const source = { ...provenance, key: `incoming/VN-22/source-${index}.csv`, sha256: String(index).repeat(64) };
        const outline = { rejections: [], read: size, warnings: [] };
        const read = (onFact: (fact: FactDraft) => void) => {
          facts.forEach(onFact);
          return outline;
        };
        await writeLocalSource(read, source, storage, database);
      }
    } finally {
      await storage.close();
    }
    const files = quoteSqlString(join(folder, 'facts', '**', '*.parquet'));
    const rows = await queryWarehouse(
      folder,
      `SELECT source_key, string_agg(source_row, ',' ORDER BY file_row_number) AS lines FROM read_parquet(${files}, ` +
        'hive_partitioning = false, file_row_number = true) GROUP BY source_key ORDER BY source_key',
    );
    expect(rows).toEqual([
      { source_key: 'incoming/VN-22/source-0.csv', lines: '4,3,2' },
      { source_key: 'incoming/VN-22/source-1.csv', lines: '2' },
      { source_key: 'incoming/VN-22/source-2.csv', lines: '6,5,4,3,2' },
      { source_key: 'incoming/VN-22/source-3.csv', lines: '3,2' },
    ]);
  });
});
