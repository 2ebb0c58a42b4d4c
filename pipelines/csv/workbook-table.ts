/**
 * The metric table of a workbook: the first visible sheet whose first rows hold a header the
 * upload contract knows (title rows above it allowed), its rows with the sheet's own row numbers.
 * Sheets not read are named in a warning, never passed over in silence. The CSV limits hold here
 * too: a row longer than a CSV line refuses the file, a cell longer than a CSV cell refuses its row.
 */
import { problem, type Problem } from '../facts/rejection-codes.js';
import { CSV_LIMITS } from '../ingest/limits.js';
import { findHeaderRow, headerCandidateOf, HEADER_SEARCH_ROWS } from './find-header-row.js';
import type { Sheet, SheetCell, SheetRow } from './read-workbook.js';
import type { TableRecord, TypedCell } from './table-record.js';

export type WorkbookTable =
  | {
      readonly ok: true;
      readonly sheet: string;
      readonly records: readonly TableRecord[];
      /** Sheets with rows that were not read (a hidden one is usually a guide or a lookup list). */
      readonly otherSheets: readonly { readonly name: string; readonly hidden: boolean }[];
    }
  | { readonly ok: false; readonly problem: Problem };

/** Picks the sheet to read; hidden sheets (guides, lookup lists) are never taken for the table. */
export function chooseWorkbookTable(sheets: readonly Sheet[]): WorkbookTable {
  let nearest: { sheet: string; problem: Problem } | undefined;
  for (const sheet of sheets) {
    if (sheet.hidden || sheet.rows.length === 0) continue;
    // One row more than the search, so a two-row header on the last searched row is whole.
    const search = findHeaderRow(sheet.rows.slice(0, HEADER_SEARCH_ROWS + 1).map(headerCandidateOf));
    if (search.ok) {
      const tooLong = sheet.rows.find((row) => rowChars(row) > CSV_LIMITS.lineChars);
      if (tooLong) {
        return {
          ok: false,
          problem: problem('line-too-long', { line: tooLong.row, limit: `${CSV_LIMITS.lineChars / 1024 / 1024} MiB` }),
        };
      }
      return {
        ok: true,
        sheet: sheet.name,
        records: sheet.rows.map(recordOf),
        otherSheets: sheets
          .filter((other) => other !== sheet && other.rows.length > 0)
          .map(({ name, hidden }) => ({ name, hidden })),
      };
    }
    if (!nearest && search.problem.code !== 'header-missing') nearest = { sheet: sheet.name, problem: search.problem };
  }
  if (nearest) {
    const { sheet, problem: found } = nearest;
    return {
      ok: false,
      problem: {
        code: found.code,
        vi: `Trang tính "${sheet}", ${lowerFirst(found.vi)}`,
        en: `Sheet "${sheet}", ${lowerFirst(found.en)}`,
      },
    };
  }
  if (sheets.every((sheet) => sheet.rows.length === 0)) return { ok: false, problem: problem('file-empty') };
  return {
    ok: false,
    problem: problem('header-missing', {
      where: `không trang tính nào có dòng tiêu đề trong ${HEADER_SEARCH_ROWS} dòng đầu`,
      whereEn: `no visible sheet has one in its first ${HEADER_SEARCH_ROWS} rows`,
    }),
  };
}

/** A sheet row as the row checks read it; a cell over the cell limit is not passed on. */
export function recordOf(row: SheetRow): TableRecord {
  const candidate = headerCandidateOf(row);
  const typed = row.cells.map(typedOf);
  const texts = row.cells.map(textOf);
  const longCell = texts.findIndex((text) => text.length > CSV_LIMITS.cellChars);
  return {
    line: row.row,
    fields: longCell < 0 ? texts : texts.map((text) => (text.length > CSV_LIMITS.cellChars ? '' : text)),
    ...(longCell < 0
      ? {}
      : { problem: problem('cell-too-long', { cell: longCell + 1, limit: `${CSV_LIMITS.cellChars / 1024} KiB` }) }),
    ...(candidate.merged?.some(Boolean) ? { merged: candidate.merged } : {}),
    ...(typed.some(Boolean) ? { typed } : {}),
  };
}

function rowChars(row: SheetRow): number {
  return row.cells.reduce((sum, cell) => sum + textOf(cell).length + 1, 0);
}

/** How a cell reads where text is expected (a province, a period, a note) and how reports show it. */
function textOf(cell: SheetCell): string {
  switch (cell.kind) {
    case 'text':
    case 'date':
    case 'error':
      return cell.value;
    case 'number':
      return String(cell.value);
    case 'boolean':
      return cell.value ? 'TRUE' : 'FALSE';
    case 'formula-without-value':
      return `=${cell.formula}`;
    case 'empty':
    case 'covered':
      return '';
  }
}

/** A cell that is not text, as a value column reads it. */
function typedOf(cell: SheetCell): TypedCell | undefined {
  switch (cell.kind) {
    case 'number':
      return { kind: 'number', value: cell.value };
    case 'date':
      return { kind: 'refused', problem: problem('cell-date', { value: cell.value }) };
    case 'error':
      return { kind: 'refused', problem: problem('cell-error', { value: cell.value }) };
    case 'formula-without-value':
      return { kind: 'refused', problem: problem('cell-formula-no-value', { formula: cell.formula }) };
    default:
      return undefined;
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
