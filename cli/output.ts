/** Rendering for the terminal: tables, and numbers in a form a reader scans easily. */
import Table from 'cli-table3';

export type Cell = string | number | boolean | null;

/** A boxed table; numbers right-aligned. */
export function renderTable(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const table = new Table({
    head: [...columns],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: columns.map((_, index) => (rows.length > 0 && rows.every((row) => typeof row[index] === 'number' || row[index] === null) ? 'right' : 'left')),
  });
  for (const row of rows) table.push(row.map(formatCell));
  return table.toString();
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
