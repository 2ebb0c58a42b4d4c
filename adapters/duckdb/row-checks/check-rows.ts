/**
 * The upload contract's row rules run by DuckDB over a whole table at once: records staged as
 * text, the names in them (periods, provinces, metrics) resolved once per distinct text by the
 * catalog's own functions, then every rule of pipelines/csv/parse-province-csv.ts and
 * pipelines/values/metric-value.ts as SQL, in the same order, yielding the same facts and the same
 * rejections (codes and messages). The result is two staged tables, `facts` and `rejections`, in
 * the writer's staging columns. The SQL text holds only constants and quoted identifiers; a file's
 * values arrive as rows of tables or as bound parameters.
 */
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckedRows, TextRowRole, TextRows } from '../../../pipelines/facts/text-rows.js';
import { problem } from '../../../pipelines/facts/rejection-codes.js';
import { findMetric, suggestMetrics } from '../../../pipelines/reference/catalog.js';
import { describeProvince, resolveProvince } from '../../../pipelines/reference/provinces.js';
import { LAST_YEAR, parsePeriod, periodOf } from '../../../pipelines/period.js';
import { firstPartitionYear, partitionProvinceCodes, UNKNOWN_PROVINCE } from '../../../pipelines/warehouse/layout.js';
import type { TableColumn } from '../../../pipelines/warehouse/table-columns.js';
import {
  literalPath,
  quoteSqlIdentifier,
  quoteSqlString,
  type AppendValue,
  type DuckDbDatabase,
} from '../duckdb-database.js';
import { FACT_STAGING_COLUMNS, REJECTION_STAGING_COLUMNS, ROW_NUMBER } from '../row-file.js';
import { MACRO_PREFIX, NUMBER_MACROS } from './number-macros.js';
import { referenceTableStatements, UNIT_LABELS_TABLE, UNIT_NAMES_TABLE } from './reference-sql.js';
import { fullMatch, messageSql, WS_CLASS, type MessageParamsSql } from './sql-text.js';
import type { RejectionCode } from '../../../pipelines/facts/rejection-codes.js';
import { NO_VALUE_KEYS } from '../../../pipelines/values/metric-value.js';

/** The staged tables of one check, dropped by `dropCheckedTables`. */
export interface CheckedTables {
  readonly facts: string;
  readonly rejections: string;
  /** Every table the check made, the two above included. */
  readonly all: readonly string[];
}

/** The connections the checks' macros and reference tables are made on (temporary, so per connection). */
const definedOn = new WeakMap<DuckDbDatabase, Promise<void>>();

/** Makes the macros and reference tables the checks use, once per connection. */
export function defineRowChecks(database: DuckDbDatabase): Promise<void> {
  let defined = definedOn.get(database);
  if (!defined) {
    defined = (async () => {
      for (const statement of [...NUMBER_MACROS, ...referenceTableStatements()]) await database.runStatement(statement);
    })();
    definedOn.set(database, defined);
    defined.catch(() => definedOn.delete(database));
  }
  return defined;
}

const m = (name: string): string => `${MACRO_PREFIX}${name}`;
const id = quoteSqlIdentifier;
const column = (name: string, type: TableColumn['type']): TableColumn => ({
  name,
  type,
  nullable: true,
  description: '',
});

/** The staged tables' order: by partition, so that a write a quarter at a time reads only that quarter's blocks. */
const PARTITION_ORDER = ['year', 'quarter', 'province', ROW_NUMBER].map((name) => id(name)).join(', ');

/**
 * Checks the records of `rows` and stages the facts and rejections in temporary tables of the
 * connection; `scratch` takes the records a JavaScript reader split.
 */
export async function checkRows(
  database: DuckDbDatabase,
  scratch: string,
  rows: TextRows,
  options: { readonly pieceChars?: number } = {},
): Promise<{ checked: CheckedRows; tables: CheckedTables }> {
  await defineRowChecks(database);
  const prefix = `${MACRO_PREFIX}check_${randomUUID().replaceAll('-', '')}`;
  const names = {
    records: `${prefix}_records`,
    names: `${prefix}_names`,
    metrics: `${prefix}_metrics`,
    cells: `${prefix}_cells`,
    context: `${prefix}_context`,
    checked: `${prefix}_checked`,
    keyed: `${prefix}_keyed`,
    facts: `${prefix}_facts`,
    rejections: `${prefix}_rejections`,
  };
  const tables: CheckedTables = { facts: names.facts, rejections: names.rejections, all: Object.values(names) };
  await stageRecords(database, scratch, rows, names.records, options.pieceChars ?? RECORD_PIECE_CHARS);
  const cellOf = (role: TextRowRole): string => {
    const index = rows.roles[role];
    return index === undefined ? "''" : `${m('trim')}(coalesce(cells[${position(index)}], ''))`;
  };
  await resolveNames(database, rows, names, cellOf);
  await loadContext(database, rows, names);
  await database.runStatement(checkStatement(rows, names, cellOf));
  // The records and the names resolved in them are in the checked table now; their memory goes to the next steps.
  for (const table of [names.records, names.names, names.metrics, names.cells, names.context])
    await database.dropTable(table);
  const cellsPerLine = rows.valueCells.length + 1;
  await database.runStatement(keyedStatement(names, cellsPerLine));
  await database.runStatement(factsStatement(names, cellsPerLine));
  await database.runStatement(rejectionsStatement(names, cellsPerLine));
  const summary = await database.query(
    `SELECT (SELECT count(*) FROM ${id(names.checked)}) AS read,
      (SELECT string_agg(DISTINCT period, ',' ORDER BY period) FROM ${id(names.facts)}) AS periods`,
  );
  // Only the staged facts and rejections outlive the check: the rest would hold memory through the write.
  for (const table of tables.all)
    if (table !== tables.facts && table !== tables.rejections) await database.dropTable(table);
  const row = summary.rows[0] ?? {};
  const periods = row.periods === null || row.periods === undefined ? [] : String(row.periods).split(',');
  return {
    checked: { read: Number(row.read ?? 0), periods },
    tables,
  };
}

/** Drops the tables of a check. */
export async function dropCheckedTables(database: DuckDbDatabase, tables: CheckedTables): Promise<void> {
  for (const table of tables.all) await database.dropTable(table);
}

/** A list position in SQL (1-based) of a cell index (0-based), checked to be a plain integer. */
function position(index: number): number {
  if (!Number.isSafeInteger(index) || index < 0) throw new Error(`a cell index must be a whole number: ${index}`);
  return index + 1;
}

/**
 * Characters of the text staged per statement: each piece is read as one value and split into its
 * lines, so the engine holds a few pieces at a time instead of the whole file and every line of it.
 */
export const RECORD_PIECE_CHARS = 4 * 1024 * 1024;

/**
 * The records after the header as `(line, problem_code, problem_vi, problem_en, cells)`: the text
 * written to the scratch folder as UTF-8 a piece of whole lines at a time and read back by the
 * engine, which splits each piece into lines (numbered from 1 over the whole text, as the
 * JavaScript reader numbers them) and each line into its cells.
 */
async function stageRecords(
  database: DuckDbDatabase,
  scratch: string,
  rows: TextRows,
  table: string,
  pieceChars: number,
): Promise<void> {
  const { text, delimiter, newline } = rows.body;
  const path = join(scratch, `${table}.txt`);
  await database.run(
    `CREATE TEMP TABLE ${id(table)} (line INTEGER, problem_code VARCHAR, problem_vi VARCHAR, problem_en VARCHAR,
      cells VARCHAR[])`,
  );
  const insert = `INSERT INTO ${id(table)} SELECT CAST(line AS INTEGER), NULL, NULL, NULL, string_split(text, $1)
    FROM (SELECT unnest(lines) AS text, generate_subscripts(lines, 1) + $2 AS line
      FROM (SELECT string_split(content, $3) AS lines FROM read_text($4)))
    WHERE line > $5`;
  try {
    for (const piece of textPieces(text, newline, pieceChars)) {
      if (piece.firstLine + piece.lines - 1 <= rows.headerLine) continue;
      await writeFile(path, text.slice(piece.start, piece.end));
      await database.run(insert, [delimiter, piece.firstLine - 1, newline, literalPath(path), rows.headerLine]);
    }
  } finally {
    await rm(path, { force: true });
  }
}

/**
 * The text cut into pieces of about `pieceChars` characters at line breaks, the breaks between
 * pieces left out: splitting each piece at `newline` gives, piece after piece, the lines splitting
 * the whole text gives.
 */
export function* textPieces(
  text: string,
  newline: string,
  pieceChars: number,
): Generator<{ start: number; end: number; firstLine: number; lines: number }> {
  if (!Number.isSafeInteger(pieceChars) || pieceChars < 1) throw new Error(`not a piece size: ${pieceChars}`);
  let start = 0;
  let firstLine = 1;
  for (;;) {
    const cut = start + pieceChars >= text.length ? -1 : text.indexOf(newline, start + pieceChars);
    const end = cut < 0 ? text.length : cut;
    let lines = 1;
    for (let at = text.indexOf(newline, start); at >= 0 && at < end; at = text.indexOf(newline, at + newline.length))
      lines++;
    yield { start, end, firstLine, lines };
    if (cut < 0) return;
    start = cut + newline.length;
    firstLine += lines;
  }
}

interface Names {
  readonly records: string;
  readonly names: string;
  readonly metrics: string;
  readonly cells: string;
  readonly context: string;
  readonly checked: string;
  readonly keyed: string;
  readonly facts: string;
  readonly rejections: string;
}

const PROBLEM_COLUMNS = (prefix: string): TableColumn[] => [
  column(`${prefix}_code`, 'VARCHAR'),
  column(`${prefix}_vi`, 'VARCHAR'),
  column(`${prefix}_en`, 'VARCHAR'),
];

/**
 * Each distinct (period, province) and metric text of the records, resolved by the catalog's
 * functions (the JavaScript rules themselves, run once per distinct text, not once per row).
 */
async function resolveNames(
  database: DuckDbDatabase,
  rows: TextRows,
  names: Names,
  cellOf: (role: TextRowRole) => string,
): Promise<void> {
  const pairs = await database.query(
    `SELECT DISTINCT ${cellOf('period')} AS period_text, ${cellOf('province')} AS province_text FROM ${id(names.records)}`,
  );
  const nameRows: AppendValue[][] = pairs.rows.map((row) => {
    const periodText = String(row.period_text ?? '');
    const provinceText = String(row.province_text ?? '');
    const period = parsePeriod(periodText);
    if (!period) {
      const found = periodText ? problem('period-invalid', { value: periodText }) : problem('period-missing');
      return [periodText, provinceText, null, null, found.code, found.vi, found.en, null, null, null, null, null, null];
    }
    const province = resolveProvince(provinceText, period);
    if (!province.ok) {
      const upper = provinceText.toUpperCase();
      const fallback = upper.startsWith('VN-') ? upper : rows.landingProvince;
      const { code, vi, en } = province.problem;
      return [
        periodText,
        provinceText,
        period.year,
        period.quarter,
        null,
        null,
        null,
        null,
        null,
        fallback,
        code,
        vi,
        en,
      ];
    }
    const code = province.unit.code;
    return [periodText, provinceText, period.year, period.quarter, null, null, null, code, describeProvince(code)];
  });
  await database.loadTable(
    names.names,
    [
      column('period_text', 'VARCHAR'),
      column('province_text', 'VARCHAR'),
      column('year', 'INTEGER'),
      column('quarter', 'INTEGER'),
      ...PROBLEM_COLUMNS('period_problem'),
      column('province_code', 'VARCHAR'),
      column('province_shown', 'VARCHAR'),
      column('province_fallback', 'VARCHAR'),
      ...PROBLEM_COLUMNS('province_problem'),
    ],
    nameRows,
  );
  const metricTexts =
    rows.layout === 'long'
      ? await database.query(`SELECT DISTINCT ${cellOf('metric')} AS metric_text FROM ${id(names.records)}`)
      : { rows: [] };
  await database.loadTable(
    names.metrics,
    [
      column('metric_text', 'VARCHAR'),
      column('metric', 'VARCHAR'),
      column('metric_unit', 'VARCHAR'),
      column('ratio_ok', 'BOOLEAN'),
      ...PROBLEM_COLUMNS('metric_problem'),
    ],
    metricTexts.rows.map((row) => {
      const text = String(row.metric_text ?? '');
      const metric = findMetric(text);
      if (metric) return [text, metric.code, metric.unit, metric.ratio_ok, null, null, null];
      const found = text ? problem('metric-unknown', { value: text }, suggestMetrics(text)) : problem('metric-missing');
      return [text, null, null, null, found.code, found.vi, found.en];
    }),
  );
}

/** The value cells and the values of the whole check (landing, time, header), as tables: never SQL text. */
async function loadContext(database: DuckDbDatabase, rows: TextRows, names: Names): Promise<void> {
  await database.loadTable(
    names.cells,
    [
      column('cell_index', 'INTEGER'),
      column('cell_order', 'INTEGER'),
      column('cell_column', 'VARCHAR'),
      column('cell_metric', 'VARCHAR'),
      column('cell_metric_unit', 'VARCHAR'),
      column('cell_ratio_ok', 'BOOLEAN'),
      ...PROBLEM_COLUMNS('cell_problem'),
    ],
    rows.valueCells.map((cell, order) => [
      position(cell.index),
      order,
      cell.column,
      cell.metric?.code ?? null,
      cell.metric?.unit ?? null,
      cell.metric?.ratio_ok ?? null,
      cell.problem?.code ?? null,
      cell.problem?.vi ?? null,
      cell.problem?.en ?? null,
    ]),
  );
  const now = periodOf(rows.now);
  const nameOf = (role: TextRowRole): string | null => {
    const index = rows.roles[role];
    return index === undefined ? null : (rows.header[index] ?? null);
  };
  await database.loadTable(
    names.context,
    [
      column('landing_province', 'VARCHAR'),
      column('landing_shown', 'VARCHAR'),
      column('landing_year', 'INTEGER'),
      column('landing_quarter', 'INTEGER'),
      column('now_quarter', 'INTEGER'),
      column('header_cells', 'INTEGER'),
      column('period_column', 'VARCHAR'),
      column('province_column', 'VARCHAR'),
      column('metric_column', 'VARCHAR'),
      column('denominator_column', 'VARCHAR'),
      column('unit_column', 'VARCHAR'),
    ],
    [
      [
        rows.landingProvince,
        rows.landingProvince ? describeProvince(rows.landingProvince) : null,
        rows.landingPeriod?.year ?? null,
        rows.landingPeriod?.quarter ?? null,
        now.year * 4 + now.quarter - 1,
        rows.header.length,
        nameOf('period'),
        nameOf('province'),
        nameOf('metric'),
        nameOf('denominator'),
        nameOf('unit'),
      ],
    ],
  );
}

/** A rule's own values its message quotes: the text read (`value`) and a number printed as JavaScript does. */
interface RuleParams {
  readonly text?: string;
  readonly number?: string;
}

/**
 * A broken rule as SQL: its code, the values its message quotes, the offending column and value, and
 * the province and period it is filed under. Messages are filled in afterwards (`MESSAGE_PARAMS`),
 * or come with the rule when the catalog's functions wrote them (`vi`, `en`).
 */
function rejection(
  code: RejectionCode | { code: string; vi: string; en: string },
  where: { column: string; raw: string; province: string; year: string; quarter: string },
  params: RuleParams = {},
): string {
  const found =
    typeof code === 'string' ? { code: quoteSqlString(code), vi: 'NULL::VARCHAR', en: 'NULL::VARCHAR' } : code;
  return `struct_pack(code := ${found.code}, vi := ${found.vi}, en := ${found.en},
    text := CAST(${params.text ?? 'NULL'} AS VARCHAR), number := CAST(${params.number ?? 'NULL'} AS DOUBLE),
    column_name := ${where.column}, raw := ${where.raw}, province := ${where.province}, year := ${where.year},
    quarter := ${where.quarter})`;
}

const unitLabels = { metric: 'metric', unitVi: 'unit_vi', unit: 'unit_en' };
const expectedUnit = { unit: 'written_unit', metric: 'metric', expectedVi: 'unit_vi', expected: 'unit_en' };
const quotedValue = { value: 'rule_text' };

/**
 * Each code's message parameters, from the checked cell's columns and the rule's own values
 * (`rule_text`, and `rule_number` printed as JavaScript prints it).
 */
const MESSAGE_PARAMS: Partial<Record<RejectionCode, MessageParamsSql>> = {
  'row-unclosed-quote': {},
  'row-too-many-cells': { cells: 'cell_count', headerCells: 'header_cells' },
  'period-future': { period: "(CAST(year AS VARCHAR) || 'Q' || CAST(quarter AS VARCHAR))" },
  'province-not-in-folder': { province: 'province_shown', folder: 'landing_shown' },
  'value-missing': quotedValue,
  'unit-conflict': { cellUnit: 'cell_unit_text', columnUnit: 'unit_text' },
  'unit-unknown': expectedUnit,
  'unit-mismatch': expectedUnit,
  'ratio-not-allowed': unitLabels,
  'value-ambiguous-number': quotedValue,
  'value-malformed-number': quotedValue,
  'value-spaced-digits': quotedValue,
  'value-not-a-number': quotedValue,
  'value-negative': { ...quotedValue, metric: 'metric' },
  'count-not-whole': { ...quotedValue, reading: 'rule_number', ...unitLabels },
  'money-not-whole': quotedValue,
  'value-too-large': quotedValue,
  'ratio-over-denominator': { value: 'numerator_text', denominator: 'rule_number' },
  'value-implausible': {
    value: 'rule_grouped',
    metric: 'metric',
    maximum: `${m('grouped_number')}(unit_maximum)`,
    unit: 'metric_unit',
  },
  'denominator-zero': {},
  'denominator-disagrees': { denominator: 'denominator_text', value: 'raw' },
};

/** The message of a checked cell's rejection in one language, by its code. */
function messageByCode(language: 'vi' | 'en'): string {
  const branches = Object.entries(MESSAGE_PARAMS).map(
    ([code, params]) => `WHEN ${quoteSqlString(code)} THEN ${messageSql(code as RejectionCode, params)[language]}`,
  );
  return `coalesce(rejection.${language}, CASE rejection.code ${branches.join(' ')} END)`;
}

/** The first rejection of a list of `[condition, rejection]` in order, or NULL: the rules' order. */
function firstOf(rules: readonly (readonly [string, string])[]): string {
  return `CASE ${rules.map(([when, then]) => `WHEN ${when} THEN ${then}`).join('\n    ')} ELSE NULL END`;
}

const periodText = (year: string, quarter: string): string =>
  `(CAST(${year} AS VARCHAR) || 'Q' || CAST(${quarter} AS VARCHAR))`;

/** Every value cell of every record with its outcome: the fact's value, or the first rule it breaks. */
function checkStatement(rows: TextRows, names: Names, cellOf: (role: TextRowRole) => string): string {
  const long = rows.layout === 'long';
  // A cell is blank when it is all white space, so a list of cells is when their concatenation is.
  const allWhite = (list: string): string => fullMatch(`array_to_string(${list}, '')`, `[${WS_CLASS}]*`);
  const blank = allWhite('cells');
  // Filed under the landing province and period, as a record whose period or province could not be read.
  const atLanding = { province: 'landing_province', year: 'landing_year', quarter: 'landing_quarter' };
  const atPeriod = { province: 'landing_province', year: 'year', quarter: 'quarter' };
  const atRow = { province: 'province_code', year: 'year', quarter: 'quarter' };
  const cell = { column: 'cell_column', raw: 'raw' };
  const asProblem = (prefix: string) => ({ code: `${prefix}_code`, vi: `${prefix}_vi`, en: `${prefix}_en` });

  const rowRules: [string, string][] = [
    ['problem_code IS NOT NULL', rejection(asProblem('problem'), { ...cell, ...atLanding })],
    ['extra', rejection('row-too-many-cells', { ...cell, ...atLanding })],
    [
      'year IS NULL',
      rejection(asProblem('period_problem'), { column: 'period_column', raw: 'period_text', ...atLanding }),
    ],
    [
      'year * 4 + quarter - 1 > now_quarter',
      rejection('period-future', { column: 'period_column', raw: 'period_text', ...atPeriod }),
    ],
    [
      'province_code IS NULL',
      rejection(asProblem('province_problem'), {
        column: 'province_column',
        raw: 'province_text',
        province: 'province_fallback',
        year: 'year',
        quarter: 'quarter',
      }),
    ],
    [
      'landing_province IS NOT NULL AND province_code <> landing_province',
      rejection('province-not-in-folder', { column: 'province_column', raw: 'province_text', ...atPeriod }),
    ],
    // A column named for a metric: a wide layout's unknown column, a long layout's metric-named one.
    ['cell_problem_code IS NOT NULL', rejection(asProblem('cell_problem'), { ...cell, ...atRow })],
    [
      'metric IS NULL',
      rejection(asProblem('metric_problem'), { column: 'metric_column', raw: 'metric_text', ...atRow }),
    ],
  ];

  // pipelines/values/metric-value.ts, `checkMetricValue`, rule by rule.
  const valueAt = { column: 'cell_column', raw: 'raw', ...atRow };
  const unitAt = {
    column: 'CASE WHEN with_unit THEN cell_column ELSE unit_column END',
    raw: 'CASE WHEN with_unit THEN raw ELSE unit_text END',
    ...atRow,
  };
  const denominatorAt = { column: 'denominator_column', raw: 'denominator_text', ...atRow };
  const magnitude = (reading: string, exact: string, written: string, at: typeof valueAt): [string, string][] => [
    [`${reading}.negative AND NOT ${exact}.zero`, rejection('value-negative', at, { text: written })],
    [
      `unit_counts AND NOT ${exact}.whole`,
      rejection('count-not-whole', at, { text: written, number: `${exact}.approx` }),
    ],
    [`metric_unit = 'vnd' AND NOT ${exact}.whole`, rejection('money-not-whole', at, { text: written })],
    [
      `${exact}.approx IS NULL OR isinf(${exact}.approx) OR ${exact}.approx > 9007199254740991`,
      rejection('value-too-large', at, { text: written }),
    ],
    [`${exact}.approx > unit_maximum`, rejection('value-implausible', at, { number: `${exact}.approx` })],
  ];
  const readFails = (reading: string, at: typeof valueAt): [string, string][] =>
    (
      [
        'value-missing',
        'value-ambiguous-number',
        'value-malformed-number',
        'value-spaced-digits',
        'value-not-a-number',
      ] as const
    ).map((code) => [
      `${reading}.problem = ${quoteSqlString(code)}`,
      rejection(code, at, { text: code === 'value-missing' ? "''" : `${reading}.written` }),
    ]);
  const noValueKeys = `[${[...NO_VALUE_KEYS].map((key) => quoteSqlString(key)).join(', ')}]`;
  const valueRules: [string, string][] = [
    [
      `${fullMatch('raw', `(?:[${WS_CLASS}\\-—–.…]*|[xX])`)} OR (has_letter AND list_contains(${noValueKeys}, ${m('fold')}(raw)))`,
      rejection('value-missing', valueAt, { text: 'raw' }),
    ],
    [
      "with_unit AND unit_text <> '' AND (cell_unit IS NULL OR column_unit IS NULL OR cell_unit <> column_unit)",
      rejection('unit-conflict', valueAt),
    ],
    ["written_unit <> '' AND used_unit IS NULL", rejection('unit-unknown', unitAt)],
    ["written_unit <> '' AND used_unit.unit <> metric_unit", rejection('unit-mismatch', unitAt)],
    [
      "(has_slash OR denominator_text <> '') AND NOT ratio_ok",
      rejection('ratio-not-allowed', {
        column: 'CASE WHEN has_slash THEN cell_column ELSE denominator_column END',
        raw: 'CASE WHEN has_slash THEN raw ELSE denominator_text END',
        ...atRow,
      }),
    ],
    ...readFails('numerator', valueAt),
    ...magnitude('numerator', 'value_exact', 'numerator_text', valueAt),
    ...readFails('inline', valueAt).map(([when, then]): [string, string] => [`has_inline AND ${when}`, then]),
    ...magnitude('inline', 'inline_exact', 'inline_text', valueAt).map(([when, then]): [string, string] => [
      `has_inline AND (${when})`,
      then,
    ]),
    ['has_inline AND inline_exact.zero', rejection('denominator-zero', valueAt)],
    ...readFails('column_denominator', denominatorAt).map(([when, then]): [string, string] => [
      `denominator_text <> '' AND ${when}`,
      then,
    ]),
    ...magnitude('column_denominator', 'column_exact', 'denominator_text', denominatorAt).map(
      ([when, then]): [string, string] => [`denominator_text <> '' AND (${when})`, then],
    ),
    ["denominator_text <> '' AND column_exact.zero", rejection('denominator-zero', denominatorAt)],
    [
      `has_inline AND denominator_text <> '' AND ${m('compare')}(inline_exact, column_exact) <> 0`,
      rejection('denominator-disagrees', denominatorAt),
    ],
    [
      `denominator_exact IS NOT NULL AND ${m('compare')}(value_exact, denominator_exact) > 0`,
      rejection('ratio-over-denominator', valueAt, { number: 'denominator_exact.approx' }),
    ],
  ];

  const splitPattern = `^([-−]?\\d[\\d.,]*(?:[${WS_CLASS}]*/[${WS_CLASS}]*\\d[\\d.,]*)?)[${WS_CLASS}]*(\\p{L}[\\p{L}\\p{M}${WS_CLASS}./,]*?)\\.?$`;
  return `CREATE TEMP TABLE ${id(names.checked)} AS
WITH records AS (
  SELECT line, problem_code, problem_vi, problem_en, cells, CAST(len(cells) AS INTEGER) AS cell_count, ${id(names.context)}.*,
    len(cells) > header_cells AND NOT ${allWhite('cells[header_cells + 1:]')} AS extra,
    ${cellOf('period')} AS period_text, ${cellOf('province')} AS province_text,
    ${long ? cellOf('metric') : "''"} AS metric_text, ${cellOf('unit')} AS unit_text,
    ${cellOf('denominator')} AS denominator_text, nullif(${cellOf('note')}, '') AS note
  FROM ${id(names.records)} CROSS JOIN ${id(names.context)}
  WHERE NOT ${blank}
),
value_cells AS (
  SELECT records.*, cells_table.*, ${m('trim')}(coalesce(cells[cell_index], '')) AS raw
  FROM records CROSS JOIN ${id(names.cells)} cells_table
  WHERE ${long ? 'cell_order = 0 OR ' : ''}${m('trim')}(coalesce(cells[cell_index], '')) <> ''
),
named AS (
  SELECT value_cells.*, n.* EXCLUDE (period_text, province_text),
    ${long ? 'mt.metric' : 'cell_metric'} AS metric, ${long ? 'mt.metric_unit' : 'cell_metric_unit'} AS metric_unit,
    ${long ? 'mt.ratio_ok' : 'cell_ratio_ok'} AS ratio_ok,
    ${long ? 'mt.metric_problem_code, mt.metric_problem_vi, mt.metric_problem_en,' : 'NULL AS metric_problem_code, NULL AS metric_problem_vi, NULL AS metric_problem_en,'}
    ul.label_vi AS unit_vi, ul.label_en AS unit_en, coalesce(ul.counts, false) AS unit_counts,
    ul.maximum AS unit_maximum,
    regexp_matches(raw, '\\p{L}') AS has_letter
  FROM value_cells
  JOIN ${id(names.names)} n ON n.period_text = value_cells.period_text AND n.province_text = value_cells.province_text
  ${long ? `JOIN ${id(names.metrics)} mt ON mt.metric_text = value_cells.metric_text` : ''}
  LEFT JOIN ${UNIT_LABELS_TABLE} ul ON ul.unit = ${long ? 'mt.metric_unit' : 'cell_metric_unit'}
),
split AS (
  SELECT *, CASE WHEN has_letter THEN regexp_extract(nfc_normalize(raw), ${quoteSqlString(splitPattern)}, ['number', 'unit'])
    ELSE NULL END AS parts
  FROM named
),
united AS (
  SELECT *, coalesce(parts.unit, '') <> '' AS with_unit, ${m('trim')}(coalesce(parts.unit, '')) AS cell_unit_text
  FROM split
),
units AS (
  SELECT united.*,
    CASE WHEN with_unit AND cell_names.unit IS NOT NULL THEN struct_pack(unit := cell_names.unit, exponent := cell_names.exponent) END
      AS cell_unit,
    CASE WHEN unit_text <> '' AND column_names.unit IS NOT NULL
      THEN struct_pack(unit := column_names.unit, exponent := column_names.exponent) END AS column_unit,
    CASE WHEN with_unit THEN cell_unit_text ELSE unit_text END AS written_unit,
    CASE WHEN with_unit THEN ${m('trim')}(parts.number) ELSE raw END AS number_text
  FROM united
  LEFT JOIN ${UNIT_NAMES_TABLE} cell_names ON with_unit AND cell_names.key = ${m('fold')}(cell_unit_text)
  LEFT JOIN ${UNIT_NAMES_TABLE} column_names ON unit_text <> '' AND column_names.key = ${m('fold')}(unit_text)
),
numbers AS (
  SELECT *, CASE WHEN with_unit THEN cell_unit ELSE column_unit END AS used_unit,
    contains(number_text, '/') AS has_slash,
    ${m('trim')}(split_part(number_text, '/', 1)) AS numerator_text,
    ${m('trim')}(CASE WHEN contains(number_text, '/') THEN regexp_extract(number_text, '(?s)^[^/]*/(.*)$', 1) ELSE '' END)
      AS inline_text
  FROM units
),
readings AS (
  SELECT *, ${m('number_trimmed')}(numerator_text) AS numerator, inline_text <> '' AS has_inline,
    CASE WHEN inline_text <> '' THEN ${m('number_trimmed')}(inline_text) END AS inline,
    CASE WHEN denominator_text <> '' THEN ${m('number_trimmed')}(denominator_text) END AS column_denominator
  FROM numbers
),
exacts AS (
  SELECT *, ${m('exact')}(numerator.digits, numerator.scale, coalesce(used_unit.exponent, 0)) AS value_exact,
    CASE WHEN has_inline THEN ${m('exact')}(inline.digits, inline.scale, 0) END AS inline_exact,
    CASE WHEN denominator_text <> '' THEN ${m('exact')}(column_denominator.digits, column_denominator.scale, 0) END
      AS column_exact
  FROM readings
),
judged AS (
  SELECT *, CASE WHEN has_inline THEN inline_exact WHEN denominator_text <> '' THEN column_exact END AS denominator_exact,
    -- Up to 15 plain digits with no unit and no denominator: no value rule can refuse it, none is tried.
    ${fullMatch('raw', String.raw`\d{1,15}`)} AND unit_text = '' AND denominator_text = '' AS plain
  FROM exacts
)
SELECT line, cell_order, cell_column, raw, note, province_code, year, quarter, metric, metric_unit,
  value_exact.approx AS value, denominator_exact.approx AS denominator, cell_count, header_cells, province_shown,
  landing_shown, unit_vi, unit_en, unit_maximum, cell_unit_text, unit_text, written_unit, numerator_text,
  denominator_text,
  coalesce(${firstOf(rowRules)}, CASE WHEN plain THEN NULL ELSE ${firstOf(valueRules)} END) AS rejection,
  -- A record that passes the row rules has its metric-named cells rejected before its value is read.
  CASE WHEN ${
    long
      ? `cell_order = 0 AND NOT (${rowRules
          .slice(0, 6)
          .map(([when]) => `coalesce(${when}, false)`)
          .join(' OR ')})`
      : 'false'
  }
    THEN ${rows.valueCells.length} ELSE cell_order END AS emit_order
FROM judged`;
}

/** Partition values of a record, as `partitionOf` gives them. */
function partitionSql(
  province: string,
  year: string,
  quarter: string,
): { year: string; quarter: string; province: string } {
  const projected = `(${year} BETWEEN ${firstPartitionYear()} AND ${LAST_YEAR})`;
  const codes = partitionProvinceCodes()
    .map((code) => quoteSqlString(code))
    .join(', ');
  return {
    year: `CASE WHEN ${projected} THEN ${year} ELSE 0 END`,
    quarter: `CASE WHEN ${projected} THEN ${quarter} ELSE 0 END`,
    province: `CASE WHEN ${province} IN (${codes}) THEN ${province} ELSE ${quoteSqlString(UNKNOWN_PROVINCE)} END`,
  };
}

/**
 * A cell's place in the file, `line × cellsPerLine + order`: increasing in the order the JavaScript
 * rules emit rows, unique within a table, and computed without sorting the rows.
 */
function place(order: string, cellsPerLine: number): string {
  if (!Number.isSafeInteger(cellsPerLine) || cellsPerLine < 1) throw new Error(`not a cell count: ${cellsPerLine}`);
  return `(CAST(line AS BIGINT) * ${cellsPerLine} + ${order})`;
}

/**
 * The accepted cells, each with the place of the first accepted cell of its province, period and
 * metric: that one is the fact, the later ones are duplicates pointing at its line.
 */
function keyedStatement(names: Names, cellsPerLine: number): string {
  return `CREATE TEMP TABLE ${id(names.keyed)} AS
  WITH accepted AS (
    SELECT line, emit_order, cell_column, raw, note, province_code, year, quarter, metric, metric_unit, value,
      denominator, ${place('cell_order', cellsPerLine)} AS cell_place
    FROM ${id(names.checked)} WHERE rejection IS NULL
  ),
  firsts AS (
    SELECT province_code, year, quarter, metric, min(cell_place) AS first_place FROM accepted GROUP BY ALL
  )
  SELECT accepted.*, first_place FROM accepted JOIN firsts USING (province_code, year, quarter, metric)`;
}

function selectStaged(columns: readonly TableColumn[], values: Record<string, string>, cellsPerLine: number): string {
  return [`${place('emit_order', cellsPerLine)} AS ${id(ROW_NUMBER)}`]
    .concat(
      columns.map((col) => {
        const value = values[col.name];
        if (value === undefined) throw new Error(`no value for the staged column ${col.name}`);
        return `CAST(${value} AS ${col.type}) AS ${id(col.name)}`;
      }),
    )
    .join(', ');
}

/** Accepted values, the first of each province, period and metric; the later ones are duplicates. */
function factsStatement(names: Names, cellsPerLine: number): string {
  const partition = partitionSql('province_code', 'year', 'quarter');
  return `CREATE TEMP TABLE ${id(names.facts)} AS SELECT * FROM (SELECT ${selectStaged(
    FACT_STAGING_COLUMNS,
    {
      ...partition,
      period: periodText('year', 'quarter'),
      metric: 'metric',
      value: 'value',
      denominator: 'denominator',
      unit: 'metric_unit',
      approx: 'false',
      source_row: 'line',
      evidence: 'NULL',
      span_start: 'NULL',
      span_end: 'NULL',
      note: 'note',
      scope: "'report'",
      time_span_text: 'NULL',
      time_span: 'NULL',
    },
    cellsPerLine,
  )}
  FROM ${id(names.keyed)} WHERE cell_place = first_place)
  ORDER BY ${PARTITION_ORDER}`;
}

/** Every rejection: a rule broken, or a value given twice (pointing at the line that gave it first). */
function rejectionsStatement(names: Names, cellsPerLine: number): string {
  const duplicate = messageSql('row-duplicate', {
    line: 'first_line',
    metric: 'metric',
    province: 'province_code',
    period: periodText('year', 'quarter'),
  });
  const partition = partitionSql('province', 'year', 'quarter');
  return `CREATE TEMP TABLE ${id(names.rejections)} AS
  WITH duplicates AS (
    SELECT *, first_place // ${cellsPerLine} AS first_line FROM ${id(names.keyed)} WHERE cell_place > first_place
  ),
  broken AS (
    SELECT *, rejection.text AS rule_text,
      CASE WHEN rejection.number IS NOT NULL THEN ${m('js_number')}(rejection.number) END AS rule_number,
      CASE WHEN rejection.code = 'value-implausible' THEN ${m('grouped_number')}(rejection.number) END AS rule_grouped
    FROM ${id(names.checked)} WHERE rejection IS NOT NULL
  ),
  rejected AS (
    SELECT line, emit_order, rejection.code, ${messageByCode('vi')} AS vi, ${messageByCode('en')} AS en,
      rejection.column_name, rejection.raw, rejection.province, rejection.year, rejection.quarter
    FROM broken
    UNION ALL
    SELECT line, emit_order, 'row-duplicate', ${duplicate.vi}, ${duplicate.en}, cell_column, raw, province_code, year,
      quarter
    FROM duplicates
  )
  SELECT * FROM (SELECT ${selectStaged(
    REJECTION_STAGING_COLUMNS,
    {
      ...partition,
      period: `CASE WHEN year IS NULL THEN NULL ELSE ${periodText('year', 'quarter')} END`,
      source_row: 'line',
      column: 'column_name',
      raw_value: 'raw',
      reason: 'vi',
      code: 'code',
      reason_en: 'en',
    },
    cellsPerLine,
  )} FROM rejected)
  ORDER BY ${PARTITION_ORDER}`;
}
