/**
 * Small numbers written as words (`hai đồng chí`, `mười lăm vụ`, `hai mươi mốt hộ`, `ba trăm người`).
 * Reports spell out numbers below about a hundred; larger ones are always digits.
 */

export interface SpelledNumber {
  readonly start: number;
  readonly end: number;
  readonly value: number;
}

const DIGIT_WORDS: Record<string, number> = {
  một: 1,
  hai: 2,
  ba: 3,
  bốn: 4,
  năm: 5,
  sáu: 6,
  bảy: 7,
  bẩy: 7,
  tám: 8,
  chín: 9,
};
// Forms used only after `mươi`/`mười`: `hai mươi mốt`, `hai mươi tư`, `mười lăm`.
const TAIL_DIGIT_WORDS: Record<string, number> = { ...DIGIT_WORDS, mốt: 1, tư: 4, lăm: 5, nhăm: 5 };
const MULTIPLIERS: Record<string, number> = { nghìn: 1e3, ngàn: 1e3, triệu: 1e6 };

const FIRST_WORD = /(?:một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười)(?![\p{L}\p{N}])/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const WORD = /\p{L}+/uy;

/** Spelled-out numbers in `lower[from, to)`; `Một là,` (first,) and `năm 2020` (year) are not numbers. */
export function readSpelledNumbers(lower: string, from: number, to: number): SpelledNumber[] {
  const found: SpelledNumber[] = [];
  // Search a slice so that a clause never scans the rest of the document (linear time).
  const clause = lower.slice(from, to);
  let resumeAt = 0;
  for (const match of clause.matchAll(FIRST_WORD)) {
    if (match.index < resumeAt || LETTER_OR_DIGIT.test(clause[match.index - 1] ?? '')) continue;
    const start = from + match.index;
    const words = readWords(lower, start, to, 6);
    const parsed = parseSpelled(words.map((word) => word.text));
    if (!parsed) continue;
    const last = words[parsed.used - 1];
    if (!last) continue;
    const followedBy = lower.slice(last.end, Math.min(to, last.end + 6));
    // `Một là`, `Hai là` enumerate points; `năm 2020` is a year.
    if (/^ là(?!\p{L})/u.test(followedBy) || /^ ?\d/.test(followedBy)) continue;
    found.push({ start, end: last.end, value: parsed.value });
    resumeAt = last.end - from;
  }
  return found;
}

type Word = { text: string; end: number };

function readWords(lower: string, start: number, to: number, limit: number): Word[] {
  const words: Word[] = [];
  let position = start;
  while (words.length < limit && position < to) {
    WORD.lastIndex = position;
    const match = WORD.exec(lower);
    if (!match) break;
    const end = Math.min(position + match[0].length, to);
    words.push({ text: match[0], end });
    if (lower[end] !== ' ') break;
    position = end + 1;
  }
  return words;
}

/** Parses up to the hundreds (`ba trăm linh năm`), then one multiplier (`hai nghìn`). */
function parseSpelled(words: readonly string[]): { value: number; used: number } | undefined {
  let used = 0;
  let value = 0;
  const word = (offset = 0): string => words[used + offset] ?? '';
  const hundreds = DIGIT_WORDS[word()];
  if (hundreds !== undefined && word(1) === 'trăm') {
    value = hundreds * 100;
    used += 2;
    if ((word() === 'linh' || word() === 'lẻ') && DIGIT_WORDS[word(1)] !== undefined) {
      value += DIGIT_WORDS[word(1)] ?? 0;
      used += 2;
      return withMultiplier(words, value, used);
    }
  }
  const tens = readTens(words, used);
  if (tens) {
    value += tens.value;
    used = tens.used;
  }
  return used === 0 ? undefined : withMultiplier(words, value, used);
}

function readTens(words: readonly string[], from: number): { value: number; used: number } | undefined {
  const first = words[from] ?? '';
  if (first === 'mười') {
    const unit = TAIL_DIGIT_WORDS[words[from + 1] ?? ''];
    return unit !== undefined ? { value: 10 + unit, used: from + 2 } : { value: 10, used: from + 1 };
  }
  const digit = DIGIT_WORDS[first];
  if (digit === undefined) return undefined;
  if (words[from + 1] === 'mươi') {
    const unit = TAIL_DIGIT_WORDS[words[from + 2] ?? ''];
    return unit !== undefined ? { value: digit * 10 + unit, used: from + 3 } : { value: digit * 10, used: from + 2 };
  }
  return { value: digit, used: from + 1 };
}

function withMultiplier(words: readonly string[], value: number, used: number): { value: number; used: number } {
  const multiplier = MULTIPLIERS[words[used] ?? ''];
  return multiplier ? { value: value * multiplier, used: used + 1 } : { value, used };
}
