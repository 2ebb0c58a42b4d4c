import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { metaCharset, readHtml } from '../../../pipelines/documents/read-html.js';
import { encodeLegacy } from '../../../pipelines/text/legacy-vietnamese.js';
import { factsOf, paragraphsOfReport } from '../../support/build-documents.js';
import { buildWebPage, MENU, RELATED_HEADLINES } from '../../support/build-web-page.js';
import { readSeedReports } from '../../support/seed-reports.js';

const report = readSeedReports()[1]?.text ?? '';
const paragraphs = paragraphsOfReport(report);
const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

function textOf(bytes: Uint8Array): { text: string; method: string } {
  const read = readHtml(bytes);
  if (!read.ok) throw new Error(read.reason);
  return read;
}

describe('readHtml', () => {
  it("gives the article's text with block elements as paragraphs and the page furniture left out", () => {
    const { text, method } = textOf(utf8(buildWebPage(paragraphs)));
    expect(method).toBe('html:article');
    expect(text).toBe(paragraphs.join('\n\n'));
    const furniture = [
      ...MENU,
      ...RELATED_HEADLINES,
      'Báo Biên phòng',
      'dataLayer',
      'Quảng cáo',
      'Zalo',
      'Giấy phép',
      'Tin liên quan',
      'Đọc nhiều',
    ];
    for (const piece of furniture.filter((piece) => !report.includes(piece))) expect(text, piece).not.toContain(piece);
  });

  it("gives a real report's facts with their sentences intact, and none from the furniture", () => {
    const facts = factsOf(textOf(utf8(buildWebPage(paragraphs))).text);
    expect(facts.length).toBeGreaterThan(0);
    expect(facts).toEqual(factsOf(report));
  });

  it('reads the whole body when no article or main holds the content, still without menus', () => {
    const page =
      `<html><body><ul>${MENU.map((item) => `<li><a href="#">${item}</a></li>`).join('')}</ul>` +
      '<div><p>Đồn đã bắt giữ 12 đối tượng.</p><p>Dòng một<br>dòng hai</p><ul><li>Ý một</li><li>Ý hai</li></ul>' +
      '<ol start="3"><li>Mục ba</li></ol>' +
      '<table><tr><td>Tổ</td><td>88</td><td>916</td></tr></table></div></body></html>';
    expect(readHtml(utf8(page))).toEqual({
      ok: true,
      method: 'html:body',
      text: 'Đồn đã bắt giữ 12 đối tượng.\n\nDòng một\ndòng hai\n\n- Ý một\n\n- Ý hai\n\n3. Mục ba\n\nTổ\t88\t916',
    });
  });

  it('decodes a page by its <meta> charset when the bytes are not UTF-8', () => {
    const page = buildWebPage(paragraphs, {
      headMeta: '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">',
    });
    const { text, method } = textOf(encodeLegacy(page, 'windows-1258'));
    expect(method).toBe('html:article (windows-1258)');
    expect(text).toBe(paragraphs.join('\n\n'));
  });

  it('detects a Vietnamese legacy encoding when the page declares none', () => {
    const { text, method } = textOf(encodeLegacy(buildWebPage(paragraphs, { headMeta: '' }), 'windows-1258'));
    expect(method).toBe('html:article (windows-1258)');
    expect(text).toBe(paragraphs.join('\n\n'));
  });

  it('converts a page typed in the .VnTime font under a Western charset', () => {
    const page = buildWebPage(paragraphs, { headMeta: '<meta charset="windows-1252">' }).replace(
      '<article class="detail">',
      '<article><font face=".VnTime">',
    );
    const { text, method } = textOf(encodeLegacy(page, 'tcvn3'));
    expect(method).toBe('html:article (windows-1252, tcvn3)');
    expect(text.toLowerCase()).toBe(paragraphs.join('\n\n').toLowerCase());
  });

  it('prefers valid UTF-8 over a <meta> that says otherwise, and reads a BOM', () => {
    const page = buildWebPage(paragraphs, { headMeta: '<meta charset="windows-1258">' });
    expect(textOf(utf8(page)).method).toBe('html:article');
    expect(textOf(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(page)])).method).toBe('html:article');
  });

  it('refuses a page it cannot decode with confidence', () => {
    const french =
      '<html><body><p>Le rapport a été envoyé à la préfecture; les données déjà vérifiées sont là.</p></body></html>';
    expect(readHtml(iconv.encode(french, 'windows-1252'))).toEqual({
      ok: false,
      reason: expect.stringMatching(/not UTF-8.*save the page again in UTF-8/),
    });
  });

  it('refuses a page with no text', () => {
    expect(
      readHtml(
        utf8('<html><head><script>var a = 1;</script></head><body><nav><a href="/">Trang chủ</a></nav></body></html>'),
      ),
    ).toEqual({ ok: false, reason: 'the document has no text' });
  });
});

describe('metaCharset', () => {
  it.each([
    ['<meta charset="Windows-1258">', 'windows-1258'],
    ['<meta http-equiv="content-type" content="text/html; charset=iso-8859-1">', 'iso-8859-1'],
    ['<meta name="viewport" content="width=device-width">', undefined],
  ])('%s', (meta, charset) => {
    expect(metaCharset(utf8(`<html><head>${meta}</head><body></body></html>`))).toBe(charset);
  });
});
