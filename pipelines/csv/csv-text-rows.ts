/**
 * The province CSV read as far as it needs JavaScript (the delimiter, title rows, the header and
 * its columns), its records then handed over as text for an engine to check with the same rules
 * (pipelines/facts/text-rows.ts). Only a text the engine splits exactly as papaparse does is handed
 * over: no quote character, one kind of line break, no line longer than a cell may be, a header
 * found. Any other text is left to `scanProvinceCsv`, which also gives every file-level refusal.
 */
import { problem } from '../facts/rejection-codes.js';
import type { SourceOutline } from '../facts/source-result.js';
import type { CheckedRows, TextRows, ValueCell } from '../facts/text-rows.js';
import { CSV_LIMITS } from '../ingest/limits.js';
import { formatPeriod } from '../period.js';
import { suggestMetrics } from '../reference/catalog.js';
import type { CsvColumns } from './csv-columns.js';
import { findHeaderRow, HEADER_SEARCH_ROWS, type HeaderSearch } from './find-header-row.js';
import { tableReadingNotes, type CsvSourceContext } from './parse-province-csv.js';
import { scanCsvText, type CsvDelimiter, type CsvRecord } from './read-csv-table.js';
import { chooseDelimiter } from './table-delimiter.js';

export interface CsvTextRows {
  readonly rows: TextRows;
  /** The outline of the file once the engine has checked its records. */
  outline(checked: CheckedRows): SourceOutline;
}

/** The records of a decoded CSV for the engine's row checks; undefined when `scanProvinceCsv` must read it. */
export function readCsvTextRows(text: string, context: CsvSourceContext): CsvTextRows | undefined {
  const newline = uniformNewline(text);
  if (newline === undefined || text.includes('"') || longestLine(text) > CSV_LIMITS.cellChars) return undefined;
  const delimiter = chooseDelimiter(text);
  const head = headRecords(text, newline, delimiter);
  if (head === undefined || head.length === 0) return undefined;
  const search: HeaderSearch = findHeaderRow(head);
  if (!search.ok) return undefined;
  const { header, columns } = search;
  const headerLine = search.lines.at(-1) ?? 0;
  const rows: TextRows = {
    header,
    headerLine,
    layout: columns.layout,
    roles: columns.roles,
    valueCells: valueCellsOf(columns, header),
    body: { text, delimiter, newline },
    landingProvince: context.landingProvince,
    landingPeriod: context.landingPeriod,
    now: context.now,
  };
  return {
    rows,
    outline(checked) {
      const landing = context.landingPeriod ? formatPeriod(context.landingPeriod) : null;
      const otherPeriods = checked.periods.filter((period) => landing !== null && period !== landing);
      const table = { columns, lines: search.lines, titleRows: search.titleRows };
      return {
        rejections: [],
        read: checked.read,
        ...tableReadingNotes(table, otherPeriods, context.landingPeriod),
        format: { method: 'csv', headerLines: search.lines, titleRows: search.titleRows },
      };
    },
  };
}

/** Long layout: the value column, then metric-named ones; wide: the metric columns, then the unknown ones. */
function valueCellsOf(columns: CsvColumns, header: readonly string[]): ValueCell[] {
  if (columns.layout === 'long') {
    const index = columns.roles.value ?? 0;
    return [
      { index, column: header[index] ?? '', metric: null, problem: null },
      ...columns.metricColumns.map(({ index: at }) => {
        const column = header[at] ?? '';
        return { index: at, column, metric: null, problem: problem('metric-named-cell', { column }) };
      }),
    ];
  }
  return [
    ...columns.metricColumns.map(({ index, name, metric }) => ({ index, column: name, metric, problem: null })),
    ...columns.unknownColumns.map(({ index, name }) => ({
      index,
      column: name,
      metric: null,
      problem: problem('metric-column-unknown', { column: name }, suggestMetrics(name)),
    })),
  ];
}

/** Characters read for the header search first; the whole text only when they hold too few records. */
const HEAD_CHARS = 64 * 1024;

/**
 * The records the JavaScript reader holds before it looks for the header, split the same way: from
 * the text's first lines when they hold enough of them (its lines are its records), so a large
 * file is not parsed whole for a few rows.
 */
function headRecords(text: string, newline: string, delimiter: CsvDelimiter): CsvRecord[] | undefined {
  const cut = text.length > HEAD_CHARS ? text.indexOf(newline, HEAD_CHARS) : -1;
  for (const part of cut < 0 ? [text] : [text.slice(0, cut + newline.length), text]) {
    const head: CsvRecord[] = [];
    const scan = scanCsvText(part, (record) => head.push(record) <= HEADER_SEARCH_ROWS, delimiter);
    if (part === text) return scan.ok ? head : undefined;
    if (scan.ok && head.length > HEADER_SEARCH_ROWS) return head;
  }
  return undefined;
}

/** Characters of the longest line (a text with no longer line has no longer cell). */
function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (let offset = text.indexOf('\n'); ; offset = text.indexOf('\n', start)) {
    const end = offset < 0 ? text.length : offset;
    if (end - start > longest) longest = end - start;
    if (offset < 0) return longest;
    start = offset + 1;
  }
}

/**
 * The line break of a text that uses only one kind (`\n` or `\r\n`), which then splits its records
 * and counts its lines alike; undefined for a text that mixes them or breaks lines with `\r` alone.
 */
function uniformNewline(text: string): string | undefined {
  if (!text.includes('\r')) return '\n';
  return /\r(?!\n)|(?<!\r)\n/.test(text) ? undefined : '\r\n';
}
