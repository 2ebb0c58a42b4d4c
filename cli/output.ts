/** Rendering for the terminal: tables, and numbers in a form a reader scans easily. */
import Table from 'cli-table3';

export type Cell = string | number | boolean | null;

/** A boxed table; numbers right-aligned. */
export function renderTable(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  if (rows.length > LARGE_TABLE_ROWS) return renderLargeTable(columns, rows);
  const table = new Table({
    head: [...columns],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: columns.map((_, index) =>
      rows.length > 0 && rows.every((row) => typeof row[index] === 'number' || row[index] === null) ? 'right' : 'left',
    ),
  });
  for (const row of rows) table.push(row.map(formatCell));
  return table.toString();
}

/**
 * The table library lays a table out in time that grows with the square of its rows (the summary
 * of a 10,000-file backfill took about 20 s to print); past this many rows a table is drawn by
 * `renderLargeTable`, in the same style.
 */
const LARGE_TABLE_ROWS = 500;

/** The same boxed table as the library draws, in one pass: numbers right-aligned, no lines between rows. */
export function renderLargeTable(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const right = columns.map(
    (_, index) => rows.length > 0 && rows.every((row) => typeof row[index] === 'number' || row[index] === null),
  );
  const lines = (cell: string): string[] => cell.split(/\r\n|\n|\r/);
  const text = rows.map((row) => columns.map((_, index) => lines(formatCell(row[index] ?? null))));
  const widths = columns.map((name, index) => {
    let width = displayWidth(name);
    for (const row of text) for (const line of row[index]!) width = Math.max(width, displayWidth(line));
    return width;
  });
  const pad = (line: string, index: number, alignRight: boolean): string => {
    const fill = ' '.repeat(widths[index]! - displayWidth(line));
    return alignRight ? `${fill}${line}` : `${line}${fill}`;
  };
  const border = (left: string, middle: string, end: string): string =>
    `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${end}`;
  const drawRow = (row: readonly string[][], alignments: readonly boolean[]): string[] => {
    const height = Math.max(1, ...row.map((cell) => cell.length));
    const out: string[] = [];
    for (let line = 0; line < height; line++) {
      out.push(`│${row.map((cell, index) => ` ${pad(cell[line] ?? '', index, alignments[index]!)} `).join('│')}│`);
    }
    return out;
  };
  const output = [
    border('┌', '┬', '┐'),
    ...drawRow(
      columns.map((name) => [name]),
      right,
    ),
  ];
  for (const row of text) output.push(...drawRow(row, right));
  output.push(border('└', '┴', '┘'));
  return output.join('\n');
}

/** Columns a string takes in a terminal: combining marks take none. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) if (!COMBINING_MARK.test(char)) width++;
  return width;
}
const COMBINING_MARK = /\p{M}/u;

/**
 * A value as a table shows it. Numbers carry no thousands separator: `2,102` means 2.102 to a
 * Vietnamese reader and 2102 to an English one, so plain digits are the only unambiguous form.
 */
export function formatCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
  return String(value);
}

/** Breaks text into lines of at most `width` visible characters (ANSI colour codes do not count). */
export function wrapText(text: string, width: number): string {
  const visibleLength = (part: string): number => part.replace(/\u001b\[\d+m/g, '').length;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && visibleLength(line) + 1 + visibleLength(word) > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line].join('\n');
}
