import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths, type FileOutcome } from '../../cli/commands/ingest.js';
import { LocalWarehouseStorage } from '../../adapters/local/local-storage.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder, SAMPLE_SOURCES, SAMPLES } from '../helpers.js';

let folder: string;
let warehouse: string;
let outcomes: FileOutcome[];

const summaryOf = (key: string) => outcomes.find((outcome) => outcome.summary?.key === key)?.summary;
const current = async (province: string, period: string, metric: string) =>
  (
    await queryWarehouse(
      warehouse,
      'SELECT value, denominator, source_key FROM metrics WHERE province = ? AND period = ? AND metric = ?',
      [province, period, metric],
    )
  )[0];

async function snapshot(root: string): Promise<Record<string, string>> {
  const storage = new LocalWarehouseStorage(root);
  const files: Record<string, string> = {};
  for (const key of await storage.list(''))
    files[key] = createHash('sha256')
      .update(await readFile(storage.locate(key)))
      .digest('hex');
  return files;
}

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  warehouse = join(folder, 'warehouse');
  outcomes = await ingestPaths(SAMPLE_SOURCES, { warehouse });
});
afterAll(async () => removeFolder(folder));

describe('the samples ingested into a local warehouse', () => {
  it('accounts for every value of every file: accepted plus rejected equals read', () => {
    for (const { summary } of outcomes) {
      expect(summary).not.toBeNull();
      if (summary && summary.status === 'ingested') expect(summary.accepted + summary.rejected).toBe(summary.read);
    }
    const csvRead = outcomes
      .filter(({ summary }) => summary?.kind === 'csv')
      .reduce((sum, { summary }) => sum + (summary?.read ?? 0), 0);
    expect(csvRead).toBe(532);
  });

  it('stores CSV values in the catalog unit, through the views', async () => {
    expect(await current('VN-22', '2024Q4', 'crime_cases_detected')).toMatchObject({ value: 49 });
    expect(await current('VN-22', '2024Q4', 'drugs_seized_kg')).toMatchObject({ value: 6.3 });
    expect(await current('VN-22', '2024Q4', 'fines_collected_vnd')).toMatchObject({ value: 418_000_000 });
    expect(await current('VN-22', '2024Q4', 'bp_commune_deputy_secretaries')).toMatchObject({
      value: 25,
      denominator: 26,
    });
    expect(await current('VN-01', '2024Q3', 'border_length_km')).toMatchObject({ value: 273.5 });
  });

  it('reads every accepted style: BOM and ";", UTF-16 with labels, wide and tab-separated, NFD, names without diacritics', async () => {
    const rows = await queryWarehouse(
      warehouse,
      "SELECT province, COUNT(*) AS n FROM facts WHERE source_kind = 'csv' GROUP BY province ORDER BY province",
    );
    expect(rows).toEqual([
      { province: 'VN-01', n: 80 },
      { province: 'VN-04', n: 80 },
      { province: 'VN-09', n: 80 },
      { province: 'VN-13', n: 80 },
      { province: 'VN-22', n: 82 },
      { province: 'VN-33', n: 40 },
      { province: 'VN-45', n: 80 },
      { province: 'VN-71', n: 3 },
    ]);
  });

  it('lets a correction replace values in the current view while history keeps both', async () => {
    expect(await current('VN-22', '2025Q2', 'crime_cases_detected')).toMatchObject({
      value: 51,
      source_key: 'incoming/VN-22/2025Q2/dieu-chinh-bao-cao-quy-2-2025.csv',
    });
    const history = await queryWarehouse(
      warehouse,
      "SELECT value FROM facts WHERE province = 'VN-22' AND period = '2025Q2' AND metric = 'crime_cases_detected' AND source_kind = 'csv' ORDER BY ingested_at",
    );
    expect(history.map((row) => row.value)).toEqual([52, 51]);
    expect(await current('VN-22', '2025Q2', 'border_posts')).toMatchObject({
      source_key: 'incoming/VN-22/2025Q2/bao-cao-quy-2-2025.csv',
    });
  });

  it('records each rejection with its file, line, column, value and reason', async () => {
    const rows = await queryWarehouse(
      warehouse,
      'SELECT source_key, source_row, "column", raw_value, code, reason, reason_en, province, period FROM rejections ORDER BY source_key, source_row',
    );
    expect(rows.map((row) => [row.source_key, row.source_row, row.column, row.raw_value])).toEqual([
      ['incoming/VN-01/2025Q1/LaiChau_Q1_2025.csv', 22, 'Số liệu', '1.5'],
      ['incoming/VN-04/2025Q2/bien-ban-hop.docx', null, null, null],
      ['incoming/VN-09/2025Q2/lang-son-quy-2.csv', 23, 'chi_tieu', 'crime_cases_detectd'],
      ['incoming/VN-13/2024Q3/quang-ninh-2024Q3.csv', 22, 'Giá trị', '9'],
      ['incoming/VN-22/2024Q4/bao-cao-quy-4-2024.csv', 22, 'province', 'VN-23'],
      ['samples/national-backfill-2025.csv', 5, 'province', 'VN-03'],
      ['samples/national-backfill-2025.csv', 6, 'value', '16'],
      ['samples/national-backfill-2025.csv', 7, 'period', '2031Q1'],
    ]);
    expect(rows[5]).toMatchObject({
      province: 'VN-03',
      period: '2025Q3',
      code: 'province-merged',
      reason: expect.stringContaining('đã sáp nhập vào Tuyên Quang (VN-07)'),
      reason_en: expect.stringContaining('merged into Tuyên Quang (VN-07)'),
    });
    expect(summaryOf('incoming/VN-04/2025Q2/bien-ban-hop.docx')).toMatchObject({
      status: 'rejected',
      code: 'file-unsupported',
      reasonEn: expect.stringMatching(/not supported/),
    });
  });

  it('stores facts from the text reports with the sentence and the offsets of each number', async () => {
    const rows = await queryWarehouse(
      warehouse,
      "SELECT metric, value, denominator, evidence, span_start, span_end FROM facts WHERE source_key = ? AND metric = 'bp_commune_deputy_secretaries'",
      ['incoming/VN-22/2025Q2/000_47ce2dc210bb9c1c.txt'],
    );
    expect(rows).toHaveLength(1);
    const text = await readFile(join(SAMPLES, 'VN-22', '2025Q2', '000_47ce2dc210bb9c1c.txt'), 'utf8');
    const [fact] = rows;
    expect(fact).toMatchObject({ value: 26, denominator: 27 });
    expect(text.slice(Number(fact?.span_start), Number(fact?.span_end))).toBe('26/27');
    expect(fact?.evidence).toContain('26/27 cán bộ tăng cường xã giữ chức danh phó bí thư');
  });

  it('shows a text value in the current view only where no CSV gives the metric', async () => {
    expect(await current('VN-22', '2025Q2', 'bp_council_deputies')).toMatchObject({
      value: 18,
      denominator: 18,
      source_key: 'incoming/VN-22/2025Q2/000_47ce2dc210bb9c1c.txt',
    });
    expect(await current('VN-22', '2025Q2', 'new_party_members_admitted')).toMatchObject({
      value: 24,
      source_key: 'incoming/VN-22/2025Q2/dieu-chinh-bao-cao-quy-2-2025.csv',
    });
    const textRows = await queryWarehouse(
      warehouse,
      "SELECT COUNT(*) AS n FROM facts WHERE source_kind = 'text' AND province = 'VN-22' AND metric = 'new_party_members_admitted'",
    );
    expect(textRows).toEqual([{ n: 1 }]);
  });

  it('writes one Parquet file per source and partition, and a manifest per source', async () => {
    const keys = await new LocalWarehouseStorage(warehouse).list('');
    const manifests = keys.filter((key) => key.startsWith('ingestions/'));
    expect(manifests).toHaveLength(outcomes.length);
    const backfill = summaryOf('samples/national-backfill-2025.csv');
    expect(keys.filter((key) => key.startsWith('facts/') && key.endsWith(`${backfill?.sha256}.parquet`))).toEqual([
      `facts/year=2025/quarter=2/province=VN-71/${backfill?.sha256}.parquet`,
    ]);
    expect(
      keys.filter((key) => key.startsWith('rejections/') && key.endsWith(`${backfill?.sha256}.parquet`)),
    ).toHaveLength(3);
    expect(keys).toContain('reference/provinces.parquet');
    expect(keys).toContain('reference/metrics.parquet');
  });

  it('gives each reference table a folder of its own too, with the same rows (Athena tables need a folder)', async () => {
    for (const [file, copy] of [
      ['reference/provinces.parquet', 'reference/provinces/provinces.parquet'],
      ['reference/metrics.parquet', 'reference/metrics/metrics.parquet'],
    ] as const) {
      const [difference] = await queryWarehouse(
        warehouse,
        `SELECT
        (SELECT COUNT(*) FROM (SELECT * FROM read_parquet($1) EXCEPT ALL SELECT * FROM read_parquet($2))) AS missing,
        (SELECT COUNT(*) FROM read_parquet($2)) AS copied`,
        [join(warehouse, file), join(warehouse, copy)],
      );
      expect(difference?.missing, copy).toBe(0);
      expect(difference?.copied, copy).toBeGreaterThan(0);
    }
  });

  it('exposes the reference views', async () => {
    const provinces = await queryWarehouse(
      warehouse,
      'SELECT COUNT(*) AS units, COUNT(DISTINCT code) AS codes, SUM(CASE WHEN is_current THEN 1 ELSE 0 END) AS current_units FROM provinces',
    );
    expect(provinces).toEqual([{ units: 86, codes: 63, current_units: 34 }]);
    const hagiang = await queryWarehouse(
      warehouse,
      "SELECT last_period, current_code FROM provinces WHERE code = 'VN-03'",
    );
    expect(hagiang).toEqual([{ last_period: '2025Q2', current_code: 'VN-07' }]);
    const metrics = await queryWarehouse(
      warehouse,
      "SELECT unit, ratio_ok FROM metric_catalog WHERE code = 'bp_council_deputies'",
    );
    expect(metrics).toEqual([{ unit: 'persons', ratio_ok: true }]);
  });

  it('changes nothing when the same files are ingested again', async () => {
    const before = await snapshot(warehouse);
    const again = await ingestPaths(SAMPLE_SOURCES, { warehouse });
    expect(again.every(({ summary }) => summary?.status === 'duplicate')).toBe(true);
    expect(await snapshot(warehouse)).toEqual(before);
  });
});
