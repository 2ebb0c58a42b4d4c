import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../pipelines/text/decode-text.js';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'utf8')] : part)));

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
    expect(decodeText(le)).toMatchObject({ ok: true, text: 'Quý' });
    const be = new Uint8Array([0xfe, 0xff, ...Buffer.from('Quý', 'utf16le').swap16()]);
    expect(decodeText(be)).toMatchObject({ ok: true, text: 'Quý' });
  });
  it('turns NFD into NFC, unless asked to keep the form', () => {
    const nfd = bytes('Nghệ An'.normalize('NFD'));
    expect(decodeText(nfd)).toMatchObject({ ok: true, text: 'Nghệ An'.normalize('NFC') });
    expect(decodeText(nfd, { keepForm: true })).toMatchObject({ ok: true, text: 'Nghệ An'.normalize('NFD') });
  });
  it('refuses binary data and text in another encoding', () => {
    expect(decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not text/),
    });
    expect(decodeText(new Uint8Array([0x54, 0xec, 0x6e, 0x68]))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not UTF-8/),
    });
  });
});
