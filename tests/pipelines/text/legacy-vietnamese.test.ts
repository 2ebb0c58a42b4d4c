import { describe, expect, it } from 'vitest';
import {
  convertLegacyText,
  convertTcvn3Text,
  convertVniText,
  decodeLegacyBytes,
  encodeLegacy,
} from '../../../pipelines/text/legacy-vietnamese.js';
import { readSeedReports } from '../../support/seed-reports.js';

const seeds = readSeedReports();
// ABC has no code for an accented capital (it is typed in the capitals font with the small letter's code).
const ACCENTED_CAPITAL = /[À-ÝĨŨẠ-Ỹ]/u;

describe('TCVN3 (ABC)', () => {
  it('reads a .VnTime run held as Unicode code points', () => {
    expect(convertTcvn3Text('Bé ®éi Biªn phßng')).toBe('Bộ đội Biên phòng');
    expect(convertLegacyText('§ån Biªn phßng cöa khÈu', 'tcvn3')).toBe('Đồn Biên phòng cửa khẩu');
  });
  it('reads a run in the capitals font as capitals', () => {
    expect(convertTcvn3Text('bé ®éi biªn phßng', { capitals: true })).toBe('BỘ ĐỘI BIÊN PHÒNG');
  });
  it('keeps the Windows-1252 punctuation of 0x80-0x9F', () => {
    expect(decodeLegacyBytes(new Uint8Array([0x93, 0x42, 0xe9, 0x94, 0x20, 0x96, 0x20, 0x31]), 'tcvn3')).toBe(
      '“Bộ” – 1',
    );
  });
  it('round-trips every seed report, accented capitals coming back small', () => {
    for (const { name, text } of seeds) {
      const back = decodeLegacyBytes(encodeLegacy(text, 'tcvn3'), 'tcvn3');
      expect(back.toLowerCase(), name).toBe(text.toLowerCase());
      const lines = text.split('\n').filter((line) => !ACCENTED_CAPITAL.test(line));
      expect(decodeLegacyBytes(encodeLegacy(lines.join('\n'), 'tcvn3'), 'tcvn3'), name).toBe(lines.join('\n'));
    }
  });
});

describe('VNI', () => {
  it('reads a VNI-Times run held as Unicode code points', () => {
    expect(convertVniText('Boä ñoäi Bieân phoøng')).toBe('Bộ đội Biên phòng');
    expect(convertVniText('ÑOÀN BIEÂN PHOØNG CÖÛA KHAÅU')).toBe('ĐỒN BIÊN PHÒNG CỬA KHẨU');
    expect(convertVniText('tröôøng, ngöôøi, thuûy, Kyø, chæ, ñòa, luõy')).toBe(
      'trường, người, thủy, Kỳ, chỉ, địa, lũy',
    );
  });
  it('round-trips every seed report exactly', () => {
    for (const { name, text } of seeds) expect(decodeLegacyBytes(encodeLegacy(text, 'vni'), 'vni'), name).toBe(text);
  });
});

describe('Windows-1258', () => {
  it('combines base letters with their combining tone marks into NFC', () => {
    // "Tỉnh" as Windows-1258 writes it: T, i, combining hook above (0xD2), n, h.
    const decoded = decodeLegacyBytes(new Uint8Array([0x54, 0x69, 0xd2, 0x6e, 0x68]), 'windows-1258');
    expect(decoded).toBe('Tỉnh');
    expect(decoded).toBe(decoded.normalize('NFC'));
  });
  it('writes precomposed letters where the code page has them and combining tones elsewhere', () => {
    expect([...encodeLegacy('á ộ', 'windows-1258')]).toEqual([0xe1, 0x20, 0xf4, 0xf2]);
  });
  it('round-trips every seed report exactly', () => {
    for (const { name, text } of seeds)
      expect(decodeLegacyBytes(encodeLegacy(text, 'windows-1258'), 'windows-1258'), name).toBe(text);
  });
});
