/** Builds .xlsx files with exceljs, the way a province's Excel would save them, for reader tests. */
import ExcelJS from 'exceljs';

export type SheetSpec = {
  readonly name: string;
  readonly rows: readonly (readonly ExcelJS.CellValue[])[];
  readonly merge?: readonly string[];
  readonly state?: 'visible' | 'hidden' | 'veryHidden';
  readonly formats?: Readonly<Record<string, string>>;
};

export async function buildWorkbook(
  sheets: readonly SheetSpec[],
  configure?: (workbook: ExcelJS.Workbook) => void,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const worksheet = workbook.addWorksheet(spec.name, { state: spec.state ?? 'visible' });
    for (const row of spec.rows) worksheet.addRow([...row]);
    for (const range of spec.merge ?? []) worksheet.mergeCells(range);
    for (const [address, format] of Object.entries(spec.formats ?? {})) worksheet.getCell(address).numFmt = format;
  }
  configure?.(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
