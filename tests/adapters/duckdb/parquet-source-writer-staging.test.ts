/**
 * How the Parquet source writer stages rows for the Parquet write: through a file in the scratch
 * folder, small source and large alike; both must store every value as it was, in source order
 * within a partition, and every rejection, however many.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FactDraft, RejectionDraft } from '../../../pipelines/facts/source-result.js';
import { DuckDbDatabase } from '../../../adapters/duckdb/duckdb-database.js';
import { LocalWarehouseStorage } from '../../../adapters/local/local-storage.js';
import { REJECTIONS_KEPT } from '../../../pipelines/warehouse/source-writer.js';
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

const provenance = (sha: string) => ({
  key: 'incoming/it\'s "quoted".csv',
  sha256: sha.repeat(64),
  kind: 'csv' as const,
  sizeBytes: 1,
  landingProvince: null,
  landingPeriod: null,
  ingestedAt: new Date('2025-01-10T01:02:03.456Z'),
  pipelineVersion: 'test',
  uploadedAt: new Date('2025-01-09T00:00:00Z'),
  uploadSequence: null,
});

function fact(index: number, overrides: Partial<FactDraft> = {}): FactDraft {
  return {
    province: 'VN-22',
    period: { year: 2024, quarter: 3 },
    metric: 'border_posts',
    value: index + 0.1,
    denominator: null,
    unit: 'units',
    approx: false,
    sourceRow: index + 2,
    evidence: null,
    spanStart: null,
    spanEnd: null,
    note: null,
    ...overrides,
  };
}

const ODD_TEXT = [
  '',
  'a "quoted" \\ back\\slash',
  'line\nbreak\r\nand\ttab',
  'NUL\u0000inside',
  'Nghệ An, Thanh Hoá',
  'Nghe\u0302\u0323 An',
  '=1+2',
  '{"json": [1]}',
  'emoji 🇻🇳',
];

describe('Parquet source writer staging', () => {
  for (const [size, count] of [
    ['small', 9],
    ['large (staged in a file)', 30_000],
  ] as const) {
    it(`stores every value of a ${size} source exactly, in source order`, async () => {
      const facts = Array.from({ length: count }, (_, index) =>
        fact(index, {
          // Spread over two partitions, interleaved, so the partitioned write must order them.
          province: index % 2 === 0 ? 'VN-22' : 'VN-01',
          value: index === 3 ? 0.1 + 0.2 : index === 5 ? 1e308 : index === 7 ? -123456.789 : index + 0.1,
          denominator: index % 3 === 0 ? index + 1 : null,
          approx: index % 4 === 0,
          note: ODD_TEXT[index % ODD_TEXT.length] ?? null,
          evidence: index % 5 === 0 ? 'a sentence with 26/27 in it' : null,
          spanStart: index % 5 === 0 ? 15 : null,
          spanEnd: index % 5 === 0 ? 20 : null,
        }),
      );
      const storage = new LocalWarehouseStorage(folder);
      const written = await writeLocalSource(
        (onFact) => {
          facts.forEach(onFact);
          return { rejections: [], read: facts.length, warnings: [] };
        },
        provenance('c'),
        storage,
        database,
      );
      expect(written.manifest).toMatchObject({ accepted: count, rejected: 0 });
      expect(written.manifest.files).toHaveLength(2);

      const rows = await queryWarehouse(folder, 'SELECT * FROM facts ORDER BY source_row');
      expect(rows).toHaveLength(count);
      rows.forEach((row, index) => {
        const expected = facts[index]!;
        expect(row).toMatchObject({
          province: expected.province,
          period: '2024Q3',
          metric: 'border_posts',
          value: expected.value,
          denominator: expected.denominator,
          approx: expected.approx,
          note: expected.note,
          evidence: expected.evidence,
          span_start: expected.spanStart,
          span_end: expected.spanEnd,
          source_kind: 'csv',
          source_key: 'incoming/it\'s "quoted".csv',
          source_sha256: 'c'.repeat(64),
          pipeline_version: 'test',
          ingested_at: '2025-01-10T01:02:03.456Z',
        });
      });
      for (const file of written.manifest.files) {
        const lines = (
          await queryWarehouse(folder, 'SELECT source_row FROM read_parquet(?)', [join(folder, file)])
        ).map((row) => Number(row.source_row));
        expect(lines).toEqual([...lines].sort((a, b) => a - b));
      }
    });
  }

  it('writes a lone UTF-16 surrogate as U+FFFD and refuses a value that is not a finite number', async () => {
    const storage = new LocalWarehouseStorage(folder);
    await writeLocalSource(
      (onFact) => {
        onFact(fact(0, { note: 'a\ud800b' }));
        return { rejections: [], read: 1, warnings: [] };
      },
      provenance('d'),
      storage,
      database,
    );
    expect(await queryWarehouse(folder, 'SELECT note FROM facts')).toEqual([{ note: 'a\ufffdb' }]);

    await expect(
      writeLocalSource(
        (onFact) => {
          onFact(fact(0, { value: Number.NaN }));
          return { rejections: [], read: 1, warnings: [] };
        },
        provenance('e'),
        storage,
        database,
      ),
    ).rejects.toThrow(/not a finite number/);
    expect(await storage.exists(`ingestions/${'e'.repeat(64)}.json`)).toBe(false);
  });

  it('writes every rejection of a source with very many and keeps the first ones for the summary', async () => {
    const count = REJECTIONS_KEPT * 3 + 7;
    const rejections: RejectionDraft[] = Array.from({ length: count }, (_, index) => ({
      province: index % 2 === 0 ? 'VN-22' : null,
      period: index % 2 === 0 ? { year: 2024, quarter: 3 } : null,
      sourceRow: index + 2,
      column: 'value',
      rawValue: `${index},5`,
      code: 'value-not-a-number',
      reason: `dòng ${index + 2}: không phải là số`,
      reasonEn: `line ${index + 2}: not a number`,
    }));
    const storage = new LocalWarehouseStorage(folder);
    const written = await writeLocalSource(
      (_onFact, onRejection) => {
        // Half handed over while reading, half listed in the outline: both are written.
        rejections.slice(0, count / 2).forEach(onRejection);
        return { rejections: rejections.slice(count / 2), read: count, warnings: [] };
      },
      provenance('f'),
      storage,
      database,
    );
    expect(written.manifest).toMatchObject({ accepted: 0, rejected: count });
    expect(written.rejected).toBe(count);
    expect(written.rejections).toEqual(rejections.slice(0, REJECTIONS_KEPT));
    expect(written.rejectionsOmitted).toBe(count - REJECTIONS_KEPT);
    const [stored] = await queryWarehouse(
      folder,
      'SELECT COUNT(*) AS n, COUNT(DISTINCT source_row) AS lines, MIN(rejected_at) AS at FROM rejections',
    );
    expect(stored).toEqual({ n: count, lines: count, at: '2025-01-10T01:02:03.456Z' });
    expect(written.manifest.partitions).toEqual([
      { year: 0, quarter: 0, province: 'unknown', facts: 0, rejections: Math.floor(count / 2) },
      { year: 2024, quarter: 3, province: 'VN-22', facts: 0, rejections: Math.ceil(count / 2) },
    ]);
  });

  it('reuses its scratch folders and removes them on close', async () => {
    const storage = new LocalWarehouseStorage(folder, { reuseScratch: true });
    for (const sha of ['1', '2', '3']) {
      await writeLocalSource(
        (onFact) => {
          onFact(fact(0));
          return { rejections: [], read: 1, warnings: [] };
        },
        provenance(sha),
        storage,
        database,
      );
    }
    expect(await readdir(join(folder, '.scratch'))).toHaveLength(1);
    await storage.close();
    expect(await readdir(join(folder, '.scratch'))).toEqual([]);
  });
});
