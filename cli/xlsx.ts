/** A query result as an Excel workbook: one sheet, a bold frozen header, numbers stored as numbers. */
import ExcelJS from 'exceljs';
import type { QueryResult } from '../pipelines/query/query-runner.js';

/** Excel's limit on a sheet name's length, and the characters it forbids in one. */
const MAX_SHEET_NAME = 31;
const FORBIDDEN_IN_SHEET_NAME = /[\\/?*[\]:]/g;

/** The workbook's bytes (.xlsx). */
export async function renderWorkbook(result: QueryResult, sheetName: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'provstat';
  const name = sheetName.replace(FORBIDDEN_IN_SHEET_NAME, '_').slice(0, MAX_SHEET_NAME) || 'result';
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = result.columns.map((column) => ({
    header: column,
    key: column,
    width: Math.min(60, Math.max(10, column.length + 2)),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of result.rows) sheet.addRow(result.columns.map((column) => row[column] ?? null));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
