/**
 * The delimiter of a CSV whose header may sit under title rows: a title line (`Đơn vị: BĐBP tỉnh
 * Nghệ An, ...`) says nothing about the delimiter, so the one that makes a header of one of the
 * first rows wins; without such a header, the one the first rows use most.
 */
import Papa from 'papaparse';
import { findHeaderRow, HEADER_SEARCH_ROWS } from './find-header-row.js';
import { detectDelimiter, type CsvDelimiter } from './read-csv-table.js';

/** Enough of the file for the rows the header is searched in, however long its title rows. */
const SAMPLE_CHARS = 64 * 1024;

export function chooseDelimiter(text: string): CsvDelimiter {
  const start = Math.max(0, text.search(/\S/));
  const sample = text.slice(start, start + SAMPLE_CHARS);
  const firstLine = detectDelimiter(sample.split(/\r\n|\n|\r/, 1)[0] ?? '');
  const candidates: CsvDelimiter[] = [firstLine, ...([';', '\t', ','] as const).filter((d) => d !== firstLine)];
  for (const delimiter of candidates) {
    const rows = Papa.parse<string[]>(sample, { delimiter, preview: HEADER_SEARCH_ROWS + 1, skipEmptyLines: 'greedy' });
    const search = findHeaderRow(rows.data.map((fields, index) => ({ line: index + 1, fields })));
    if (search.ok) return delimiter;
  }
  // No header: the delimiter the first rows use most, so the refusal points at the nearest attempt.
  return detectDelimiter(sample.split(/\r\n|\n|\r/, HEADER_SEARCH_ROWS + 1).join('\n'));
}
