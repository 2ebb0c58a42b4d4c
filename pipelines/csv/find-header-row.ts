/**
 * Finds the header of a table that may have title rows above it (a form's title, the reporting
 * unit, a date), as forms typed in Excel do: the first of the first 20 rows whose cells name the
 * columns the upload contract knows. A header cell merged over several columns (`Số liệu` over
 * `Giá trị` and `Mẫu số`) means the names are in the row below, and the two rows are read as one.
 */
import { recogniseColumns, type CsvColumns } from './csv-columns.js';
import type { SheetRow } from './read-workbook.js';

/** Rows searched for the header. */
export const HEADER_SEARCH_ROWS = 20;

export interface HeaderCandidateRow {
  /** The row's line (CSV) or row number (sheet). */
  readonly line: number;
  readonly fields: readonly string[];
  /** Sheets only: per field, the merged area it is the top-left cell of. */
  readonly merged?: readonly ({ readonly rows: number; readonly columns: number } | undefined)[];
}

export interface TitleRow {
  readonly line: number;
  /** The row's non-empty fields, joined by ` | `. */
  readonly text: string;
}

export type HeaderSearch =
  | {
      readonly ok: true;
      /** Index in the rows given of the header's (first) row. */
      readonly index: number;
      /** The header's lines: one, or two for a header with merged group cells. */
      readonly lines: readonly number[];
      /** Index in the rows given of the first row after the header. */
      readonly dataIndex: number;
      /** The column names as read (sub-headers under a merged group cell replace the group's name). */
      readonly header: readonly string[];
      readonly columns: CsvColumns;
      /** The rows above the header. */
      readonly titleRows: readonly TitleRow[];
    }
  | { readonly ok: false; readonly reason: string };

/** Finds the header within the first `HEADER_SEARCH_ROWS` rows, or explains why there is none. */
export function findHeaderRow(rows: readonly HeaderCandidateRow[]): HeaderSearch {
  let nearest: { line: number; reason: string; named: number } | undefined;
  const searched = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let index = 0; index < searched; index++) {
    const row = rows[index];
    if (!row) continue;
    const next = rows[index + 1];
    const readings = [
      ...(next && headsGroups(row, next) ? [{ header: groupedHeader(row, next), rowCount: 2 }] : []),
      { header: row.fields.map((field) => field.trim()), rowCount: 1 },
    ];
    for (const { header, rowCount } of readings) {
      const reading = recogniseColumns(header);
      if (reading.ok) {
        return {
          ok: true,
          index,
          lines: rows.slice(index, index + rowCount).map(({ line }) => line),
          dataIndex: index + rowCount,
          header,
          columns: reading.columns,
          titleRows: rows
            .slice(0, index)
            .map(titleOf)
            .filter(({ text }) => text !== ''),
        };
      }
      const named = header.filter((name) => name !== '').length;
      // A row naming neither a province nor a period column is no attempt at a header.
      if (reading.problem.code !== 'header-missing' && (!nearest || named > nearest.named)) {
        nearest = { line: row.line, reason: reading.problem.en, named };
      }
    }
  }
  if (nearest) return { ok: false, reason: `line ${nearest.line}: ${nearest.reason}` };
  return {
    ok: false,
    reason:
      `no header in the first ${HEADER_SEARCH_ROWS} rows: a header names the columns ` +
      '(province, period, metric, value), ' +
      'or province, period and one column per metric code',
  };
}

/** A sheet row as header detection reads it: its text cells, and the merged areas they head. */
export function headerCandidateOf(row: SheetRow): HeaderCandidateRow {
  return {
    line: row.row,
    fields: row.cells.map((cell) => (cell.kind === 'text' ? cell.value : '')),
    merged: row.cells.map((cell) => ('merged' in cell ? cell.merged : undefined)),
  };
}

/**
 * Whether a row is the upper half of a two-row header: it names several columns, one of its cells
 * is merged over several columns, and the next row has text only under such cells (its sub-headers).
 * A form's title merged over the whole table names one thing, and data below a header fills other columns.
 */
function headsGroups(row: HeaderCandidateRow, below: HeaderCandidateRow): boolean {
  if (below.line !== row.line + 1 || row.fields.filter((field) => field.trim() !== '').length < 2) return false;
  const underGroup = new Set<number>();
  row.merged?.forEach((area, index) => {
    for (let offset = 0; area && area.columns > 1 && offset < area.columns; offset++) underGroup.add(index + offset);
  });
  const named = below.fields.flatMap((field, index) => (field.trim() === '' ? [] : [index]));
  return underGroup.size > 0 && named.length > 0 && named.every((index) => underGroup.has(index));
}

/** The names of a two-row header: the sub-header where there is one, else the (merged) cell above. */
function groupedHeader(top: HeaderCandidateRow, below: HeaderCandidateRow): string[] {
  const above: string[] = [];
  top.fields.forEach((field, index) => {
    const span = top.merged?.[index]?.columns ?? 1;
    for (let offset = 0; offset < span; offset++) above[index + offset] = field.trim();
  });
  const width = Math.max(above.length, below.fields.length);
  return Array.from({ length: width }, (_, index) => (below.fields[index] ?? '').trim() || (above[index] ?? ''));
}

function titleOf(row: HeaderCandidateRow): TitleRow {
  return {
    line: row.line,
    text: row.fields
      .map((field) => field.trim())
      .filter((field) => field !== '')
      .join(' | '),
  };
}
