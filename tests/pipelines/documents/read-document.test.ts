import { describe, expect, it } from 'vitest';
import { documentKindOf, readDocument } from '../../../pipelines/documents/read-document.js';
import { encodeLegacy } from '../../../pipelines/text/legacy-vietnamese.js';
import { buildDocx } from '../../support/build-documents.js';

const SENTENCE = 'Bộ đội Biên phòng tỉnh Nghệ An đã có 26/27 cán bộ tăng cường xã giữ chức danh phó bí thư.';

describe('documentKindOf', () => {
  it.each([
    ['bao-cao.txt', 'txt'],
    ['Bao cao.DOCX', 'docx'],
    ['bao-cao.pdf', 'pdf'],
    ['trang.html', 'html'],
    ['trang.HTM', 'html'],
    ['bao-cao.doc', undefined],
    ['so-lieu.xlsx', undefined],
    ['bao-cao', undefined],
  ])('%s is %s', (name, kind) => {
    expect(documentKindOf(name)).toBe(kind);
  });
});

describe('readDocument', () => {
  it('reads plain text in its own Unicode form and says its encoding', async () => {
    const nfd = SENTENCE.normalize('NFD');
    expect(await readDocument(new Uint8Array(Buffer.from(nfd)), 'txt')).toEqual({
      ok: true,
      text: nfd,
      method: 'txt:utf-8',
    });
    expect(await readDocument(encodeLegacy(SENTENCE, 'windows-1258'), 'txt')).toEqual({
      ok: true,
      text: SENTENCE,
      method: 'txt:windows-1258',
    });
  });
  it('hands each kind to its reader', async () => {
    expect(await readDocument(await buildDocx([{ paragraph: SENTENCE }]), 'docx')).toEqual({
      ok: true,
      text: SENTENCE,
      method: 'docx:mammoth',
    });
    expect(await readDocument(new Uint8Array(Buffer.from(`<p>${SENTENCE}</p>`)), 'html')).toEqual({
      ok: true,
      text: SENTENCE,
      method: 'html:body',
    });
    expect(await readDocument(new Uint8Array(Buffer.from(SENTENCE)), 'pdf')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a PDF/),
    });
  });
});
