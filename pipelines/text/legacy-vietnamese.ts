/**
 * The pre-Unicode Vietnamese encodings older Word documents and text files still carry, both as
 * bytes and as Unicode text whose characters are the legacy font's code points (a .docx typed in
 * `.VnTime` holds "Bé ®éi Biªn phßng"), converted to Unicode NFC, and back for tests and samples.
 *
 * - Windows-1258: iconv-lite's table; tone marks arrive as combining characters, so the text is
 *   normalised to NFC.
 * - TCVN3 (ABC, TCVN 5712:1993 VN3): the letters 0xA0–0xFF are iconv-lite's `tcvn` table (GNU
 *   libiconv's TCVN 5712); 0x80–0x9F are the Windows-1252 punctuation the ABC fonts keep there
 *   (the VN1 capitals iconv-lite puts there never occur in ABC text). ABC has no code for an
 *   accented capital: it is typed in the capitals font (`.VnTimeH`) with the small letter's code,
 *   so plain TCVN3 text gives a small letter there (`convertTcvn3Text(text, { capitals: true })`
 *   reads a run known to be in such a font).
 * - VNI (VNI-Windows): a base letter followed by accent characters of the Windows-1252 range, as
 *   tabulated by xvnkb's `vni.h` (Dao Hai Lam, VISC, 2002) and UniKey's converter; the table
 *   below is derived from the same rules (accents per base vowel, `ñ` for đ).
 */
import iconv from 'iconv-lite';

export type LegacyEncoding = 'windows-1258' | 'tcvn3' | 'vni';

const TONES = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'] as const; // none, sắc, huyền, hỏi, ngã, nặng

// ---- TCVN3 ----------------------------------------------------------------------------------

const TCVN3_LETTERS: ReadonlyMap<string, string> = (() => {
  const bytes = Buffer.from(Array.from({ length: 0x60 }, (_, index) => 0xa0 + index));
  const letters = iconv.decode(bytes, 'tcvn');
  return new Map([...letters].map((letter, index) => [String.fromCharCode(0xa0 + index), letter.normalize('NFC')]));
})();
// The small letters and the seven capitals ABC has codes for; the VN1 capitals are left out.
const TCVN3_CODES: ReadonlyMap<string, string> = new Map(
  [...TCVN3_LETTERS]
    .filter(([, letter]) => letter === letter.toLowerCase() || /[ĂÂÊÔƠƯĐ]/u.test(letter))
    .map(([code, letter]) => [letter, code]),
);

/** Reads text whose characters are TCVN3 codes (from bytes decoded as Windows-1252, or a `.VnTime` run). */
export function convertTcvn3Text(text: string, options: { capitals?: boolean } = {}): string {
  const converted = text.replace(/[\u00a0-\u00ff]/gu, (code) => TCVN3_LETTERS.get(code) ?? code);
  return options.capitals ? converted.toUpperCase() : converted;
}

// ---- VNI ------------------------------------------------------------------------------------

/** VNI sequence → Unicode letter, small and capital. */
const VNI_LETTERS: ReadonlyMap<string, string> = (() => {
  const table = new Map<string, string>();
  const add = (sequence: string, base: string, marks: string): void => {
    table.set(sequence, (base + marks).normalize('NFC'));
    table.set(sequence.toUpperCase(), (base.toUpperCase() + marks).normalize('NFC'));
  };
  const toneSuffixes = ['', 'ù', 'ø', 'û', 'õ', 'ï'];
  for (const [index, tone] of TONES.entries()) {
    for (const vowel of ['a', 'e', 'o', 'u', 'y'])
      if (!(vowel === 'y' && index === 5)) add(vowel + toneSuffixes[index], vowel, tone);
    add(`a${['â', 'á', 'à', 'å', 'ã', 'ä'][index]}`, 'a', `\u0302${tone}`);
    add(`e${['â', 'á', 'à', 'å', 'ã', 'ä'][index]}`, 'e', `\u0302${tone}`);
    add(`o${['â', 'á', 'à', 'å', 'ã', 'ä'][index]}`, 'o', `\u0302${tone}`);
    add(`a${['ê', 'é', 'è', 'ú', 'ü', 'ë'][index]}`, 'a', `\u0306${tone}`);
    add(`ô${toneSuffixes[index]}`, 'o', `\u031b${tone}`);
    add(`ö${toneSuffixes[index]}`, 'u', `\u031b${tone}`);
    add(['i', 'í', 'ì', 'æ', 'ó', 'ò'][index] ?? '', 'i', tone);
  }
  add('î', 'y', '\u0323');
  add('ñ', 'đ', '');
  for (const [sequence, letter] of table) if (sequence === letter) table.delete(sequence);
  return table;
})();
const VNI_SEQUENCE = new RegExp(
  [...VNI_LETTERS.keys()].sort((left, right) => right.length - left.length).join('|'),
  'gu',
);
const VNI_CODES: ReadonlyMap<string, string> = new Map(
  [...VNI_LETTERS].map(([sequence, letter]) => [letter, sequence]),
);

/** Reads text whose characters are VNI codes (from bytes decoded as Windows-1252, or a `VNI-Times` run). */
export function convertVniText(text: string): string {
  return text.replace(VNI_SEQUENCE, (sequence) => VNI_LETTERS.get(sequence) ?? sequence);
}

// ---- bytes ----------------------------------------------------------------------------------

/** Decodes bytes in a legacy encoding to Unicode NFC. Every byte decodes: whether it should is detection's job. */
export function decodeLegacyBytes(bytes: Uint8Array, encoding: LegacyEncoding): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === 'windows-1258') return iconv.decode(buffer, 'windows-1258').normalize('NFC');
  const western = iconv.decode(buffer, 'windows-1252');
  return (encoding === 'tcvn3' ? convertTcvn3Text(western) : convertVniText(western)).normalize('NFC');
}

/** Converts Unicode text whose characters are a legacy font's code points. */
export function convertLegacyText(text: string, encoding: Exclude<LegacyEncoding, 'windows-1258'>): string {
  return (encoding === 'tcvn3' ? convertTcvn3Text(text) : convertVniText(text)).normalize('NFC');
}

/**
 * Encodes Unicode text in a legacy encoding, as the old tools wrote it: Windows-1258 with a
 * precomposed letter where the code page has one and a combining tone mark otherwise; TCVN3 with
 * an accented capital as its small letter's code (what the capitals font shows); `?` for what the
 * encoding cannot hold. Used to check round trips and to write samples.
 */
export function encodeLegacy(text: string, encoding: LegacyEncoding): Uint8Array {
  const pieces: string[] = [];
  for (const char of text.normalize('NFC')) {
    if (encoding === 'windows-1258') pieces.push(windows1258Form(char));
    else if (encoding === 'vni') pieces.push(VNI_CODES.get(char) ?? char);
    else
      pieces.push(
        char.charCodeAt(0) < 0x80
          ? char
          : (TCVN3_CODES.get(char) ?? TCVN3_CODES.get(char.toLowerCase()) ?? westernOrUnknown(char)),
      );
  }
  return new Uint8Array(iconv.encode(pieces.join(''), encoding === 'windows-1258' ? 'windows-1258' : 'windows-1252'));
}

function windows1258Form(char: string): string {
  if (canEncode(char, 'windows-1258')) return char;
  const decomposed = char.normalize('NFD');
  const tone = decomposed.match(/[\u0300\u0301\u0303\u0309\u0323]/u)?.[0] ?? '';
  const base = decomposed.replace(tone, '').normalize('NFC');
  return canEncode(base, 'windows-1258') ? base + tone : char;
}

function westernOrUnknown(char: string): string {
  // A Latin-1 letter would be read back as a TCVN3 letter: only punctuation keeps its Windows-1252 code.
  return char.charCodeAt(0) >= 0xa0 && char.charCodeAt(0) <= 0xff ? '?' : char;
}

function canEncode(text: string, encoding: string): boolean {
  return iconv.decode(iconv.encode(text, encoding), encoding) === text;
}
