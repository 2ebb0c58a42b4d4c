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
import { recogniseColumns, type CsvColumns } from './csv-columns.js';
import { scanCsvText, type CsvRecord } from './read-csv-table.js';

export interface CsvSourceContext {
  /** The province whose folder the file landed in; null for an operator's national backfill. */
  readonly landingProvince: string | null;
  /** The period folder the file landed in, if any (a CSV row carries its own period). */
  readonly landingPeriod: Period | null;
  /** Ingestion time: periods that have not started yet are refused. */
  readonly now: Date;
}

interface RowContext {
  readonly record: CsvRecord;
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
  const landing = { province: context.landingProvince, period: context.landingPeriod };
  const withoutFacts = ({ facts: _facts, ...outline }: SourceResult): SourceOutline => outline;
  let header: readonly string[] | undefined;
  let headerLine = 0;
  let columnsReading: ReturnType<typeof recogniseColumns> | undefined;

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

  const scan = scanCsvText(text, (record) => {
    if (!header) {
      header = record.fields.map((name) => name.trim());
      headerLine = record.line;
      columnsReading = recogniseColumns(header);
      return columnsReading.ok;
    }
    if (columnsReading?.ok) readRecord(record, columnsReading.columns, header);
    return true;
  });
  if (!scan.ok) return withoutFacts(unreadableSource(scan.problem, landing));
  if (!header || !columnsReading) return withoutFacts(unreadableSource(problem('file-empty'), landing));
  if (!columnsReading.ok) return withoutFacts(unreadableSource(atLine(headerLine, columnsReading.problem), landing));
  const { columns } = columnsReading;

  // Defined once per file, not per record: a large file has a million records.
  function accept(
    row: RowContext,
    metric: Metric,
    raw: { value: string; denominator?: string; unit?: string },
    valueColumn: number | undefined,
    columns: CsvColumns,
    tableHeader: readonly string[],
  ): void {
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
        rawValue: raw.value,
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

  function readRecord(record: CsvRecord, columns: CsvColumns, tableHeader: readonly string[]): void {
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
          value: cellOf(record, columns.roles.value),
          denominator: cellOf(record, columns.roles.denominator),
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
      accept(row, metricColumn.metric, { value: raw }, index, columns, tableHeader);
    }
  }

  const warnings: string[] = [];
  const unrecognisedColumns = columns.unknownColumns.map(({ name }) => name);
  if (columns.layout === 'long' && unrecognisedColumns.length > 0) {
    const listed = unrecognisedColumns.map((name) => `"${name}"`).join(', ');
    warnings.push(
      `Các cột không thuộc mẫu nên không được đọc: ${listed}. / Columns not in the format were not read: ${listed}.`,
    );
  }
  if (otherPeriods.size > 0 && context.landingPeriod) {
    warnings.push(
      `rows for ${[...otherPeriods].sort().join(', ')} were stored under their own period, not the folder's ${formatPeriod(context.landingPeriod)}`,
    );
  }
  return { rejections, read, warnings, unrecognisedColumns };
}

/** A header problem with the line it was found on. */
function atLine(line: number, found: Problem): Problem {
  return { code: found.code, vi: `Dòng ${line}: ${found.vi}`, en: `Line ${line}: ${found.en}` };
}

function cellOf(record: CsvRecord, index: number | undefined): string {
  return index === undefined ? '' : (record.fields[index] ?? '').trim();
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
  record: CsvRecord,
  columns: CsvColumns,
  header: readonly string[],
  context: CsvSourceContext,
  cell: (record: CsvRecord, index: number | undefined) => string,
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
