/**
 * Vietnamese number tokens in lowercased, normalized text: `.` groups thousands (`2.102`), `,` is
 * the decimal mark (`73,4`), scale words multiply (`700 triệu`, `1 tỷ 200 triệu`), `26/27` is a
 * fraction, and small spelled-out numbers (`hai`, `mười lăm`) count. Numbers that are not
 * quantities (dates, years, terms, document numbers, ordinals, labels, percentages, codes, list
 * markers) are dropped here by rule, so nothing downstream can read them as a count.
 */
import { readSpelledNumbers } from './spelled-numbers.js';
import { isNotAQuantity, isNotAQuantityAfter } from './number-traps.js';

export interface NumberToken {
  /** Normalized offsets of the number as written: `26/27`, `2.102`, `700`, `hai`. */
  readonly start: number;
  readonly end: number;
  /** The value with any scale word applied (`700 triệu` -> 700000000). */
  readonly value: number;
  /** `27` in `26/27`; null otherwise. */
  readonly denominator: number | null;
  /** Where the unit or noun begins: after the number and its scale words. */
  readonly next: number;
  /** The last scale word read (`triệu`, `tỷ`, `nghìn`), or null. */
  readonly scale: string | null;
}

const DIGIT_RUN = /\d+(?:[.,]\d+)*/g;
const SCALE_AFTER = /^ ?(nghìn|ngàn|vạn|triệu|tỷ|tỉ)(?![\p{L}\p{N}])/u;
const SMALLER_PART_AFTER = /^ (\d{1,3}(?:,\d+)?) ?(triệu|nghìn|ngàn|trăm)(?![\p{L}\p{N}])/u;
const SCALE_FACTOR: Record<string, number> = {
  trăm: 1e2,
  nghìn: 1e3,
  ngàn: 1e3,
  vạn: 1e4,
  triệu: 1e6,
  tỷ: 1e9,
  tỉ: 1e9,
};
// Decimal point in English style (`3.5 kg`) is accepted only before a measure, where it cannot be thousands.
const MEASURE_AFTER = /^ ?(?:kg|km|tấn|tạ|gam|gram|ha|tỷ|tỉ|triệu|ki-?lô)/u;
const LOOKAROUND = 48;

/** Every quantity-like number in `lower[from, to)`, spelled-out ones included, in text order. */
export function findNumberTokens(lower: string, from: number, to: number): NumberToken[] {
  const tokens: NumberToken[] = [];
  // Search a slice so that a clause never scans the rest of the document (linear time).
  const clause = lower.slice(from, to);
  let skipUntil = -1;
  for (const match of clause.matchAll(DIGIT_RUN)) {
    const start = from + match.index;
    const end = start + match[0].length;
    if (start < skipUntil) continue;
    const before = lower.slice(Math.max(from, start - LOOKAROUND), start);
    const after = lower.slice(end, Math.min(to, end + LOOKAROUND));
    const fraction = readFraction(match[0], after);
    if (fraction === 'date') {
      skipUntil = skipDateTail(lower, end, to);
      continue;
    }
    if (isNotAQuantity(before) || (!fraction && isNotAQuantityAfter(after, before))) {
      skipUntil = skipJoinedTail(lower, end, to);
      continue;
    }
    if (fraction) {
      tokens.push({
        start,
        end: end + fraction.length,
        value: fraction.numerator,
        denominator: fraction.denominator,
        next: end + fraction.length,
        scale: null,
      });
      skipUntil = end + fraction.length;
      continue;
    }
    const base = parseDigits(match[0], MEASURE_AFTER.test(after));
    if (base === undefined) continue;
    const scaled = applyScale(lower, end, to, base);
    tokens.push({
      start,
      end: scaled.digitsEnd,
      value: scaled.value,
      denominator: null,
      next: scaled.next,
      scale: scaled.scale,
    });
    skipUntil = scaled.next;
  }
  for (const spelled of readSpelledNumbers(lower, from, to)) {
    const before = lower.slice(Math.max(from, spelled.start - LOOKAROUND), spelled.start);
    if (isNotAQuantity(before)) continue;
    tokens.push({
      start: spelled.start,
      end: spelled.end,
      value: spelled.value,
      denominator: null,
      next: spelled.end,
      scale: null,
    });
  }
  return tokens.sort((left, right) => left.start - right.start);
}

/** Reads the digits of one run the Vietnamese way; undefined when the run is not a well-formed number. */
export function parseDigits(run: string, measureFollows = false): number | undefined {
  const hasDot = run.includes('.');
  const hasComma = run.includes(',');
  if (hasDot && hasComma) {
    if (!/^\d{1,3}(?:\.\d{3})+,\d+$/.test(run)) return undefined;
    return Number(run.replaceAll('.', '').replace(',', '.'));
  }
  if (hasDot) {
    if (/^\d{1,3}(?:\.\d{3})+$/.test(run)) return Number(run.replaceAll('.', ''));
    if (measureFollows && /^\d+\.\d{1,2}$/.test(run)) return Number(run);
    return undefined;
  }
  if (hasComma) return /^\d+,\d+$/.test(run) ? Number(run.replace(',', '.')) : undefined;
  // Long digit strings starting with 0 are phone numbers or identifiers, never counts.
  if (run.length >= 7 && run.startsWith('0')) return undefined;
  return Number(run);
}

type Fraction = { numerator: number; denominator: number; length: number };

// `26/27` is a fraction only when both parts touch the slash and it cannot be a date (`3/3/1959`, `7/2020`, `30/4`).
function readFraction(run: string, after: string): Fraction | 'date' | undefined {
  const second = /^\/(\d+(?:\.\d{3})*)(?![\p{L}\d])(\/\d)?/u.exec(after);
  if (!second || second[1] === undefined) return undefined;
  if (second[2]) return 'date';
  const numerator = parseDigits(run);
  const denominator = parseDigits(second[1]);
  if (numerator === undefined || denominator === undefined) return 'date';
  const yearLike = /^\d{4}$/.test(second[1]) && denominator >= 1900 && denominator <= 2100;
  if (yearLike || denominator === 0 || numerator > denominator || !Number.isInteger(numerator)) return 'date';
  return { numerator, denominator, length: second[0].length };
}

// The span of `1 tỷ 200 triệu` runs to its last digits (`1 tỷ 200`); the scale words after it are read too.
function applyScale(
  lower: string,
  end: number,
  to: number,
  base: number,
): { value: number; next: number; digitsEnd: number; scale: string | null } {
  const scale = SCALE_AFTER.exec(lower.slice(end, Math.min(to, end + 8)));
  if (!scale?.[1]) return { value: base, next: end, digitsEnd: end, scale: null };
  let factor = SCALE_FACTOR[scale[1]] ?? 1;
  let value = base * factor;
  let next = end + scale[0].length;
  let last = scale[1];
  let digitsEnd = end;
  // `1 tỷ 200 triệu`, `2 triệu 500 nghìn`: smaller parts add up.
  for (;;) {
    const part = SMALLER_PART_AFTER.exec(lower.slice(next, Math.min(to, next + 24)));
    if (!part?.[1] || !part[2]) break;
    const partFactor = SCALE_FACTOR[part[2]] ?? 1;
    if (partFactor >= factor) break;
    value += Number(part[1].replace(',', '.')) * partFactor;
    factor = partFactor;
    digitsEnd = next + 1 + part[1].length;
    next += part[0].length;
    last = part[2];
  }
  return { value: roundMoney(value), next, digitsEnd, scale: last };
}

// 1,2 * 1e9 is 1199999999.9999998 in floating point; scaled values are whole.
function roundMoney(value: number): number {
  return Math.abs(value) >= 1000 ? Math.round(value) : value;
}

// The rest of a date (`/02/2020`, `-01-2015`, `.10.2018`) must not be read as numbers of its own.
function skipDateTail(lower: string, end: number, to: number): number {
  const tail = /^(?:[/.-]\d+)+/.exec(lower.slice(end, Math.min(to, end + 16)));
  return end + (tail ? tail[0].length : 0);
}

// `68-KL/TW`, `2015-2020`, `2016 - 2020`: the joined part belongs to the excluded number.
function skipJoinedTail(lower: string, end: number, to: number): number {
  const tail = /^(?: ?- ?\d+(?:[/.]\d+)*|[/.\-:]\d+)+/.exec(lower.slice(end, Math.min(to, end + 24)));
  return end + (tail ? tail[0].length : 0);
}
