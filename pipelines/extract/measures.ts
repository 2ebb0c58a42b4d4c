/**
 * Units of measure written after a number (`3,5 kg`, `2.100kg`, `5 tấn`, `73,4 km`,
 * `700 triệu đồng`, `150.000đ`) and the factor that brings the value to the catalog unit.
 */
import type { NumberToken } from './numbers.js';

export type Measure = 'kg' | 'km' | 'vnd';

export interface MeasureReading {
  readonly measure: Measure;
  /** Multiplies the number into the catalog unit (`5 tấn` -> 5000 kg). */
  readonly factor: number;
  /** Where the words after the unit begin (`ma túy đá` in `3,5 kg ma túy đá`). */
  readonly end: number;
}

const UNITS: readonly { pattern: RegExp; measure: Measure; factor: number }[] = [
  {
    pattern: /^ ?(?:kg|kilôgam|kilogam|kilogram|ki-lô-gam|ki lô gam|kí lô gam|ký|kí)(?![\p{L}\p{N}])/u,
    measure: 'kg',
    factor: 1,
  },
  { pattern: /^ ?tấn(?![\p{L}\p{N}])/u, measure: 'kg', factor: 1000 },
  { pattern: /^ ?tạ(?![\p{L}\p{N}])/u, measure: 'kg', factor: 100 },
  { pattern: /^ ?(?:gam|gram|gr|g)(?![\p{L}\p{N}])/u, measure: 'kg', factor: 0.001 },
  { pattern: /^ ?(?:km|kilômét|kilomet|ki-lô-mét|ki lô mét|cây số)(?![\p{L}\p{N}])/u, measure: 'km', factor: 1 },
  { pattern: /^ ?(?:vnđ|vnd|việt nam đồng)(?![\p{L}\p{N}])/u, measure: 'vnd', factor: 1 },
];
// `đồng` is money only after an amount (`700 triệu đồng`, `150.000 đồng`), never in `5 đồng chí`.
const DONG = /^ ?(?:đồng|đ)(?![\p{L}\p{N}/])/u;
// `trị giá 2,5 tỷ.` and `hỗ trợ 1,2 tỷ cho ...` leave `đồng` out.
const IMPLIED_MONEY_END = /^(?:$|[\s]*[,.;:)!?]|\s(?:cho|để|từ|và|với|nộp|trong|của|được|tiền)(?![\p{L}]))/u;

/** The unit right after a token, if it is a measure rather than a counted noun. */
export function readMeasure(lower: string, token: NumberToken, to: number): MeasureReading | undefined {
  const after = lower.slice(token.next, Math.min(to, token.next + 24));
  for (const unit of UNITS) {
    const match = unit.pattern.exec(after);
    if (match) return { measure: unit.measure, factor: unit.factor, end: token.next + match[0].length };
  }
  const isMoneyAmount = token.scale !== null || token.value >= 1000;
  if (isMoneyAmount) {
    const dong = DONG.exec(after);
    if (dong) return { measure: 'vnd', factor: 1, end: token.next + dong[0].length };
  }
  if ((token.scale === 'triệu' || token.scale === 'tỷ' || token.scale === 'tỉ') && IMPLIED_MONEY_END.test(after)) {
    return { measure: 'vnd', factor: 1, end: token.next };
  }
  return undefined;
}
