/**
 * An Excel workbook (.xlsx) as typed cells: per sheet, in workbook order, the rows with the
 * sheet's own row numbers. Numbers stay numbers (never re-read as Vietnamese text), text stays
 * text, formulas give their cached values, and what cannot be a value (an error, a formula Excel
 * never calculated) is its own kind of cell so ingest can reject it with a reason. exceljs reads
 * the workbook in memory (its streaming reader drops merged cells, rich text and formula errors
 * and writes temporary files), so the container is checked and its size bounded first.
 */
import type ExcelJS from 'exceljs';
import type { ReadFailure } from '../documents/document-text.js';
import { inspectWorkbookContainer } from './workbook-container.js';

/** Where a merged area lies; its value is in its top-left cell. */
export interface MergedArea {
  /** `B3:D3` */
  readonly range: string;
  readonly rows: number;
  readonly columns: number;
}

interface CellBase {
  /** On the top-left cell of a merged area only. */
  readonly merged?: MergedArea;
  /** On a cell whose value a formula calculated (the cached result). */
  readonly formula?: string;
}

export type SheetCell =
  | (CellBase & { readonly kind: 'empty' })
  /** `format` is the cell's number format when it is not General (`0.0%` says 0.734 is shown as 73.4%). */
  | (CellBase & { readonly kind: 'number'; readonly value: number; readonly format?: string })
  /** Rich text is flattened; the text is as typed (to be read the Vietnamese way by ingest). */
  | (CellBase & { readonly kind: 'text'; readonly value: string })
  /** ISO 8601: `2024-09-30`, or `2024-09-30T08:30:00` when it has a time of day (Excel dates have no zone). */
  | (CellBase & { readonly kind: 'date'; readonly value: string })
  | (CellBase & { readonly kind: 'boolean'; readonly value: boolean })
  /** `#N/A`, `#DIV/0!`, `#REF!` ... typed or calculated. */
  | (CellBase & { readonly kind: 'error'; readonly value: string })
  /** A formula saved without a calculated value (also a formula whose cached result is empty text). */
  | { readonly kind: 'formula-without-value'; readonly formula: string }
  /** A cell inside a merged area other than its top-left one, which holds the value. */
  | { readonly kind: 'covered'; readonly by: string };

/** A cell that holds a value of its own (or none). */
type ValueCell = Exclude<SheetCell, { readonly kind: 'covered' | 'formula-without-value' }>;

export interface SheetRow {
  /** The sheet's own row number (1-based). */
  readonly row: number;
  /** From column A on; trailing empty cells are left off. */
  readonly cells: readonly SheetCell[];
}

export interface Sheet {
  readonly name: string;
  /** Hidden or very hidden in Excel: its rows are read all the same, and ingest may choose to skip them. */
  readonly hidden: boolean;
  /** Rows with at least one cell that is not empty, in order. */
  readonly rows: readonly SheetRow[];
  readonly merged: readonly MergedArea[];
}

export type WorkbookReading =
  | { readonly ok: true; readonly sheets: readonly Sheet[] }
  | { readonly ok: false; readonly reason: string; readonly cause: ReadFailure };

export interface ReadWorkbookOptions {
  /** Limit on the unpacked sheet data; see `DEFAULT_MAX_SHEET_DATA_BYTES`. */
  readonly maxSheetDataBytes?: number;
}

/** Reads an .xlsx workbook's sheets, or says why the file is not one that can be read. */
export async function readWorkbook(bytes: Uint8Array, options: ReadWorkbookOptions = {}): Promise<WorkbookReading> {
  const container = inspectWorkbookContainer(bytes, options.maxSheetDataBytes);
  if (!container.ok) return container;
  // Loaded on first use: exceljs takes about 0.4 s to load, which a Lambda that never sees a
  // workbook would otherwise pay at every cold start.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    // exceljs's type asks for its own Buffer type; a Node Buffer over the same bytes is what it reads.
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer,
    );
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : '';
    return {
      ok: false,
      reason: `the workbook could not be read${detail}; open it in Excel, save it again and send the new file`,
      cause: 'damaged',
    };
  }
  return { ok: true, sheets: workbook.worksheets.map(readSheet) };
}

function readSheet(worksheet: ExcelJS.Worksheet): Sheet {
  const merged = new Map<string, { top: number; left: number; bottom: number; right: number }>();
  const rows: { row: number; cells: SheetCell[] }[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: SheetCell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, columnNumber) => {
      const master = cell.isMerged ? cell.master : cell;
      const read: SheetCell = master === cell ? readCell(cell) : { kind: 'covered', by: master.address };
      if (master !== cell) {
        const area = merged.get(master.address) ?? {
          top: Number(master.row),
          left: Number(master.col),
          bottom: 0,
          right: 0,
        };
        area.bottom = Math.max(area.bottom, rowNumber);
        area.right = Math.max(area.right, columnNumber);
        merged.set(master.address, area);
      }
      cells[columnNumber - 1] = read;
    });
    const filled = Array.from(cells, (cell) => cell ?? EMPTY);
    while (filled.at(-1)?.kind === 'empty') filled.pop();
    if (filled.some((cell) => cell.kind !== 'empty')) rows.push({ row: rowNumber, cells: filled });
  });

  const areas = new Map<string, MergedArea>();
  for (const [address, { top, left, bottom, right }] of merged) {
    areas.set(address, {
      range: `${address}:${columnLetters(right)}${bottom}`,
      rows: bottom - top + 1,
      columns: right - left + 1,
    });
  }
  for (const row of rows) {
    row.cells.forEach((cell, index) => {
      const area = areas.get(`${columnLetters(index + 1)}${row.row}`);
      if (area && cell.kind !== 'covered' && cell.kind !== 'formula-without-value')
        row.cells[index] = { ...cell, merged: area };
    });
  }
  return { name: worksheet.name, hidden: worksheet.state !== 'visible', rows, merged: [...areas.values()] };
}

const EMPTY: ValueCell = { kind: 'empty' };

function readCell(cell: ExcelJS.Cell): SheetCell {
  const value = cell.value;
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) {
    const formula = cell.formula || ('formula' in value ? value.formula : '') || '';
    const { result } = value;
    if (result === undefined || result === null || result === '') return { kind: 'formula-without-value', formula };
    return { ...readValue(result, cell), formula };
  }
  return readValue(value, cell);
}

function readValue(value: ExcelJS.CellValue | ExcelJS.CellFormulaValue['result'], cell: ExcelJS.Cell): ValueCell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'number') {
    const format = cell.numFmt;
    return format && format !== 'General' ? { kind: 'number', value, format } : { kind: 'number', value };
  }
  if (typeof value === 'string') return value === '' ? EMPTY : { kind: 'text', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? { kind: 'error', value: '#VALUE!' }
      : { kind: 'date', value: isoDate(value) };
  }
  if ('error' in value) return { kind: 'error', value: String(value.error) };
  if ('richText' in value) return textCell(value.richText.map((run) => run.text).join(''));
  if ('hyperlink' in value) {
    const text: unknown = value.text;
    return textCell(typeof text === 'string' ? text : richTextOf(text));
  }
  return EMPTY;
}

function textCell(text: string): ValueCell {
  return text === '' ? EMPTY : { kind: 'text', value: text };
}

function richTextOf(value: unknown): string {
  if (value && typeof value === 'object' && 'richText' in value && Array.isArray(value.richText)) {
    return value.richText.map((run: { text?: unknown }) => String(run.text ?? '')).join('');
  }
  return '';
}

function isoDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** `1` → `A`, `27` → `AA`. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** A row's text cells as strings and every other cell as `''`: what header detection reads. */
export function sheetRowTexts(row: SheetRow): string[] {
  return row.cells.map((cell) => (cell.kind === 'text' ? cell.value : ''));
}
