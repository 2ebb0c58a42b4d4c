/**
 * A CSV's rows checked by DuckDB give the warehouse, the manifests and the report exactly what the
 * JavaScript row checks give: the samples and a generated landing of good and bad rows (duplicates,
 * bad periods, other provinces, units and scales, implausible values, metric-named cells, title
 * rows, an over-long cell), ingested once with every CSV checked in the engine and once with none.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ParquetSourceWriter } from '../../adapters/duckdb/parquet-source-writer.js';
import { ingestPaths, type FileOutcome } from '../../cli/commands/ingest.js';
import { readCsvTextRows } from '../../pipelines/csv/csv-text-rows.js';
import { CSV_LIMITS } from '../../pipelines/ingest/limits.js';
import { loadMetricCatalog } from '../../pipelines/reference/catalog.js';
import { loadProvinceUnits } from '../../pipelines/reference/provinces.js';
import { makeTemporaryFolder, removeFolder, SAMPLE_BACKFILL, SAMPLES } from '../helpers.js';
import { comparable, manifests, viewRows } from '../support/compare-ingests.js';
import { seededRandom } from '../../bench/data.js';

const LANDINGS = [
  ['VN-22', '2024Q3'],
  ['VN-04', '2024Q4'],
  ['VN-33', '2025Q1'],
] as const;
const PERIODS = ['2024Q3', 'Quý III/2024', 'Q4/2024', '2024Q4', '2025Q1', '2031Q1', '2024Q5', ''];
const PROVINCES = ['VN-22', 'Nghệ An', 'VN-04', 'Cao Bằng', 'VN-33', 'VN-99', 'vn-22', ''];
const VALUES = ['12', '1.234', '1,5', '1.5', '-3', 'N/A', '', 'abc', '26/27', '3/0', '1 234', '25.000.000'];
const SCALED = ['1,2 tỷ đồng', '2.100 kg', '3 tấn', '500 triệu đồng', '5 người', '7 lít', '9.000.000.000.000'];
const UNITS = ['', '', '', 'tấn', 'kg', 'triệu đồng', 'người'];
const DENOMINATORS = ['', '', '', '27', '0', '1,5'];

/** Mixed good and bad rows for three landings, long and wide, with title rows and repeated keys. */
async function writeGeneratedLanding(root: string): Promise<string[]> {
  const random = seededRandom(1818);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const metrics = loadMetricCatalog().metrics;
  const files: string[] = [];
  for (const [province, quarter] of LANDINGS) {
    const folder = join(root, province, quarter);
    await mkdir(folder, { recursive: true });
    const named = metrics[3]!.code;
    const lines = [
      'BÁO CÁO SỐ LIỆU',
      `Đơn vị: ${province};;Kỳ: ${quarter}`,
      '',
      `Mã tỉnh;Quý;Chỉ tiêu;Số liệu;Đơn vị tính;Mẫu số;Ghi chú;${named}`,
    ];
    const rows: string[] = [];
    for (let row = 0; row < 400; row++) {
      const good = random() < 0.6;
      const cells = [
        good ? province : pick(PROVINCES),
        good ? quarter : pick(PERIODS),
        random() < 0.9 ? pick(metrics).code : pick(['unknown_metric', metrics[0]!.label_vi, '']),
        good ? String(Math.floor(random() * 300)) : random() < 0.5 ? pick(VALUES) : pick(SCALED),
        good ? '' : pick(UNITS),
        good ? '' : pick(DENOMINATORS),
        random() < 0.1 ? 'ghi chú' : '',
        random() < 0.05 ? '7' : '',
      ];
      rows.push(cells.join(';'));
      if (random() < 0.08) rows.push(cells.join(';'));
    }
    lines.push(...rows, ' ; ; ', ...rows.slice(0, 20));
    files.push(join(folder, `so-lieu-${quarter}.csv`));
    await writeFile(files.at(-1)!, `${lines.join('\r\n')}\r\n`);

    const wide = [`province,period,${metrics[0]!.code},${metrics[1]!.code},${metrics[2]!.code},cot_la`];
    for (let row = 0; row < 150; row++) {
      const values = [0, 1, 2, 3].map(() => (random() < 0.7 ? String(Math.floor(random() * 90)) : pick(VALUES)));
      wide.push(
        [random() < 0.8 ? province : pick(PROVINCES), random() < 0.8 ? quarter : pick(PERIODS), ...values].join(','),
      );
    }
    files.push(join(folder, `bang-ngang-${quarter}.csv`));
    await writeFile(files.at(-1)!, `${wide.join('\n')}\n`);
  }
  // An over-long cell: left to the JavaScript rules, with the same result either way.
  const [province, quarter] = LANDINGS[0];
  const long = [
    'province,period,metric,value',
    `${province},${quarter},${metrics[0]!.code},${'9'.repeat(CSV_LIMITS.cellChars + 5)}`,
  ];
  await writeFile(join(root, province, quarter, 'o-qua-dai.csv'), `${long.join('\n')}\n`);
  return files;
}

/**
 * A national backfill over a decade of quarters and every province, with repeated keys and bad
 * rows: its facts and rejections each span hundreds of partitions, so each table is written a
 * quarter at a time.
 */
async function writeNationalFile(folder: string): Promise<string> {
  const random = seededRandom(2718);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const metrics = loadMetricCatalog().metrics.map((metric) => metric.code);
  const provinces = loadProvinceUnits().map((unit) => unit.code);
  const periods = Array.from({ length: 40 }, (_, index) => `${2016 + Math.floor(index / 4)}Q${(index % 4) + 1}`);
  const rows = ['province,period,metric,value'];
  for (let row = 0; row < 3000; row++) {
    const good = random() < 0.85;
    rows.push(
      [pick(provinces), good ? pick(periods) : pick(PERIODS), pick(metrics), good ? '7' : pick(VALUES)].join(','),
    );
    if (random() < 0.1) rows.push(rows.at(-1)!);
  }
  const path = join(folder, 'toan-quoc', 'nhieu-quy.csv');
  await mkdir(join(folder, 'toan-quoc'), { recursive: true });
  await writeFile(path, `${rows.join('\n')}\n`);
  return path;
}

describe('rows checked in the engine', () => {
  let folder: string;
  let generated: string[];
  const runs: Record<'engine' | 'javascript', { warehouse: string; outcomes: FileOutcome[] }> = {} as never;
  const engineChecks: Partial<Record<'engine' | 'javascript', number>> = {};
  let current: 'engine' | 'javascript' = 'engine';

  beforeAll(async () => {
    folder = await makeTemporaryFolder();
    const landing = join(folder, 'landing', 'incoming');
    await cp(SAMPLES, landing, { recursive: true });
    generated = [...(await writeGeneratedLanding(landing)), await writeNationalFile(folder)];
    const paths = [landing, SAMPLE_BACKFILL, generated.at(-1)!];
    const uploadedAt = new Date('2025-06-01T00:00:00Z');
    // Counts the sources whose rows DuckDB checked, whatever wraps the writer on the way.
    const open = ParquetSourceWriter.prototype.open;
    vi.spyOn(ParquetSourceWriter.prototype, 'open').mockImplementation(async function (
      this: ParquetSourceWriter,
      source,
    ) {
      const write = await open.call(this, source);
      const checkRows = write.checkRows?.bind(write);
      if (checkRows)
        write.checkRows = async (rows) => {
          engineChecks[current] = (engineChecks[current] ?? 0) + 1;
          return checkRows(rows);
        };
      return write;
    });
    for (const [name, fromBytes] of [
      ['engine', 0],
      ['javascript', Number.POSITIVE_INFINITY],
    ] as const) {
      current = name;
      const warehouse = join(folder, name);
      const outcomes = await ingestPaths(paths, {
        warehouse,
        groups: false,
        uploadedAt,
        rowsInEngineFromBytes: fromBytes,
      });
      runs[name] = { warehouse, outcomes };
    }
  }, 300_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await removeFolder(folder);
  });

  it('has DuckDB check the rows of the CSV files it can split, and none when told not to', () => {
    expect(engineChecks.engine).toBeGreaterThanOrEqual(generated.length);
    expect(engineChecks.javascript).toBeUndefined();
  });

  it('hands the generated files to the engine', async () => {
    for (const file of generated) {
      const text = await readFile(file, 'utf8');
      expect(readCsvTextRows(text, { landingProvince: null, landingPeriod: null, now: new Date() })).toBeDefined();
    }
  });

  it('reports every file as the JavaScript rules do', () => {
    expect(runs.engine.outcomes.length).toBeGreaterThan(40);
    expect(runs.engine.outcomes.map(comparable)).toEqual(runs.javascript.outcomes.map(comparable));
    const rejected = runs.engine.outcomes.filter((outcome) => (outcome.summary?.rejected ?? 0) > 0);
    expect(rejected.length).toBeGreaterThan(5);
  });

  it('stores the same facts and rejections', async () => {
    const facts = await viewRows(runs.engine.warehouse, 'facts', 'ingested_at');
    expect(facts.length).toBeGreaterThan(500);
    expect(facts).toEqual(await viewRows(runs.javascript.warehouse, 'facts', 'ingested_at'));
    const rejections = await viewRows(runs.engine.warehouse, 'rejections', 'rejected_at');
    expect(rejections.length).toBeGreaterThan(500);
    const codes = new Set(rejections.map((row) => JSON.parse(row).code));
    for (const code of [
      'row-duplicate',
      'period-invalid',
      'province-not-in-folder',
      'metric-named-cell',
      'unit-mismatch',
    ])
      expect(codes).toContain(code);
    expect(rejections).toEqual(await viewRows(runs.javascript.warehouse, 'rejections', 'rejected_at'));
  });

  it('writes the same manifests', async () => {
    expect(await manifests(runs.engine.warehouse)).toEqual(await manifests(runs.javascript.warehouse));
  });
});
