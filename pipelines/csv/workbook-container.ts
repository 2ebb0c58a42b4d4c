/**
 * What an uploaded ".xlsx" really is, from its bytes and its zip directory alone, before anything
 * is unpacked: a workbook small enough to read, or the reason it is not one (a renamed CSV, a
 * legacy .xls, a password-protected file, an OpenDocument sheet, a zip of something else) or is
 * too large to unpack into memory.
 */
import { readZipDirectory, sniffOfficeContainer, type OfficeContainer } from '../documents/office-container.js';

/**
 * Default limit on a workbook's unpacked sheet data (its worksheet XML and shared strings). Read
 * into memory it takes about fifteen times its size, so 32 MiB (about 120,000 rows of seven
 * columns) stays near 500 MiB; larger tables belong in a CSV, which is read a record at a time.
 */
export const DEFAULT_MAX_SHEET_DATA_BYTES = 32 * 1024 * 1024;

export type WorkbookContainer =
  | { readonly ok: true; readonly sheetDataBytes: number }
  | { readonly ok: false; readonly reason: string };

const WORKSHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;

const SAVE_AS = 'save it in Excel as "Excel Workbook (.xlsx)" or "CSV UTF-8"';
const SAVE_AGAIN = 'open it in Excel, save it again and send the new file';
const REASONS: Record<Exclude<OfficeContainer, 'zip'>, string> = {
  empty: 'the file is empty',
  'encrypted-office':
    'the workbook is protected with a password; remove the password in Excel ' +
    '(File > Info > Protect Workbook) and send it again',
  'legacy-office': `the file is an old Excel 97-2003 workbook (.xls); ${SAVE_AS}`,
  text: 'the file is text (a CSV?) with an .xlsx name; send it with its own name ending in .csv',
  other: `the file is not an Excel workbook (.xlsx); ${SAVE_AS}`,
};

/** Checks the container of an upload that should be an .xlsx workbook. */
export function inspectWorkbookContainer(
  bytes: Uint8Array,
  maxSheetDataBytes = DEFAULT_MAX_SHEET_DATA_BYTES,
): WorkbookContainer {
  const refuse = (reason: string): WorkbookContainer => ({ ok: false, reason });
  const container = sniffOfficeContainer(bytes);
  if (container !== 'zip') return refuse(REASONS[container]);
  const parts = readZipDirectory(bytes);
  if (!parts) return refuse(`the workbook is damaged (its zip structure cannot be read); ${SAVE_AGAIN}`);
  if (parts.has('content.xml') && parts.has('mimetype')) {
    return refuse('the file is an OpenDocument spreadsheet (.ods); save it as "Excel Workbook (.xlsx)" or "CSV UTF-8"');
  }
  if (!parts.has('xl/workbook.xml')) {
    return refuse('the file is a zip archive but not an Excel workbook (.xlsx); send the workbook itself');
  }
  const names = [...parts.keys()];
  const worksheets = names.filter((name) => WORKSHEET_PART.test(name));
  if (worksheets.length === 0 && names.some((name) => name.startsWith('xl/worksheets/'))) {
    return refuse(`the workbook stores its sheets in a form this reader does not know; ${SAVE_AGAIN}`);
  }
  const sheetDataBytes = [...worksheets, 'xl/sharedStrings.xml'].reduce((sum, name) => sum + (parts.get(name) ?? 0), 0);
  if (sheetDataBytes > maxSheetDataBytes) {
    return refuse(
      `the workbook holds ${mebibytes(sheetDataBytes)} of sheet data, over the ${mebibytes(maxSheetDataBytes)} ` +
        'an .xlsx may have; save the sheet as "CSV UTF-8" (a CSV may be much larger) or split the workbook',
    );
  }
  return { ok: true, sheetDataBytes };
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
