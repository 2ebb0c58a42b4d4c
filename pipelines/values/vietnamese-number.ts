/**
 * Strict reading of numbers written the Vietnamese way: `.` groups thousands, `,` marks decimals.
 * `2.102` is 2102 and `73,4` is 73.4. Anything ambiguous under that rule (`1.5`) or malformed
 * (`12.34.5`) is refused with a reason, never guessed.
 */
import { problem, type Problem } from '../facts/rejection-codes.js';

/** An exact decimal: `digits × 10^-scale`, so scaling by `triệu` or `tỷ` loses nothing. */
export interface ExactDecimal {
  readonly negative: boolean;
  readonly digits: bigint;
  readonly scale: number;
}

export type NumberReading =
  | { readonly ok: true; readonly number: ExactDecimal }
  | { readonly ok: false; readonly problem: Problem };

const PLAIN = /^\d+$/;
const GROUPED = /^\d{1,3}(?:\.\d{3})+$/;
const DECIMAL = /^(\d+),(\d+)$/;
const GROUPED_DECIMAL = /^(\d{1,3}(?:\.\d{3})+),(\d+)$/;

/** Reads one number cell; the reason on failure is a sentence a clerk can act on. */
export function readVietnameseNumber(raw: string): NumberReading {
  const text = raw.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
  if (!text) return { ok: false, problem: problem('value-missing', { value: '' }) };
  const negative = /^[-−]/.test(text);
  const body = negative ? text.slice(1) : text;

  if (PLAIN.test(body)) return exact(negative, body, '');
  if (GROUPED.test(body)) return exact(negative, body.replaceAll('.', ''), '');
  const decimal = DECIMAL.exec(body) ?? GROUPED_DECIMAL.exec(body);
  if (decimal) return exact(negative, (decimal[1] ?? '').replaceAll('.', ''), decimal[2] ?? '');

  return { ok: false, problem: explainMalformed(text, body) };
}

function exact(negative: boolean, whole: string, fraction: string): NumberReading {
  return { ok: true, number: { negative, digits: BigInt(whole + fraction), scale: fraction.length } };
}

function explainMalformed(text: string, body: string): Problem {
  if (/^\d+\.\d+$/.test(body)) return problem('value-ambiguous-number', { value: text });
  if (/^[\d.,]+$/.test(body)) return problem('value-malformed-number', { value: text });
  if (/^\d[\d\s\u00a0]*\d$/.test(body)) return problem('value-spaced-digits', { value: text });
  return problem('value-not-a-number', { value: text });
}

/** The exact decimal as the nearest double. */
export function toNumber(number: ExactDecimal): number {
  const value = Number(`${number.digits}e-${number.scale}`);
  return number.negative && value !== 0 ? -value : value;
}

/** Multiplies by a power of ten, exactly (`1,2` × 10^9 for `tỷ đồng`). */
export function scaleByPowerOfTen(number: ExactDecimal, exponent: number): ExactDecimal {
  if (exponent >= number.scale) {
    return { negative: number.negative, digits: number.digits * 10n ** BigInt(exponent - number.scale), scale: 0 };
  }
  return { negative: number.negative, digits: number.digits, scale: number.scale - exponent };
}

/** Whether the decimal has no fractional part (`12,0` is whole). */
export function isWhole(number: ExactDecimal): boolean {
  return number.scale === 0 || number.digits % 10n ** BigInt(number.scale) === 0n;
}

/** Orders two non-negative exact decimals. */
export function compareExact(a: ExactDecimal, b: ExactDecimal): number {
  const scale = Math.max(a.scale, b.scale);
  const left = a.digits * 10n ** BigInt(scale - a.scale);
  const right = b.digits * 10n ** BigInt(scale - b.scale);
  return left === right ? 0 : left < right ? -1 : 1;
}
