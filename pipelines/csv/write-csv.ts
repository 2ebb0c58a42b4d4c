/**
 * CSV the system writes back (query results, rollup tables). Text that a spreadsheet would run as
 * a formula (`=`, `+`, `-`, `@` first, and not a number) is neutralised with a leading `'`.
 */
import Papa from 'papaparse';

export type CsvCell = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(?:\d+(?:[.,]\d+)*)$/;

/** A cell value safe to open in a spreadsheet. */
export function neutraliseCell(value: CsvCell): CsvCell {
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
}

/** Rows as CSV text with a header line, CRLF line ends and formula-looking text neutralised. */
export function writeCsv(columns: readonly string[], rows: readonly Record<string, CsvCell>[]): string {
  const data = rows.map((row) => columns.map((column) => neutraliseCell(row[column] ?? null)));
  return `${Papa.unparse({ fields: [...columns], data }, { newline: '\r\n' })}\r\n`;
}
