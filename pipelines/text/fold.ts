/**
 * Vietnamese text folding for matching: case, diacritics, `đ`, tone placement and spacing are
 * ignored, so `Mã tỉnh`, `ma_tinh` and `MA TINH` all fold to the same key.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Removes Vietnamese diacritics (including the bar of `đ`) and lowercases. */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** A matching key: no diacritics, lowercase, letters and digits only. */
export function foldKey(text: string): string {
  return stripDiacritics(text).replace(/[^a-z0-9]/g, '');
}

/** NFC with the old and new tone placements (`uỷ`/`ủy`, `hoà`/`hòa`) made one. */
export function normalizeVietnamese(text: string): string {
  return text
    .normalize('NFC')
    .replace(OLD_TONE_PLACEMENT, (match, at: number, whole: string) =>
      isQ(whole.charCodeAt(at - 1)) ? match : (NEW_TONE_PLACEMENT[match] ?? match),
    );
}

// Old style puts the tone on the second vowel of oa/oe/uy; new style on the first (`hoà` → `hòa`).
const NEW_TONE_PLACEMENT: Record<string, string> = {
  oà: 'òa',
  oá: 'óa',
  oả: 'ỏa',
  oã: 'õa',
  oạ: 'ọa',
  oè: 'òe',
  oé: 'óe',
  oẻ: 'ỏe',
  oẽ: 'õe',
  oẹ: 'ọe',
  uỳ: 'ùy',
  uý: 'úy',
  uỷ: 'ủy',
  uỹ: 'ũy',
  uỵ: 'ụy',
  Oà: 'Òa',
  Oá: 'Óa',
  Oả: 'Ỏa',
  Oã: 'Õa',
  Oạ: 'Ọa',
  Uỳ: 'Ùy',
  Uý: 'Úy',
  Uỷ: 'Ủy',
  Uỹ: 'Ũy',
  Uỵ: 'Ụy',
};
// Only in an open syllable (`hoà`, not `hoàn`), and never after `q` (`quý` is the same in both). The `q` is
// checked on each match rather than by a look-behind, which would make V8 try the pattern at every position;
// a pair left as it is after `q` hides no other, as no pair's second letter can start one.
const OLD_TONE_PLACEMENT = new RegExp(`(?:${Object.keys(NEW_TONE_PLACEMENT).join('|')})(?!\\p{L})`, 'gu');

function isQ(code: number): boolean {
  return code === 0x71 || code === 0x51;
}
