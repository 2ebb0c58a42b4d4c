/**
 * Writes a query result in the format asked for: a table for reading, CSV (optionally with a BOM,
 * so Excel opens Vietnamese intact), JSON, or an Excel workbook; to a file or to stdout.
 */
import { writeFile } from 'node:fs/promises';
import { writeCsv } from '../pipelines/csv/write-csv.js';
import type { QueryResult } from '../pipelines/query/query-runner.js';
import { fitText, outputWidth, renderTable } from './output.js';
import { checkOutputOptions, type OutputFormat } from './result-output-formats.js';

export { OUTPUT_FORMATS, type OutputFormat } from './result-output-formats.js';

export interface OutputOptions {
  readonly format: OutputFormat;
  /** Start CSV with a UTF-8 byte order mark. */
  readonly bom?: boolean | undefined;
  /** Write to this file instead of stdout. */
  readonly out?: string | undefined;
  /** The line above a table, and the sheet's name in a workbook. */
  readonly title?: string | undefined;
  readonly sheetName?: string | undefined;
}

const UTF8_BOM = '\uFEFF';

/** The result as text in a text format. */
export function formatResultText(result: QueryResult, options: OutputOptions): string {
  switch (options.format) {
    case 'csv':
      return `${options.bom ? UTF8_BOM : ''}${writeCsv(result.columns, result.rows)}`;
    case 'json':
      return `${JSON.stringify(result.rows, null, 2)}\n`;
    case 'table': {
      const count = `${result.rows.length} ${result.rows.length === 1 ? 'row' : 'rows'}`;
      // On a terminal the table keeps within its width; written to a file, each row stays on one line.
      const width = options.out === undefined ? outputWidth() : undefined;
      const table = renderTable(
        result.columns,
        result.rows.map((row) => result.columns.map((column) => row[column] ?? null)),
        { width },
      );
      return `${options.title ? `${fitText(options.title, width)}\n` : ''}${table}\n${count}\n`;
    }
    case 'xlsx':
      throw new Error('a workbook is not text; use writeResult');
  }
}

/** Writes the result to `options.out` or stdout. */
export async function writeResult(result: QueryResult, options: OutputOptions): Promise<void> {
  checkOutputOptions(options);
  let body: string | Uint8Array;
  if (options.format === 'xlsx') {
    // Loaded only for workbooks: the library is large.
    const { renderWorkbook } = await import('./xlsx.js');
    body = await renderWorkbook(result, options.sheetName ?? 'result');
  } else {
    body = formatResultText(result, options);
  }
  if (options.out) await writeFile(options.out, body);
  else
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(body, (error) => (error ? reject(error) : resolve())),
    );
}
