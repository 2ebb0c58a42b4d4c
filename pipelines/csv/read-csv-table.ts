/**
 * Splits CSV text into a header and records with their line numbers. The delimiter (`,` `;` or
 * tab) is read off the header line, where no number can hide a comma; papaparse does the quoting.
 */
import Papa from 'papaparse';
import { type Problem, problem } from '../facts/rejection-codes.js';
import { CSV_LIMITS } from '../ingest/limits.js';

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvRecord {
  /** Line of the file the record starts on (1-based, counting the header). */
  readonly line: number;
  readonly fields: readonly string[];
  /** Set when the record could not be split cleanly (an unclosed quote, an over-long cell). */
  readonly problem?: Problem;
}

export interface CsvTable {
  readonly delimiter: CsvDelimiter;
  readonly header: readonly string[];
  readonly headerLine: number;
  readonly records: readonly CsvRecord[];
}

export type CsvTableReading =
  | { readonly ok: true; readonly table: CsvTable }
  | { readonly ok: false; readonly problem: Problem };

const DELIMITERS: readonly CsvDelimiter[] = [';', '\t', ','];

/** Reads a whole CSV text (already decoded) into a header and records; blank lines are skipped. */
export function readCsvTable(text: string): CsvTableReading {
  const rows: CsvRecord[] = [];
  const scan = scanCsvText(text, (record) => {
    rows.push(record);
  });
  if (!scan.ok) return scan;
  const [header, ...records] = rows;
  if (!header) return { ok: false, problem: problem('file-empty') };
  return {
    ok: true,
    table: {
      delimiter: scan.delimiter,
      header: header.fields.map((name) => name.trim()),
      headerLine: header.line,
      records,
    },
  };
}

export type CsvScan =
  | { readonly ok: true; readonly delimiter: CsvDelimiter }
  | { readonly ok: false; readonly problem: Problem };

/**
 * Hands each non-blank record of a CSV text to `visit` as it is split, the header first, without
 * keeping them: a large file is read in one pass with memory for one record at a time. `visit`
 * returns `false` to stop reading.
 */
export function scanCsvText(text: string, visit: (record: CsvRecord) => boolean | void): CsvScan {
  const start = text.search(/\S/);
  if (start < 0) return { ok: false, problem: problem('file-empty') };
  const tooLong = findOverlongLine(text, start);
  if (tooLong) return { ok: false, problem: tooLong };
  const headerEnd = text.slice(start, start + CSV_LIMITS.headerChars + 2).search(/\r|\n/);
  const headerText = text.slice(start, headerEnd < 0 ? undefined : start + headerEnd);
  const delimiter = detectDelimiter(headerText);

  let previousEnd: number | undefined;
  let line = 1;
  let counted = 0;
  const countLinesUpTo = (offset: number): number => {
    for (; counted < offset; counted++) {
      const char = text.charCodeAt(counted);
      if (char === 10 || (char === 13 && text.charCodeAt(counted + 1) !== 10)) line++;
    }
    return line;
  };
  Papa.parse<string[]>(text, {
    delimiter,
    step: (result, parser) => {
      const rowStart = previousEnd === undefined ? 0 : skipLineBreak(text, previousEnd);
      previousEnd = result.meta.cursor;
      const fields = result.data;
      if (fields.every((field) => field.trim() === '')) return;
      const unclosed = result.errors.find((error) => error.code === 'MissingQuotes');
      const line = countLinesUpTo(rowStart);
      const longCell = fields.findIndex((field) => field.length > CSV_LIMITS.cellChars);
      // An over-long cell is not passed on: nothing downstream spends time on it.
      const record: CsvRecord =
        longCell >= 0
          ? {
              line,
              fields: fields.map((field) => (field.length > CSV_LIMITS.cellChars ? '' : field)),
              problem: problem('cell-too-long', { cell: longCell + 1, limit: `${CSV_LIMITS.cellChars / 1024} KiB` }),
            }
          : { line, fields };
      const split = unclosed ? problem('row-unclosed-quote') : undefined;
      if (visit(split && !record.problem ? { ...record, problem: split } : record) === false) parser.abort();
    },
  });
  return { ok: true, delimiter };
}

/**
 * The reason to refuse a text whose header line or any line is over its limit, found in one pass
 * that stops at the first such line; undefined when every line is within the limits.
 */
function findOverlongLine(text: string, start: number): Problem | undefined {
  let lineStart = start;
  let line = 1;
  for (let offset = start; offset <= text.length; offset++) {
    const char = offset < text.length ? text.charCodeAt(offset) : 10;
    const limit = line === 1 ? CSV_LIMITS.headerChars : CSV_LIMITS.lineChars;
    if (offset - lineStart > limit) {
      return line === 1
        ? problem('header-too-long', { limit: `${limit / 1024} KiB` })
        : problem('line-too-long', { line, limit: `${limit / 1024 / 1024} MiB` });
    }
    if (char === 10 || char === 13) {
      if (char === 13 && text.charCodeAt(offset + 1) === 10) offset++;
      line++;
      lineStart = offset + 1;
    }
  }
  return undefined;
}

function skipLineBreak(text: string, offset: number): number {
  if (text.charCodeAt(offset) === 13 && text.charCodeAt(offset + 1) === 10) return offset + 2;
  if (text.charCodeAt(offset) === 10 || text.charCodeAt(offset) === 13) return offset + 1;
  return offset;
}

/** The delimiter used most often outside quotes on the header line; `,` when none appears. */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char as CsvDelimiter))
      counts.set(char as CsvDelimiter, (counts.get(char as CsvDelimiter) ?? 0) + 1);
  }
  let best: CsvDelimiter = ',';
  let bestCount = 0;
  for (const [delimiter, count] of counts) {
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}
