/**
 * Checks one reported value against its metric: the unit agrees with the catalog, counts are whole
 * and non-negative, a ratio (`26/27` or a denominator) only for metrics that take one, and a
 * ratio's value never above its denominator.
 */
import { isCountUnit, type Metric, type MetricUnit } from '../reference/catalog.js';
import { readUnit } from './units.js';
import {
  compareExact,
  isWhole,
  readVietnameseNumber,
  scaleByPowerOfTen,
  toNumber,
  type ExactDecimal,
} from './vietnamese-number.js';
import { implausibility } from './plausible-limits.js';

export interface RawMetricValue {
  readonly value: string;
  readonly denominator?: string | undefined;
  readonly unit?: string | undefined;
}

export type ValueField = 'value' | 'denominator' | 'unit';

export type MetricValueCheck =
  | { readonly ok: true; readonly value: number; readonly denominator: number | null; readonly unit: MetricUnit }
  | { readonly ok: false; readonly field: ValueField; readonly raw: string; readonly reason: string };

const UNIT_WORDS: Record<MetricUnit, string> = {
  persons: 'persons',
  cases: 'cases',
  units: 'units',
  households: 'households',
  communes: 'communes',
  districts: 'districts',
  km: 'km',
  kg: 'kg',
  vnd: 'đồng (VND)',
  days: 'days',
};

/** Validates a raw value (and optional denominator and unit) for a metric. */
export function checkMetricValue(metric: Metric, raw: RawMetricValue): MetricValueCheck {
  const unitText = raw.unit?.trim() ?? '';
  let exponent = 0;
  if (unitText) {
    const unit = readUnit(unitText);
    if (!unit) {
      return refuse(
        'unit',
        unitText,
        `"${unitText}" is not a unit we know; ${metric.code} is measured in ${UNIT_WORDS[metric.unit]}`,
      );
    }
    if (unit.unit !== metric.unit) {
      return refuse(
        'unit',
        unitText,
        `"${unitText}" does not match ${metric.code}, which is measured in ${UNIT_WORDS[metric.unit]}`,
      );
    }
    exponent = unit.exponent;
  }

  const valueText = raw.value.trim();
  const denominatorText = raw.denominator?.trim() ?? '';
  const slash = valueText.indexOf('/');
  const numeratorText = slash >= 0 ? valueText.slice(0, slash) : valueText;
  const inlineDenominator = slash >= 0 ? valueText.slice(slash + 1) : '';

  if ((slash >= 0 || denominatorText) && !metric.ratio_ok) {
    return refuse(
      slash >= 0 ? 'value' : 'denominator',
      slash >= 0 ? valueText : denominatorText,
      `${metric.code} is a plain ${UNIT_WORDS[metric.unit]} figure and takes no denominator`,
    );
  }

  const numerator = readVietnameseNumber(numeratorText);
  if (!numerator.ok) return refuse('value', valueText, numerator.reason);
  const value = checkMagnitude(metric, scaleByPowerOfTen(numerator.number, exponent), numeratorText);
  if (typeof value === 'string') return refuse('value', valueText, value);

  let denominator: ExactDecimal | null = null;
  for (const [field, text] of [
    ['value', inlineDenominator],
    ['denominator', denominatorText],
  ] as const) {
    if (!text) continue;
    const reading = readVietnameseNumber(text);
    if (!reading.ok) return refuse(field, field === 'value' ? valueText : text, `the denominator ${reading.reason}`);
    const checked = checkMagnitude(metric, reading.number, text);
    if (typeof checked === 'string')
      return refuse(field, field === 'value' ? valueText : text, `the denominator ${checked}`);
    if (checked.digits === 0n)
      return refuse(field, field === 'value' ? valueText : text, 'the denominator must be greater than zero');
    if (denominator && compareExact(denominator, checked) !== 0) {
      return refuse(
        'denominator',
        denominatorText,
        `the denominator ${denominatorText} disagrees with ${valueText} in the value column`,
      );
    }
    denominator = checked;
  }
  if (denominator && compareExact(value, denominator) > 0) {
    return refuse(
      'value',
      valueText,
      `the value ${numeratorText} is greater than its denominator ${toNumber(denominator)}`,
    );
  }
  return {
    ok: true,
    value: toNumber(value),
    denominator: denominator ? toNumber(denominator) : null,
    unit: metric.unit,
  };
}

function checkMagnitude(metric: Metric, number: ExactDecimal, written: string): ExactDecimal | string {
  if (number.negative && number.digits !== 0n) return `"${written}" is negative; ${metric.code} cannot be below zero`;
  if (isCountUnit(metric.unit) && !isWhole(number)) {
    return `"${written}" reads as ${toNumber(number)} ("," marks decimals), but ${metric.code} counts ${UNIT_WORDS[metric.unit]} and must be a whole number`;
  }
  if (metric.unit === 'vnd' && !isWhole(number)) return `"${written}" is not a whole number of đồng`;
  if (!Number.isFinite(toNumber(number)) || toNumber(number) > Number.MAX_SAFE_INTEGER)
    return `"${written}" is too large`;
  const implausible = implausibility(toNumber(number), metric.unit, metric.code);
  if (implausible) return implausible;
  return { ...number, negative: false };
}

function refuse(field: ValueField, raw: string, reason: string): MetricValueCheck {
  return { ok: false, field, raw, reason };
}
