/**
 * The uploads in samples/pending/ (formats ingest does not read yet) read as the readers promise:
 * the workbook's header is found under its title block, the reports give the facts of their .txt.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHeaderRow, headerCandidateOf } from '../../../pipelines/csv/find-header-row.js';
import { readWorkbook } from '../../../pipelines/csv/read-workbook.js';
import { readDocument } from '../../../pipelines/documents/read-document.js';
import { decodeText } from '../../../pipelines/text/decode-text.js';
import { PROJECT_ROOT } from '../../helpers.js';
import { factsOf } from '../../support/build-documents.js';

const pending = join(PROJECT_ROOT, 'samples', 'pending', 'incoming');
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(join(pending, path)));
const textOf = (path: string): string => readFileSync(join(PROJECT_ROOT, 'samples', 'incoming', path), 'utf8');

describe('samples/pending', () => {
  it('the Lạng Sơn workbook: a two-row header under its title block, and one row per metric', async () => {
    const reading = await readWorkbook(read('VN-09/2025Q2/lang-son-bieu-01-quy-2-2025.xlsx'));
    if (!reading.ok) throw new Error(reading.reason);
    expect(reading.sheets.map(({ name, hidden }) => [name, hidden])).toEqual([
      ['Biểu 01', false],
      ['Hướng dẫn', true],
    ]);
    const rows = reading.sheets[0]?.rows ?? [];
    const header = findHeaderRow(rows.map(headerCandidateOf));
    expect(header).toMatchObject({
      ok: true,
      lines: [5, 6],
      columns: { roles: { province: 0, period: 1, metric: 2, value: 3, denominator: 4, unit: 5, note: 6 } },
    });
    expect(rows[2]?.cells[1]).toEqual({ kind: 'date', value: '2025-06-30' });
    const data = rows.slice(header.ok ? header.dataIndex : 0);
    expect(data).toHaveLength(20);
    expect(data.every((row) => row.cells[3]?.kind === 'number')).toBe(true);
  });

  it("the Windows-1258 CSV decodes to the text of its UTF-8 twin's kind", () => {
    const decoded = decodeText(read('VN-01/2025Q2/LaiChau_Q2_2025_windows-1258.csv'));
    expect(decoded).toMatchObject({ ok: true, encoding: 'windows-1258' });
    expect(decoded.ok && decoded.text.split('\r\n')[0]).toBe('Tỉnh;Kỳ báo cáo;Chỉ tiêu;Số liệu;Đơn vị tính;Ghi chú');
  });

  it('the Word and PDF reports give the facts of the same reports as .txt', async () => {
    for (const [document, kind, text] of [
      ['VN-22/2025Q2/bao-cao-can-bo-tham-gia-cap-uy.docx', 'docx', 'VN-22/2025Q2/000_47ce2dc210bb9c1c.txt'],
      ['VN-33/2025Q2/bao-cao-dak-lak.pdf', 'pdf', 'VN-33/2025Q2/004_9da38356a6f74487.txt'],
    ] as const) {
      const reading = await readDocument(read(document), kind);
      if (!reading.ok) throw new Error(reading.reason);
      expect(factsOf(reading.text), document).toEqual(factsOf(textOf(text)));
    }
  });
});
