import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../pipelines/text/decode-text.js';
import { encodeLegacy } from '../../../pipelines/text/legacy-vietnamese.js';
import { paragraphsOf, readSeedReports } from '../../support/seed-reports.js';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'utf8')] : part)));
const CSV = 'Tỉnh;Kỳ báo cáo;Chỉ tiêu;Giá trị;Đơn vị tính\nNghệ An;Quý III/2024;Số đồn biên phòng;16;đồn\n';

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeText(bytes('Tỉnh'))).toMatchObject({ ok: true, text: 'Tỉnh', encoding: 'utf-8' });
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], 'Tỉnh'))).toMatchObject({
      ok: true,
      text: 'Tỉnh',
      encoding: 'utf-8-bom',
    });
  });
  it('reads UTF-16 little- and big-endian with a BOM', () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from('Quý', 'utf16le')]);
    expect(decodeText(le)).toMatchObject({ ok: true, text: 'Quý', encoding: 'utf-16le' });
    const be = new Uint8Array([0xfe, 0xff, ...Buffer.from('Quý', 'utf16le').swap16()]);
    expect(decodeText(be)).toMatchObject({ ok: true, text: 'Quý', encoding: 'utf-16be' });
  });
  it('turns NFD into NFC, unless asked to keep the form', () => {
    const nfd = bytes('Nghệ An'.normalize('NFD'));
    expect(decodeText(nfd)).toMatchObject({ ok: true, text: 'Nghệ An'.normalize('NFC') });
    expect(decodeText(nfd, { keepForm: true })).toMatchObject({ ok: true, text: 'Nghệ An'.normalize('NFD') });
  });
  it('reads a Windows-1258 CSV into NFC, also when asked to keep the form', () => {
    const windows1258 = encodeLegacy(CSV, 'windows-1258');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(windows1258)).toThrow();
    expect(decodeText(windows1258)).toEqual({ ok: true, text: CSV, encoding: 'windows-1258' });
    expect(decodeText(windows1258, { keepForm: true })).toEqual({ ok: true, text: CSV, encoding: 'windows-1258' });
  });
  it('reads reports in TCVN3 and VNI bytes, and says so', () => {
    const [report] = readSeedReports();
    const text = paragraphsOf(report?.text ?? '', 200)[0] ?? '';
    expect(text).not.toBe('');
    expect(decodeText(encodeLegacy(text, 'vni'))).toEqual({ ok: true, text, encoding: 'vni' });
    expect(decodeText(encodeLegacy(text, 'tcvn3'))).toMatchObject({ ok: true, encoding: 'tcvn3' });
  });
  it("converts UTF-8 text that carries a legacy font's code points", () => {
    const fontText = 'Bé ®éi Biªn phßng tØnh NghÖ An ®· cã 26/27 c¸n bé t¨ng c­êng x·';
    expect(decodeText(bytes(fontText))).toEqual({
      ok: true,
      text: 'Bộ đội Biên phòng tỉnh Nghệ An đã có 26/27 cán bộ tăng cường xã',
      encoding: 'tcvn3',
    });
  });
  it('never reads plain ASCII or English as a legacy encoding', () => {
    expect(decodeText(bytes('province,period,metric,value\nVN-22,2024Q3,border_posts,16\n'))).toMatchObject({
      ok: true,
      encoding: 'utf-8',
    });
    expect(decodeText(bytes('The café’s résumé: naïve, but déjà vu.'))).toMatchObject({ ok: true, encoding: 'utf-8' });
  });
  it('refuses binary data, and text it cannot read with confidence', () => {
    expect(decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not text/),
    });
    expect(decodeText(new Uint8Array([0x54, 0xec, 0x6e, 0x68]))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not UTF-8/),
    });
    const french = iconv.encode(
      'Le rapport a été envoyé à la préfecture; les données déjà vérifiées sont là.',
      'windows-1252',
    );
    expect(decodeText(french)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not UTF-8.*Windows-1258, TCVN3 or VNI/),
    });
  });
});
