import iconv from 'iconv-lite';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { legacyFontEncoding, readDocx } from '../../../pipelines/documents/read-docx.js';
import { encodeLegacy } from '../../../pipelines/text/legacy-vietnamese.js';
import { buildDocx, factsOf, paragraphsOfReport } from '../../support/build-documents.js';
import { readSeedReports } from '../../support/seed-reports.js';

const [nghean] = readSeedReports();
/** Text typed in a legacy font as Word stores it: the legacy bytes' Windows-1252 characters. */
const typedIn = (text: string, encoding: 'tcvn3' | 'vni'): string =>
  iconv.decode(Buffer.from(encodeLegacy(text, encoding)), 'windows-1252');

async function textOf(bytes: Uint8Array): Promise<{ text: string; method: string }> {
  const read = await readDocx(bytes);
  if (!read.ok) throw new Error(read.reason);
  return read;
}

describe('readDocx', () => {
  it("gives a real report's facts with their sentences intact, as the .txt does", async () => {
    const report = nghean?.text ?? '';
    const { text, method } = await textOf(
      await buildDocx(paragraphsOfReport(report).map((paragraph) => ({ paragraph }))),
    );
    expect(method).toBe('docx:mammoth');
    const facts = factsOf(text);
    expect(facts).toEqual(factsOf(report));
    expect(facts.join('\n')).toContain('88 tổ, 916 hộ gia đình, 2.102 cá nhân tự quản đường biên');
    expect(facts.some((fact) => fact.startsWith('bp_commune_deputy_secretaries=26/27 | '))).toBe(true);
  });

  it('keeps paragraphs apart and a line break inside one, and marks list items', async () => {
    const { text } = await textOf(
      await buildDocx([{ heading: 'Kết quả' }, { paragraph: 'Dòng một\nDòng hai' }, { paragraph: 'Đoạn sau.' }]),
    );
    expect(text).toBe('Kết quả\n\nDòng một\nDòng hai\n\nĐoạn sau.');
  });

  it('separates table cells so numbers in neighbouring cells never run together', async () => {
    const { text } = await textOf(
      await buildDocx([
        {
          table: [
            ['Nội dung', 'Tổ', 'Hộ', 'Cá nhân'],
            ['Tự quản đường biên', '88', '916', '2.102'],
          ],
        },
      ]),
    );
    expect(text).toBe('Nội dung\tTổ\tHộ\tCá nhân\n\nTự quản đường biên\t88\t916\t2.102');
  });

  it('converts runs typed in TCVN3 and VNI fonts by their font, capitals fonts in capitals', async () => {
    const { text, method } = await textOf(
      await buildDocx([
        { paragraph: typedIn('kết quả công tác biên phòng', 'tcvn3'), font: '.VnTimeH' },
        { paragraph: typedIn('Bộ đội Biên phòng tỉnh đã giúp dân 722 ngày công.', 'tcvn3'), font: '.VnTime' },
        { paragraph: typedIn('Đồn Biên phòng cửa khẩu đã bắt giữ 12 đối tượng.', 'vni'), font: 'VNI-Times' },
        { paragraph: 'Văn bản Unicode: giữ nguyên.' },
      ]),
    );
    expect(text).toBe(
      'KẾT QUẢ CÔNG TÁC BIÊN PHÒNG\n\nBộ đội Biên phòng tỉnh đã giúp dân 722 ngày công.\n\n' +
        'Đồn Biên phòng cửa khẩu đã bắt giữ 12 đối tượng.\n\nVăn bản Unicode: giữ nguyên.',
    );
    expect(method).toBe('docx:mammoth (tcvn3, vni)');
  });

  it('converts a report in a legacy font Word did not record on its runs, by detection', async () => {
    const report = paragraphsOfReport(nghean?.text ?? '').slice(2, 6);
    const { text, method } = await textOf(
      await buildDocx(report.map((paragraph) => ({ paragraph: typedIn(paragraph, 'vni') }))),
    );
    expect(method).toBe('docx:mammoth (vni)');
    expect(text).toBe(report.join('\n\n'));
  });

  it.each([
    ['.VnTime', 'tcvn3', false],
    ['.VnTimeH', 'tcvn3', true],
    ['.VnArial NarrowH', 'tcvn3', true],
    ['VNI-Times', 'vni', false],
    ['Times New Roman', undefined, false],
  ])('knows the font %s', (font, encoding, capitals) => {
    expect(legacyFontEncoding(font)).toEqual(encoding ? { encoding, capitals } : undefined);
  });

  it.each([
    [
      'an old .doc',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(600)]),
      /Word 97-2003 document \(\.doc\)/,
    ],
    [
      'a password-protected document',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Buffer.from('EncryptionInfo', 'utf16le')]),
      /password/,
    ],
    ['a text file with a .docx name', new Uint8Array(Buffer.from('Báo cáo quý III')), /text with a \.docx name/],
    ['a zip of something else', zipSync({ 'a.txt': new Uint8Array(1) }), /not a Word document/],
    ['a damaged zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /damaged/],
  ])('refuses %s with a reason', async (_name, bytes, reason) => {
    expect(await readDocx(bytes)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('refuses a document whose text part is over the limit, before unpacking it', async () => {
    const bytes = await buildDocx([{ paragraph: 'Báo cáo. '.repeat(2000) }]);
    expect(await readDocx(bytes, { maxDocumentBytes: 4096 })).toEqual({
      ok: false,
      reason: expect.stringMatching(/over the 0\.0 MiB|send the report as plain text/),
    });
  });
});
