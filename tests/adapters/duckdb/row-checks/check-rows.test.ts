/**
 * The engine's row checks against the JavaScript rules they port (`parseProvinceCsv`, kept as the
 * oracle): on every sample CSV, on hand-picked edge cases and on a generated corpus of mixed good
 * and bad rows, the same facts and the same rejections, field by field and in the same order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbDatabase, quoteSqlIdentifier } from '../../../../adapters/duckdb/duckdb-database.js';
import { checkRows, dropCheckedTables, textPieces } from '../../../../adapters/duckdb/row-checks/check-rows.js';
import { readCsvTextRows } from '../../../../pipelines/csv/csv-text-rows.js';
import { parseProvinceCsv, type CsvSourceContext } from '../../../../pipelines/csv/parse-province-csv.js';
import { describeLanding } from '../../../../pipelines/ingest/landing-path.js';
import { formatPeriod, type Period } from '../../../../pipelines/period.js';
import { loadMetricCatalog } from '../../../../pipelines/reference/catalog.js';
import { CSV_LIMITS } from '../../../../pipelines/ingest/limits.js';
import { decodeText } from '../../../../pipelines/text/decode-text.js';
import { partitionOf } from '../../../../pipelines/warehouse/layout.js';
import { makeTemporaryFolder, PROJECT_ROOT, removeFolder, SAMPLE_BACKFILL, SAMPLES } from '../../../helpers.js';

const NOW = new Date('2026-01-01T00:00:00Z');
let database: DuckDbDatabase;
let scratch: string;
beforeAll(async () => {
  database = await DuckDbDatabase.open({ threads: 2 });
  scratch = await makeTemporaryFolder('provstat-row-checks-');
});
afterAll(async () => {
  database.close();
  await removeFolder(scratch);
});

const periodText = (period: Period | null): string | null => (period ? formatPeriod(period) : null);

/** What the JavaScript rules read: facts and rejections as the warehouse stores them, in order. */
function byJavaScript(text: string, context: CsvSourceContext) {
  const result = parseProvinceCsv(text, context);
  return {
    read: result.read,
    unreadable: result.unreadable ?? null,
    facts: result.facts.map((fact) => ({
      line: fact.sourceRow,
      province: fact.province,
      period: formatPeriod(fact.period),
      metric: fact.metric,
      value: fact.value,
      denominator: fact.denominator,
      unit: fact.unit,
      note: fact.note,
    })),
    rejections: result.rejections.map((rejection) => ({
      line: rejection.sourceRow,
      column: rejection.column,
      raw: rejection.rawValue,
      code: rejection.code,
      vi: rejection.reason,
      en: rejection.reasonEn,
      period: periodText(rejection.period),
      partition: partitionOf(rejection.period, rejection.province),
    })),
  };
}

/** What the engine's rules read, from the same text. */
async function byEngine(text: string, context: CsvSourceContext, pieceChars?: number) {
  const reading = readCsvTextRows(text, context);
  if (!reading) return undefined;
  const { checked, tables } = await checkRows(database, scratch, reading.rows, pieceChars ? { pieceChars } : {});
  try {
    const facts = await database.query(
      `SELECT source_row AS line, province, period, metric, value, denominator, unit, note
      FROM ${quoteSqlIdentifier(tables.facts)} ORDER BY "#"`,
    );
    const rejections = await database.query(
      `SELECT source_row AS line, "column", raw_value AS raw, code, reason AS vi, reason_en AS en, period,
        year, quarter, province FROM ${quoteSqlIdentifier(tables.rejections)} ORDER BY "#"`,
    );
    return {
      read: checked.read,
      unreadable: null,
      facts: facts.rows,
      rejections: rejections.rows.map(({ year, quarter, province, ...rest }) => ({
        ...rest,
        partition: { year, quarter, province },
      })),
    };
  } finally {
    await dropCheckedTables(database, tables);
  }
}

/** Whether the engine read the text (else it is left to the JavaScript rules), having read it as they do. */
async function expectSame(text: string, context: CsvSourceContext, pieceChars?: number): Promise<boolean> {
  const expected = byJavaScript(text, context);
  const actual = await byEngine(text, context, pieceChars);
  if (actual === undefined) return false;
  expect(actual).toEqual({ ...expected, unreadable: null });
  expect(expected.unreadable).toBeNull();
  return true;
}

const context = (overrides: Partial<CsvSourceContext> = {}): CsvSourceContext => ({
  landingProvince: null,
  landingPeriod: null,
  now: NOW,
  ...overrides,
});

describe('the engine reads every sample CSV as the JavaScript rules do', () => {
  const uploads = readdirSync(SAMPLES, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('.csv'));
  const files = [...uploads.map((path) => join(SAMPLES, path)), SAMPLE_BACKFILL].sort();
  it('has samples', () => expect(files.length).toBeGreaterThan(25));
  const read: string[] = [];
  it.each(files.map((file) => [basename(file), file]))('%s', async (_name, file) => {
    const decoded = decodeText(new Uint8Array(readFileSync(file)));
    if (!decoded.ok) return;
    const landing = describeLanding(relative(PROJECT_ROOT, file).split(sep).join('/'));
    const byEngine = await expectSame(
      decoded.text,
      context({ landingProvince: landing.province ?? null, landingPeriod: landing.period ?? null }),
    );
    if (byEngine) read.push(file);
  });
  it('reads many of them in the engine (those with quotes are left to JavaScript)', () => {
    expect(read.length).toBeGreaterThanOrEqual(10);
  });
});

describe('the engine reads edge cases as the JavaScript rules do', () => {
  const cases: [string, string, Partial<CsvSourceContext>][] = [
    [
      'quoted decimals and an unclosed quote',
      'province,period,metric,value\r\nVN-22,2024Q3,border_posts,"1,5"\r\nVN-22,2024Q3,border_posts,"12\r\n',
      {},
    ],
    [
      'too many cells',
      'province,period,metric,value\nVN-22,2024Q3,border_posts,1,5\nVN-22,2024Q3,border_communes,7,\n',
      {},
    ],
    [
      'periods in every form',
      'province,period,metric,value\nVN-22,Quý III/2024,border_posts,1\nVN-22,Q3-2024,border_communes,2\nVN-22,3/2024,border_posts,3\nVN-22,,border_posts,4\nVN-22,2099Q1,border_posts,5\n',
      {},
    ],
    [
      'provinces by name, withdrawn, merged and elsewhere',
      'province,period,metric,value\nNghệ An,2024Q3,border_posts,1\nVN-48,2024Q3,border_posts,2\nVN-03,2025Q4,border_posts,3\nNghe Anh,2024Q3,border_posts,4\n,2024Q3,border_posts,5\nvn-99,2024Q3,border_posts,6\nVN-22,2024Q3,border_communes,7\n',
      { landingProvince: 'VN-22', landingPeriod: { year: 2024, quarter: 3 } },
    ],
    [
      'units, scales, ratios and bounds',
      'Mã tỉnh;Quý;Chỉ tiêu;Số liệu;Mẫu số;Đơn vị tính;Ghi chú\nVN-22;2024Q3;border_posts;1,5;;;\nVN-22;2024Q3;border_posts;-3;;;\nVN-22;2024Q3;border_posts;2.100 cái;;cái;n\nVN-22;2024Q3;border_posts;2;;tấn;\nVN-22;2024Q3;border_posts;2;;lít;\n',
      {},
    ],
    [
      'no value given',
      'province,period,metric,value\nVN-22,2024Q3,border_posts,N/A\nVN-22,2024Q3,border_communes,-\nVN-22,2024Q4,border_posts,không có\nVN-22,2024Q4,border_communes,\nVN-22,2025Q1,border_posts,x\n',
      {},
    ],
    [
      'wide layout with an unknown column and a blank row',
      'province,period,border_posts,border_communes,ghi_chu_khac\nVN-22,2024Q3,16,27,abc\n,,,,\nVN-22,2024Q3,16,,\nVN-22,2024Q4,1.5,"2,0",x\n',
      {},
    ],
    [
      'metric labels and unknown metrics',
      'province,period,metric,value\nVN-22,2024Q3,Số đồn biên phòng,1\nVN-22,2024Q3,so don bien phong,2\nVN-22,2024Q3,bordr_posts,3\nVN-22,2024Q3,,4\n',
      {},
    ],
  ];
  it.each(cases)('%s', async (_name, text, overrides) => {
    await expectSame(text, context(overrides));
  });
});

describe('what the engine does not split is left to the JavaScript rules', () => {
  const header = 'province,period,metric,value\n';
  it.each([
    ['a quoted cell', `${header}VN-22,2024Q3,border_posts,"1,5"\n`],
    ['a cell over the limit', `${header}VN-22,2024Q3,border_posts,${'1'.repeat(CSV_LIMITS.cellChars + 1)}\n`],
    ['a line over the limit', `${header}VN-22,2024Q3,border_posts,1,${'x,'.repeat(CSV_LIMITS.lineChars / 2)}\n`],
    ['mixed line breaks', `${header}VN-22,2024Q3,border_posts,1\r\nVN-22,2024Q3,border_communes,2\n`],
    ['lines broken by a lone CR', 'province,period,metric,value\rVN-22,2024Q3,border_posts,1\r'],
    ['no header', 'a,b\n1,2\n'],
  ])('%s', (_name, text) => {
    expect(readCsvTextRows(text, context())).toBeUndefined();
  });

  it('reads CRLF text and title rows in the engine', async () => {
    const text =
      'Báo cáo quý 3\r\n\r\nprovince,period,metric,value\r\nVN-22,2024Q3,border_posts,1\r\n \r\nVN-22,2024Q3,border_posts,2\r\n';
    expect(await expectSame(text, context())).toBe(true);
  });

  it('numbers the lines of a text staged in many pieces as the JavaScript rules do', async () => {
    const lines = ['Báo cáo quý 3', '', 'province,period,metric,value'];
    for (let row = 0; row < 60; row++)
      lines.push(row % 9 === 4 ? ' ' : `VN-22,2024Q3,${row % 2 ? 'border_posts' : 'nope'},${row % 7 ? row : 'x'}`);
    for (const newline of ['\n', '\r\n']) {
      const text = `${lines.join(newline)}${newline}`;
      for (const pieceChars of [1, 7, 40, 333]) expect(await expectSame(text, context(), pieceChars)).toBe(true);
    }
  });

  it('cuts a text into pieces whose lines are the lines of the whole text', () => {
    const text = 'a\r\nbb\r\n\r\nccc\r\nd';
    for (const pieceChars of [1, 2, 5, 100]) {
      const pieces = [...textPieces(text, '\r\n', pieceChars)];
      expect(pieces.flatMap(({ start, end }) => text.slice(start, end).split('\r\n'))).toEqual(text.split('\r\n'));
      expect(pieces.map(({ firstLine }) => firstLine)).toEqual(
        pieces.map((_, index) => 1 + pieces.slice(0, index).reduce((sum, piece) => sum + piece.lines, 0)),
      );
      expect(pieces.reduce((sum, piece) => sum + piece.lines, 0)).toBe(5);
    }
  });
});

describe('the engine reads a generated corpus as the JavaScript rules do', () => {
  const metrics = loadMetricCatalog().metrics;
  const ratioMetric = metrics.find((metric) => metric.ratio_ok)?.code ?? metrics[0]!.code;
  const moneyMetric = metrics.find((metric) => metric.unit === 'vnd')?.code ?? metrics[0]!.code;
  const kgMetric = metrics.find((metric) => metric.unit === 'kg')?.code ?? metrics[0]!.code;
  const cell = (...choices: string[]) => fc.constantFrom(...choices);
  const province = cell(
    'VN-22',
    'VN-03',
    'vn-22',
    'Nghệ An',
    'Nghe An',
    'VN-48',
    'VN-99',
    '',
    'Hà Giang',
    'Tuyên Quang',
  );
  const period = cell(
    '2024Q3',
    '2024 Q3',
    'Q3/2024',
    'Quý III/2024',
    'Quý 3 năm 2024',
    '2025Q4',
    '2027Q1',
    '3/2024',
    '',
    'abc',
  );
  const metric = cell(
    metrics[0]!.code,
    metrics[1]!.code,
    ratioMetric,
    moneyMetric,
    kgMetric,
    metrics[0]!.label_vi,
    'unknown',
    '',
  );
  const value = fc.oneof(
    cell(
      '12',
      '1.234',
      '1,5',
      '1.5',
      '12.34.5',
      '1 234',
      '-3',
      '−0',
      '0',
      'N/A',
      '-',
      '',
      'x',
      'abc',
      '26/27',
      '27/26',
      '3/0',
    ),
    cell(
      '1,2 tỷ đồng',
      '2.100 kg',
      '3 tấn',
      '500 triệu đồng',
      '5 người',
      '7 lít',
      '1,5 tấn',
      '10 g',
      '99999999999999999999',
      '25.000.000',
      '9.000.000.000.000.000',
      '1.000.000 tỷ đồng',
    ),
    fc.integer({ min: 0, max: 100_000 }).map(String),
  );
  const unit = cell('', '', '', 'tấn', 'kg', 'triệu đồng', 'người', 'lít');
  const denominator = cell('', '', '', '27', '0', '1,5', 'abc');
  const note = cell('', 'ghi chú', ' ');
  const row = fc.tuple(province, period, metric, value, unit, denominator, note);
  const landing = fc.constantFrom<Partial<CsvSourceContext>>(
    {},
    { landingProvince: 'VN-22', landingPeriod: { year: 2024, quarter: 3 } },
  );
  const delimiter = fc.constantFrom(',', ';');
  // Cells as a clerk types them, never quoted: a decimal comma in a comma-separated file makes a row too long.
  const title = fc.constantFrom<string[]>(
    [],
    ['BÁO CÁO SỐ LIỆU QUÝ'],
    ['Đơn vị: BĐBP tỉnh Nghệ An', '', 'Ngày 01/10/2024'],
  );
  const withTitle = (lines: string[], titles: string[]): string => `${[...titles, ...lines].join('\n')}\n`;

  it('gives the same facts and rejections for every row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 60 }),
        landing,
        delimiter,
        title,
        fc.boolean(),
        async (rows, where, sep, titles, metricNamed) => {
          const header = ['province', 'period', 'metric', 'value', 'don_vi', 'mau_so', 'ghi_chu'];
          const lines = [[...header, ...(metricNamed ? [metrics[2]!.code] : [])].join(sep)];
          // Every third row again further down: the repeats are duplicates.
          for (const cells of [...rows, ...rows.filter((_, index) => index % 3 === 0)])
            lines.push([...cells, ...(metricNamed ? [cells[3]] : [])].join(sep));
          expect(await expectSame(withTitle(lines, titles), context(where))).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gives the same facts and rejections in the wide layout', async () => {
    const wideRow = fc.tuple(province, period, value, value, value);
    await fc.assert(
      fc.asyncProperty(
        fc.array(wideRow, { minLength: 1, maxLength: 40 }),
        landing,
        title,
        async (rows, where, titles) => {
          const lines = [`province;period;${metrics[0]!.code};${metrics[1]!.code};not_a_metric`];
          for (const cells of [...rows, ...rows.slice(0, 3)]) lines.push(cells.join(';'));
          expect(await expectSame(withTitle(lines, titles), context(where))).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });
});
