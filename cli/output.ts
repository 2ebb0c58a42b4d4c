/**
 * Rendering for the terminal: tables that fit its width, and numbers in a form a reader scans
 * easily. A table wider than the terminal wraps its text columns when that fits, else shows one
 * record per block as psql's `\x auto` does.
 */
import Table from 'cli-table3';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

export type Cell = string | number | boolean | null;
type Rows = readonly (readonly Cell[])[];

export interface TableOptions {
  /** Columns the output may take (see `outputWidth`); no limit when undefined. */
  readonly width?: number | undefined;
}

/**
 * The width output to `stream` should keep within: COLUMNS when set, else the terminal's width
 * when the stream is a terminal, else no limit (a file or a pipe takes lines of any length).
 */
export function outputWidth(
  stream: { readonly isTTY?: boolean; readonly columns?: number } = process.stdout,
  environment: NodeJS.ProcessEnv = process.env,
): number | undefined {
  const columns = Number(environment.COLUMNS);
  if (environment.COLUMNS && Number.isInteger(columns) && columns > 0) return columns;
  if (!stream.isTTY) return undefined;
  return stream.columns && stream.columns > 0 ? stream.columns : DEFAULT_TERMINAL_WIDTH;
}

/** What a terminal that does not say its width is taken to have. */
const DEFAULT_TERMINAL_WIDTH = 80;

/**
 * The table library lays a table out in time that grows with the square of its rows (the summary
 * of a 10,000-file backfill took about 20 s to print); past this many rows a table is drawn by
 * `renderLargeTable`, in the same style.
 */
const LARGE_TABLE_ROWS = 500;

/** A boxed table, numbers right-aligned; wrapped or one record per block when wider than `options.width`. */
export function renderTable(columns: readonly string[], rows: Rows, options: TableOptions = {}): string {
  if (rows.length > LARGE_TABLE_ROWS) return renderLargeTable(columns, rows, options);
  return renderFitted(columns, rows, options, drawWithLibrary);
}

/** The same table as `renderTable`, drawn in one pass (no lines between rows). */
export function renderLargeTable(columns: readonly string[], rows: Rows, options: TableOptions = {}): string {
  return renderFitted(columns, rows, options, drawBox);
}

/** Cells as text, with whether each is a number (numbers are right-aligned, text left). */
interface TableText {
  readonly columns: readonly string[];
  readonly cells: readonly (readonly string[])[];
  readonly numeric: readonly (readonly boolean[])[];
  /** Columns holding numbers only (their header is right-aligned too). */
  readonly numericColumns: readonly boolean[];
}

type Draw = (table: TableText) => string;

function renderFitted(columns: readonly string[], rows: Rows, options: TableOptions, draw: Draw): string {
  const numberOrNothing = (index: number): boolean =>
    rows.every((row) => typeof row[index] === 'number' || row[index] === null);
  const table: TableText = {
    columns,
    cells: rows.map((row) => columns.map((_, index) => formatCell(row[index] ?? null))),
    numeric: rows.map((row) => columns.map((_, index) => typeof row[index] === 'number')),
    numericColumns: columns.map((_, index) => rows.length > 0 && numberOrNothing(index)),
  };
  const { width } = options;
  if (width === undefined || boxWidth(naturalWidths(table)) <= width) return draw(table);
  const widths = wrappedWidths(table, width);
  if (widths === null && rows.length === 0) return fitText(`(no rows; columns: ${columns.join(', ')})`, width);
  if (widths === null) return renderRecords(table, width);
  return draw({ ...table, cells: table.cells.map((row) => row.map((cell, index) => wrapCell(cell, widths[index]!))) });
}

/** Columns a string takes in a terminal (East Asian wide characters count two, combining marks none). */
function displayWidth(text: string): number {
  return stringWidth(text);
}

const LINE_BREAK = /\r\n|\n|\r/;

/** Width of the widest line of a cell. */
function cellWidth(cell: string): number {
  if (!cell.includes('\n') && !cell.includes('\r')) return displayWidth(cell);
  return Math.max(...cell.split(LINE_BREAK).map(displayWidth));
}

function naturalWidths(table: TableText): number[] {
  return table.columns.map((name, index) => {
    let width = displayWidth(name);
    for (const row of table.cells) width = Math.max(width, cellWidth(row[index]!));
    return width;
  });
}

/** Width of a boxed table with these column widths: a border, a space each side of every cell. */
function boxWidth(widths: readonly number[]): number {
  return widths.reduce((total, width) => total + width + 3, 1);
}

/** Text columns wrap no narrower than this (or their header, or their widest value if less). */
const NARROWEST_WRAPPED_COLUMN = 12;

/**
 * Column widths that make the table fit `limit` by wrapping text columns, the widest first, or
 * null when even the narrowest wrapping is too wide. Numbers and headers are never wrapped.
 */
function wrappedWidths(table: TableText, limit: number): number[] | null {
  const natural = naturalWidths(table);
  const narrowest = natural.map((width, index) =>
    table.numericColumns[index]
      ? width
      : Math.min(width, Math.max(displayWidth(table.columns[index]!), NARROWEST_WRAPPED_COLUMN)),
  );
  if (boxWidth(narrowest) > limit) return null;
  // The largest cap on text columns that still fits (the narrowest widths fit, so one exists).
  const capped = (cap: number): number[] =>
    natural.map((width, index) => Math.max(narrowest[index]!, Math.min(width, cap)));
  let low = 0;
  let high = Math.max(...natural);
  while (low < high) {
    const cap = Math.ceil((low + high) / 2);
    if (boxWidth(capped(cap)) <= limit) low = cap;
    else high = cap - 1;
  }
  return capped(low);
}

function wrapCell(cell: string, width: number): string {
  return cellWidth(cell) <= width ? cell : wrapAnsi(cell, width, { hard: true, trim: true });
}

function drawWithLibrary(table: TableText): string {
  const drawn = new Table({
    head: [...table.columns],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: table.numericColumns.map((numeric) => (numeric ? 'right' : 'left')),
  });
  table.cells.forEach((row, rowIndex) => {
    drawn.push(row.map((content, index) => ({ content, hAlign: table.numeric[rowIndex]![index] ? 'right' : 'left' })));
  });
  return drawn.toString();
}

/** The same boxed table as the library draws, in one pass. */
function drawBox(table: TableText): string {
  const widths = naturalWidths(table);
  const pad = (line: string, index: number, alignRight: boolean): string => {
    const fill = ' '.repeat(widths[index]! - displayWidth(line));
    return alignRight ? `${fill}${line}` : `${line}${fill}`;
  };
  const border = (left: string, middle: string, end: string): string =>
    `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${end}`;
  const drawRow = (row: readonly string[], alignments: readonly boolean[]): string[] => {
    const lines = row.map((cell) => cell.split(LINE_BREAK));
    const height = Math.max(1, ...lines.map((cell) => cell.length));
    const out: string[] = [];
    for (let line = 0; line < height; line++) {
      out.push(`│${lines.map((cell, index) => ` ${pad(cell[line] ?? '', index, alignments[index]!)} `).join('│')}│`);
    }
    return out;
  };
  const output = [border('┌', '┬', '┐'), ...drawRow(table.columns, table.numericColumns)];
  table.cells.forEach((row, index) => output.push(...drawRow(row, table.numeric[index]!)));
  output.push(border('└', '┴', '┘'));
  return output.join('\n');
}

/** Values narrower than this are wrapped at it even if the labels leave less room. */
const NARROWEST_VALUE = 10;

/**
 * One block per record, as psql's expanded display: a `-[ RECORD n ]` line, then `column | value`
 * lines. Text wraps to the width; numbers are right-aligned on the widest number.
 */
function renderRecords(table: TableText, limit: number): string {
  const labelWidth = Math.max(...table.columns.map(displayWidth));
  const valueLimit = Math.max(NARROWEST_VALUE, limit - labelWidth - 3);
  const blocks = table.cells.map((row) => row.map((cell) => wrapCell(cell, valueLimit)));
  let numberWidth = 0;
  let valueWidth = 0;
  blocks.forEach((row, rowIndex) =>
    row.forEach((cell, index) => {
      const width = cellWidth(cell);
      if (table.numeric[rowIndex]![index]) numberWidth = Math.max(numberWidth, width);
      valueWidth = Math.max(valueWidth, width);
    }),
  );
  const label = (text: string): string => `${text}${' '.repeat(labelWidth - displayWidth(text))}`;
  const output: string[] = [];
  blocks.forEach((row, rowIndex) => {
    const head = `-[ RECORD ${rowIndex + 1} ]`;
    // psql's rule: dashes to the column of the bars, a '+' there, dashes over the values.
    const rule =
      head.length <= labelWidth
        ? `${head}${'-'.repeat(labelWidth + 1 - head.length)}+${'-'.repeat(valueWidth + 1)}`
        : head;
    output.push(rule.slice(0, Math.max(head.length, limit)));
    row.forEach((cell, index) => {
      const value = table.numeric[rowIndex]![index] ? `${' '.repeat(numberWidth - displayWidth(cell))}${cell}` : cell;
      value.split(LINE_BREAK).forEach((line, lineIndex) => {
        output.push(`${label(lineIndex === 0 ? table.columns[index]! : '')} | ${line}`.trimEnd());
      });
    });
  });
  return output.join('\n');
}

/** Text wrapped to the width, when there is one (a long title or summary line). */
export function fitText(text: string, width: number | undefined): string {
  return width === undefined ? text : wrapAnsi(text, width, { hard: true, trim: true });
}

/**
 * A value as a table shows it. Numbers carry no thousands separator: `2,102` means 2.102 to a
 * Vietnamese reader and 2102 to an English one, so plain digits are the only unambiguous form.
 */
export function formatCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
  return String(value);
}

/** Breaks text into lines of at most `width` visible characters at spaces (ANSI colour codes do not count). */
export function wrapText(text: string, width: number): string {
  return wrapAnsi(text, width, { hard: false });
}
