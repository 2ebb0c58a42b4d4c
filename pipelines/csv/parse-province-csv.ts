/**
 * The province CSV, per the upload contract: long or wide layout, every accepted period form,
 * province by code or name, strict Vietnamese numbers. Every value read is accepted or rejected
 * with a reason pointing at its line and column; nothing stops at the first bad row.
 */
import { problem, rejectionFields, type Problem } from '../facts/rejection-codes.js';
import { findMetric, suggestMetrics, type Metric } from '../reference/catalog.js';
import { describeProvince, resolveProvince } from '../reference/provinces.js';
import { comparePeriods, formatPeriod, parsePeriod, periodOf, type Period } from '../period.js';
import { checkMetricValue } from '../values/metric-value.js';
import {
  unreadableSource,
  type FactDraft,
  type RejectionDraft,
  type SourceOutline,
  type SourceResult,
} from '../facts/source-result.js';
import type { CsvColumns } from './csv-columns.js';
import { findHeaderRow, HEADER_SEARCH_ROWS, type TitleRow } from './find-header-row.js';
import { scanCsvText } from './read-csv-table.js';
import { chooseDelimiter } from './table-delimiter.js';
import type { TableRecord } from './table-record.js';

export interface CsvSourceContext {
  /** The province whose folder the file landed in; null for an operator's national backfill. */
  readonly landingProvince: string | null;
  /** The period folder the file landed in, if any (a CSV row carries its own period). */
  readonly landingPeriod: Period | null;
  /** Ingestion time: periods that have not started yet are refused. */
  readonly now: Date;
}

interface RowContext {
  readonly record: TableRecord;
  readonly province: string;
  readonly period: Period;
}

/** Reads a decoded province CSV into facts and rejections. */
export function parseProvinceCsv(text: string, context: CsvSourceContext): SourceResult {
  const facts: FactDraft[] = [];
  const outline = scanProvinceCsv(text, context, (fact) => {
    facts.push(fact);
  });
  return { facts, ...outline };
}

/**
 * Reads a decoded province CSV in one pass, handing each accepted fact to `onFact` as soon as its
 * row is checked (a large file never holds its records or facts in memory); returns the rest of
 * the result. With `onRejection`, rejected records go to it as they are found instead of into the
 * returned `rejections`. `parseProvinceCsv` is this with the facts collected.
 */
export function scanProvinceCsv(
  text: string,
  context: CsvSourceContext,
  onFact: (fact: FactDraft) => void,
  onRejection?: (rejection: RejectionDraft) => void,
): SourceOutline {
  const reader = createTableReader(context, 'csv', onFact, onRejection);
  const scan = scanCsvText(text, (record) => reader.push(record), chooseDelimiter(text));
  return reader.finish(scan.ok ? undefined : scan.problem);
}

/**
 * Reads the rows of a metric table that is not CSV text (a workbook's sheet) with the same checks
 * as a CSV: title rows above the header, then one value per row or per metric column.
 */
export function scanProvinceTable(
  records: Iterable<TableRecord>,
  context: CsvSourceContext,
  onFact: (fact: FactDraft) => void,
  onRejection?: (rejection: RejectionDraft) => void,
): SourceOutline {
  const reader = createTableReader(context, 'sheet', onFact, onRejection);
  for (const record of records) if (!reader.push(record)) break;
  return reader.finish();
}

interface TableReader {
  /** Takes the next record; false once reading should stop (the file is refused). */
  push(record: TableRecord): boolean;
  /** The outline once every record is pushed; `refused` refuses the file whatever was read. */
  finish(refused?: Problem): SourceOutline;
}

/**
 * The row checks of a metric table, fed a record at a time. The first records are held until the
 * header is found among them (`findHeaderRow`); the rows above it are title rows, out of the counts.
 */
function createTableReader(
  context: CsvSourceContext,
  /** What the outline's `format.method` says (the caller may name its library). */
  method: string,
  onFact: (fact: FactDraft) => void,
  onRejection?: (rejection: RejectionDraft) => void,
): TableReader {
  const landing = { province: context.landingProvince, period: context.landingPeriod };
  const withoutFacts = ({ facts: _facts, ...outline }: SourceResult): SourceOutline => outline;
  let table:
    | { header: readonly string[]; columns: CsvColumns; lines: readonly number[]; titleRows: readonly TitleRow[] }
    | undefined;
  let refusal: Problem | undefined;
  const pending: TableRecord[] = [];

  const rejections: RejectionDraft[] = [];
  const reject =
    onRejection ??
    ((rejection: RejectionDraft): void => {
      rejections.push(rejection);
    });
  const firstLineOf = new Map<string, number>();
  let read = 0;
  const otherPeriods = new Set<string>();
  const lookups = createReferenceLookups();

  /** Finds the header among the held records and reads the rows after it; false when there is none. */
  function locate(): boolean {
    const search = findHeaderRow(pending);
    const held = pending.splice(0);
    if (!search.ok) {
      refusal = search.problem;
      return false;
    }
    table = { header: search.header, columns: search.columns, lines: search.lines, titleRows: search.titleRows };
    for (const record of held.slice(search.dataIndex)) readRecord(record, table.columns, table.header);
    return true;
  }

  // Defined once per file, not per record: a large file has a million records.
  function accept(
    row: RowContext,
    metric: Metric,
    raw: { value: string | number; denominator?: string | number; unit?: string },
    valueColumn: number | undefined,
    columns: CsvColumns,
    tableHeader: readonly string[],
  ): void {
    for (const index of [valueColumn, columns.layout === 'long' ? columns.roles.denominator : undefined]) {
      const typed = index === undefined ? undefined : row.record.typed?.[index];
      if (typed?.kind !== 'refused') continue;
      reject({
        province: row.province,
        period: row.period,
        sourceRow: row.record.line,
        column: columnNameOf(tableHeader, index),
        rawValue: cellOf(row.record, index),
        ...rejectionFields(typed.problem),
      });
      return;
    }
    const checked = checkMetricValue(metric, raw);
    if (!checked.ok) {
      const column = checked.field === 'value' ? valueColumn : columns.roles[checked.field];
      reject({
        province: row.province,
        period: row.period,
        sourceRow: row.record.line,
        column: columnNameOf(tableHeader, column),
        rawValue: checked.raw,
        ...rejectionFields(checked.problem),
      });
      return;
    }
    const period = formatPeriod(row.period);
    const key = `${row.province}|${period}|${metric.code}`;
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      reject({
        province: row.province,
        period: row.period,
        sourceRow: row.record.line,
        column: columnNameOf(tableHeader, valueColumn),
        rawValue: String(raw.value),
        ...rejectionFields(
          problem('row-duplicate', { line: first, metric: metric.code, province: row.province, period }),
        ),
      });
      return;
    }
    firstLineOf.set(key, row.record.line);
    if (context.landingPeriod && comparePeriods(row.period, context.landingPeriod) !== 0) otherPeriods.add(period);
    onFact({
      province: row.province,
      period: row.period,
      metric: metric.code,
      value: checked.value,
      denominator: checked.denominator,
      unit: checked.unit,
      approx: false,
      sourceRow: row.record.line,
      evidence: null,
      spanStart: null,
      spanEnd: null,
      note: cellOf(row.record, columns.roles.note) || null,
    });
  }

  function readRecord(record: TableRecord, columns: CsvColumns, tableHeader: readonly string[]): void {
    const metricCells = columns.metricColumns
      .map(({ index }) => ({ index, raw: cellOf(record, index) }))
      .filter(({ raw }) => raw !== '');
    const valueCells =
      columns.layout === 'long'
        ? [{ index: columns.roles.value, raw: cellOf(record, columns.roles.value) }, ...metricCells]
        : [
            ...metricCells,
            ...columns.unknownColumns
              .map(({ index }) => ({ index, raw: cellOf(record, index) }))
              .filter(({ raw }) => raw !== ''),
          ];
    const recordCount = valueCells.length;
    read += recordCount;
    if (recordCount === 0) return;

    const rowProblem = readRow(record, columns, tableHeader, context, cellOf, lookups);
    if (!rowProblem.ok) {
      for (const { index, raw } of valueCells) {
        reject({
          province: rowProblem.province,
          period: rowProblem.period,
          sourceRow: record.line,
          column: columnNameOf(tableHeader, rowProblem.column ?? index),
          rawValue: rowProblem.column === undefined ? raw : rowProblem.raw,
          ...rejectionFields(rowProblem.problem),
        });
      }
      return;
    }
    const row: RowContext = { record, province: rowProblem.province, period: rowProblem.period };

    if (columns.layout === 'long') {
      for (const { index, raw } of metricCells) {
        const name = columnNameOf(tableHeader, index) ?? '';
        reject({
          province: row.province,
          period: row.period,
          sourceRow: record.line,
          column: name,
          rawValue: raw,
          ...rejectionFields(problem('metric-named-cell', { column: name })),
        });
      }
      const metricText = cellOf(record, columns.roles.metric);
      const metric = lookups.metric(metricText);
      if (!metric) {
        reject({
          province: row.province,
          period: row.period,
          sourceRow: record.line,
          column: columnNameOf(tableHeader, columns.roles.metric),
          rawValue: metricText,
          ...rejectionFields(unknownMetric(metricText)),
        });
        return;
      }
      accept(
        row,
        metric,
        {
          value: valueCellOf(record, columns.roles.value),
          denominator: valueCellOf(record, columns.roles.denominator),
          unit: cellOf(record, columns.roles.unit),
        },
        columns.roles.value,
        columns,
        tableHeader,
      );
      return;
    }
    for (const { index, raw } of valueCells) {
      const metricColumn = columns.metricColumns.find((column) => column.index === index);
      if (!metricColumn) {
        const column = columnNameOf(tableHeader, index) ?? '';
        reject({
          province: row.province,
          period: row.period,
          sourceRow: record.line,
          column,
          rawValue: raw,
          ...rejectionFields(problem('metric-column-unknown', { column }, suggestMetrics(column))),
        });
        continue;
      }
      accept(row, metricColumn.metric, { value: valueCellOf(record, index) }, index, columns, tableHeader);
    }
  }

  function finish(refused?: Problem): SourceOutline {
    if (refused) return withoutFacts(unreadableSource(refused, landing));
    if (!table && !refusal) {
      if (pending.length === 0) return withoutFacts(unreadableSource(problem('file-empty'), landing));
      locate();
    }
    if (!table) return withoutFacts(unreadableSource(refusal ?? problem('file-empty'), landing));
    const { warnings, unrecognisedColumns } = tableReadingNotes(table, [...otherPeriods], context.landingPeriod);
    return {
      rejections,
      read,
      warnings,
      unrecognisedColumns,
      format: { method, headerLines: table.lines, titleRows: table.titleRows },
    };
  }

  return {
    push(record) {
      if (refusal) return false;
      if (table) {
        readRecord(record, table.columns, table.header);
        return true;
      }
      pending.push(record);
      // One row more than the search, so a two-row header on the last searched row is whole.
      return pending.length <= HEADER_SEARCH_ROWS + 1 || locate();
    },
    finish,
  };
}

/**
 * What reading a table tells the sender besides its rejections: the long layout's columns that were
 * not read, the title rows above the header, and the periods of accepted rows other than the folder's.
 */
export function tableReadingNotes(
  table: { readonly columns: CsvColumns; readonly lines: readonly number[]; readonly titleRows: readonly TitleRow[] },
  otherPeriods: readonly string[],
  landingPeriod: Period | null,
): { warnings: string[]; unrecognisedColumns: string[] } {
  const { columns } = table;
  const warnings: string[] = [];
  const unrecognisedColumns = columns.unknownColumns.map(({ name }) => name);
  if (columns.layout === 'long' && unrecognisedColumns.length > 0) {
    const listed = unrecognisedColumns.map((name) => `"${name}"`).join(', ');
    warnings.push(
      `Các cột không thuộc mẫu nên không được đọc: ${listed}. / Columns not in the format were not read: ${listed}.`,
    );
  }
  if (table.titleRows.length > 0) {
    const lines = table.titleRows.map(({ line }) => line).join(', ');
    warnings.push(
      `Dòng tiêu đề là dòng ${table.lines.join('–')}; các dòng ${lines} phía trên không phải số liệu nên không được đọc. / ` +
        `The header is on line ${table.lines.join('–')}; lines ${lines} above it are not data and were not read.`,
    );
  }
  if (otherPeriods.length > 0 && landingPeriod) {
    warnings.push(
      `rows for ${[...otherPeriods].sort().join(', ')} were stored under their own period, not the folder's ${formatPeriod(landingPeriod)}`,
    );
  }
  return { warnings, unrecognisedColumns };
}

function cellOf(record: TableRecord, index: number | undefined): string {
  return index === undefined ? '' : (record.fields[index] ?? '').trim();
}

/** A value cell: a sheet's numeric cell as its number, anything else as its text. */
function valueCellOf(record: TableRecord, index: number | undefined): string | number {
  const typed = index === undefined ? undefined : record.typed?.[index];
  return typed?.kind === 'number' ? typed.value : cellOf(record, index);
}

function columnNameOf(header: readonly string[], index: number | undefined): string | null {
  return index === undefined ? null : (header[index] ?? null);
}

/**
 * Period, province and metric lookups remembered for one file: a large file names the same few
 * hundred periods, provinces and metrics over and over, and each lookup is a pure function.
 */
interface ReferenceLookups {
  period(text: string): Period | undefined;
  province(text: string, period: Period): ReturnType<typeof resolveProvince>;
  metric(text: string): Metric | undefined;
}

// Enough for every period, province spelling and metric label a real file uses; a file of random
// junk does not grow the cache past it.
const MAX_REMEMBERED = 10_000;

function createReferenceLookups(): ReferenceLookups {
  const periods = new Map<string, Period | undefined>();
  const provinces = new Map<string, ReturnType<typeof resolveProvince>>();
  const metrics = new Map<string, Metric | undefined>();
  const remember = <T>(cache: Map<string, T>, key: string, compute: () => T): T => {
    if (cache.has(key)) return cache.get(key) as T;
    const value = compute();
    if (cache.size < MAX_REMEMBERED) cache.set(key, value);
    return value;
  };
  return {
    period: (text) => remember(periods, text, () => parsePeriod(text)),
    province: (text, period) =>
      remember(provinces, `${formatPeriod(period)}|${text}`, () => resolveProvince(text, period)),
    metric: (text) => remember(metrics, text, () => findMetric(text)),
  };
}

type RowReading =
  | { readonly ok: true; readonly province: string; readonly period: Period }
  | {
      readonly ok: false;
      readonly province: string | null;
      readonly period: Period | null;
      readonly column: number | undefined;
      readonly raw: string;
      readonly problem: Problem;
    };

function readRow(
  record: TableRecord,
  columns: CsvColumns,
  header: readonly string[],
  context: CsvSourceContext,
  cell: (record: TableRecord, index: number | undefined) => string,
  lookups: ReferenceLookups,
): RowReading {
  const fallback = { province: context.landingProvince, period: context.landingPeriod };
  if (record.problem) return { ok: false, ...fallback, column: undefined, raw: '', problem: record.problem };
  const extra = record.fields.slice(header.length).filter((field) => field.trim() !== '');
  if (extra.length > 0) {
    return {
      ok: false,
      ...fallback,
      column: undefined,
      raw: record.fields.join(','),
      problem: problem('row-too-many-cells', { cells: record.fields.length, headerCells: header.length }),
    };
  }
  const periodText = cell(record, columns.roles.period);
  const period = lookups.period(periodText);
  if (!period) {
    const found = periodText ? problem('period-invalid', { value: periodText }) : problem('period-missing');
    return { ok: false, ...fallback, column: columns.roles.period, raw: periodText, problem: found };
  }
  if (comparePeriods(period, periodOf(context.now)) > 0) {
    return {
      ok: false,
      ...fallback,
      period,
      column: columns.roles.period,
      raw: periodText,
      problem: problem('period-future', { period: formatPeriod(period) }),
    };
  }
  const provinceText = cell(record, columns.roles.province);
  const province = lookups.province(provinceText, period);
  if (!province.ok) {
    return {
      ok: false,
      province: provinceText.toUpperCase().startsWith('VN-') ? provinceText.toUpperCase() : fallback.province,
      period,
      column: columns.roles.province,
      raw: provinceText,
      problem: province.problem,
    };
  }
  const code = province.unit.code;
  if (context.landingProvince && code !== context.landingProvince) {
    return {
      ok: false,
      province: context.landingProvince,
      period,
      column: columns.roles.province,
      raw: provinceText,
      problem: problem('province-not-in-folder', {
        province: describeProvince(code),
        folder: describeProvince(context.landingProvince),
      }),
    };
  }
  return { ok: true, province: code, period };
}

function unknownMetric(text: string): Problem {
  if (!text) return problem('metric-missing');
  return problem('metric-unknown', { value: text }, suggestMetrics(text));
}
