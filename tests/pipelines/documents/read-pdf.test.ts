import { describe, expect, it } from 'vitest';
import { readPdf } from '../../../pipelines/documents/read-pdf.js';
import { convertTcvn3Text, encodeLegacy } from '../../../pipelines/text/legacy-vietnamese.js';
import { buildPdf, factsOf, paragraphsOfReport } from '../../support/build-documents.js';
import { readSeedReports } from '../../support/seed-reports.js';

const report = readSeedReports()[4]?.text ?? '';

async function textOf(bytes: Uint8Array): Promise<{ text: string; method: string }> {
  const read = await readPdf(bytes);
  if (!read.ok) throw new Error(read.reason);
  return read;
}

describe('readPdf', () => {
  it("gives a real report's facts with their sentences intact, lines wrapped as printed", async () => {
    const { text, method } = await textOf(await buildPdf(paragraphsOfReport(report)));
    expect(method).toMatch(/^pdf:text-layer \([2-9] pages\)$/);
    const facts = factsOf(text);
    expect(facts).toEqual(factsOf(report));
    expect(facts.join('\n')).toContain('có 73,4 km đường biên giới');
    expect(facts.join('\n')).toContain('2.385 lượt người');
  });

  it('rebuilds words, wrapped lines and paragraphs from the positions of the text items', async () => {
    const long =
      'Đoạn một được ngắt thành nhiều dòng: ' + 'Bộ đội Biên phòng tỉnh đã giúp dân 722 ngày công. '.repeat(4).trim();
    const { text } = await textOf(await buildPdf([`Tiêu đề ngắn\n${long}`, 'Đoạn hai.']));
    expect(text).toBe(`Tiêu đề ngắn\n${long}\n\nĐoạn hai.`);
  });

  it('converts a PDF printed from a TCVN3 (.VnTime) document, à (µ) included', async () => {
    // No ư: its TCVN3 code is the soft hyphen, which PDF makers drop (a known limit).
    const paragraph =
      'Bộ đội Biên phòng tỉnh đã giúp dân lao động sản xuất 722 ngày công, củng cố 32 chi bộ và 4 xã biên giới.';
    const typed = Buffer.from(encodeLegacy(paragraph, 'tcvn3')).toString('latin1');
    const { text, method } = await textOf(await buildPdf([typed]));
    expect(method).toBe('pdf:text-layer (1 page; tcvn3)');
    expect(text.replace(/\n/g, ' ')).toBe(convertTcvn3Text(typed));
    expect(text.replace(/\n/g, ' ')).toBe(paragraph);
  });

  it('refuses a PDF without a text layer, asking for the .docx or .txt', async () => {
    expect(await readPdf(await buildPdf([], { drawingOnly: true }))).toEqual({
      ok: false,
      reason: expect.stringMatching(/no text layer.*\.docx or \.txt/),
    });
  });

  it('refuses a password-protected PDF', async () => {
    expect(await readPdf(await buildPdf(['Báo cáo mật.'], { userPassword: 'bi-mat' }))).toEqual({
      ok: false,
      reason: expect.stringMatching(/password/),
    });
  });

  it('refuses what is not a PDF, or a damaged one', async () => {
    expect(await readPdf(new Uint8Array(Buffer.from('Báo cáo quý III')))).toEqual({
      ok: false,
      reason: expect.stringMatching(/not a PDF/),
    });
    const bytes = await buildPdf(['Báo cáo.']);
    expect(await readPdf(bytes.subarray(0, 400))).toEqual({
      ok: false,
      reason: expect.stringMatching(/could not be read|no text layer/),
    });
  });
});
