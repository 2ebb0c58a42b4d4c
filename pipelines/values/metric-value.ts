/**
 * Checks one reported value against its metric: the unit (from the unit column or written after
 * the number) agrees with the catalog and scales the value into it, counts are whole and
 * non-negative, a ratio (`26/27` or a denominator) only for metrics that take one, and a ratio's
 * value never above its denominator. A cell that says there is no value (`N/A`, `-`, `không có`,
 * empty) is its own outcome, not a malformed number.
 */
import { problem, type Problem } from '../facts/rejection-codes.js';
import { isCountUnit, type Metric, type MetricUnit } from '../reference/catalog.js';
import { foldKey } from '../text/fold.js';
import { readUnit, splitValueAndUnit, UNIT_LABELS, type UnitReading } from './units.js';
import {
  compareExact,
  isWhole,
  exactOfNumber,
  readVietnameseNumber,
  scaleByPowerOfTen,
  toNumber,
  type ExactDecimal,
} from './vietnamese-number.js';
import { implausibility } from './plausible-limits.js';

/** A spreadsheet's numeric cell is a number: taken as it stands, never read as Vietnamese text. */
export interface RawMetricValue {
  readonly value: string | number;
  readonly denominator?: string | number | undefined;
  readonly unit?: string | undefined;
}

export type ValueField = 'value' | 'denominator' | 'unit';

export type MetricValueCheck =
  | { readonly ok: true; readonly value: number; readonly denominator: number | null; readonly unit: MetricUnit }
  | { readonly ok: false; readonly field: ValueField; readonly raw: string; readonly problem: Problem };

/** What clerks write for "no figure"; compared after folding, so `N/A`, `n/a` and `Không có` all match. */
const NO_VALUE_WORDS = ['n/a', 'na', 'không có', 'không', 'ko có', 'chưa có', 'không có số liệu'];
export const NO_VALUE_KEYS: ReadonlySet<string> = new Set(NO_VALUE_WORDS.map((word) => foldKey(word)));
/** Empty, dashes, dots or `x` (Vietnamese forms mark "not applicable" with `x`). */
const NO_VALUE_MARKS = /^(?:[\s\-—–.…]*|x)$/i;

/** Whether a value cell says that no figure is given. */
export function isNoValue(text: string): boolean {
  return NO_VALUE_MARKS.test(text) || NO_VALUE_KEYS.has(foldKey(text));
}

/** Validates a raw value (and optional denominator and unit) for a metric. */
export function checkMetricValue(metric: Metric, raw: RawMetricValue): MetricValueCheck {
  const columnUnitText = raw.unit?.trim() ?? '';
  if (typeof raw.value === 'number') return checkCellNumber(metric, raw.value, raw.denominator, columnUnitText);
  let valueText = raw.value.trim();
  if (isNoValue(valueText)) return refuse('value', valueText, problem('value-missing', { value: valueText }));

  let unitText = columnUnitText;
  let unitField: ValueField = 'unit';
  const withUnit = /\p{L}/u.test(valueText) ? splitValueAndUnit(valueText) : undefined;
  if (withUnit) {
    const cellUnit = readUnit(withUnit.unitText);
    const columnUnit = columnUnitText ? readUnit(columnUnitText) : undefined;
    if (columnUnitText && !sameUnit(cellUnit, columnUnit)) {
      return refuse(
        'value',
        valueText,
        problem('unit-conflict', { cellUnit: withUnit.unitText, columnUnit: columnUnitText }),
      );
    }
    unitText = withUnit.unitText;
    unitField = 'value';
    valueText = withUnit.number;
  }

  const exponent = unitExponent(metric, unitText, unitField, unitField === 'value' ? raw.value.trim() : unitText);
  if (typeof exponent !== 'number') return exponent;
  const denominator = typeof raw.denominator === 'number' ? raw.denominator : (raw.denominator?.trim() ?? '');
  return checkNumbers(metric, valueText, raw.value.trim(), denominator, exponent);
}

/** A numeric cell's value: the unit column may still scale it (`1,2` under `tỷ đồng`). */
function checkCellNumber(
  metric: Metric,
  value: number,
  denominator: string | number | undefined,
  unitText: string,
): MetricValueCheck {
  const exponent = unitExponent(metric, unitText, 'unit', unitText);
  if (typeof exponent !== 'number') return exponent;
  return checkNumbers(
    metric,
    value,
    String(value),
    typeof denominator === 'string' ? denominator.trim() : (denominator ?? ''),
    exponent,
  );
}

/** The power of ten a written unit scales the value by, or the refusal of a unit that does not fit. */
function unitExponent(
  metric: Metric,
  unitText: string,
  unitField: ValueField,
  rawUnit: string,
): number | Extract<MetricValueCheck, { ok: false }> {
  if (!unitText) return 0;
  const unit = readUnit(unitText);
  const expected = {
    metric: metric.code,
    expectedVi: UNIT_LABELS[metric.unit].vi,
    expected: UNIT_LABELS[metric.unit].en,
  };
  if (!unit) return refusal(unitField, rawUnit, problem('unit-unknown', { unit: unitText, ...expected }));
  if (unit.unit !== metric.unit)
    return refusal(unitField, rawUnit, problem('unit-mismatch', { unit: unitText, ...expected }));
  return unit.exponent;
}

function sameUnit(a: UnitReading | undefined, b: UnitReading | undefined): boolean {
  return a !== undefined && b !== undefined && a.unit === b.unit && a.exponent === b.exponent;
}

function checkNumbers(
  metric: Metric,
  valueCell: string | number,
  writtenValue: string,
  denominatorCell: string | number,
  exponent: number,
): MetricValueCheck {
  const valueText = typeof valueCell === 'number' ? '' : valueCell;
  const slash = valueText.indexOf('/');
  const numeratorText =
    typeof valueCell === 'number' ? writtenValue : (slash >= 0 ? valueText.slice(0, slash) : valueText).trim();
  const inlineDenominator = (slash >= 0 ? valueText.slice(slash + 1) : '').trim();
  const denominatorText = typeof denominatorCell === 'number' ? String(denominatorCell) : denominatorCell;
  const labels = { metric: metric.code, unitVi: UNIT_LABELS[metric.unit].vi, unit: UNIT_LABELS[metric.unit].en };

  if ((slash >= 0 || denominatorText) && !metric.ratio_ok) {
    return refuse(
      slash >= 0 ? 'value' : 'denominator',
      slash >= 0 ? writtenValue : denominatorText,
      problem('ratio-not-allowed', labels),
    );
  }

  const numerator = typeof valueCell === 'number' ? exactOfNumber(valueCell) : readVietnameseNumber(numeratorText);
  if (!numerator.ok) return refuse('value', writtenValue, numerator.problem);
  const value = checkMagnitude(metric, scaleByPowerOfTen(numerator.number, exponent), numeratorText);
  if (!isExact(value)) return refuse('value', writtenValue, value);

  let denominator: ExactDecimal | null = null;
  for (const [field, text] of [
    ['value', inlineDenominator],
    ['denominator', denominatorText],
  ] as const) {
    if (!text) continue;
    const written = field === 'value' ? writtenValue : text;
    const reading =
      field === 'denominator' && typeof denominatorCell === 'number'
        ? exactOfNumber(denominatorCell)
        : readVietnameseNumber(text);
    if (!reading.ok) return refuse(field, written, reading.problem);
    const checked = checkMagnitude(metric, reading.number, text);
    if (!isExact(checked)) return refuse(field, written, checked);
    if (checked.digits === 0n) return refuse(field, written, problem('denominator-zero'));
    if (denominator && compareExact(denominator, checked) !== 0) {
      return refuse(
        'denominator',
        denominatorText,
        problem('denominator-disagrees', { denominator: denominatorText, value: writtenValue }),
      );
    }
    denominator = checked;
  }
  if (denominator && compareExact(value, denominator) > 0) {
    return refuse(
      'value',
      writtenValue,
      problem('ratio-over-denominator', { value: numeratorText, denominator: toNumber(denominator) }),
    );
  }
  return {
    ok: true,
    value: toNumber(value),
    denominator: denominator ? toNumber(denominator) : null,
    unit: metric.unit,
  };
}

function isExact(value: ExactDecimal | Problem): value is ExactDecimal {
  return 'digits' in value;
}

function checkMagnitude(metric: Metric, number: ExactDecimal, written: string): ExactDecimal | Problem {
  if (number.negative && number.digits !== 0n)
    return problem('value-negative', { value: written, metric: metric.code });
  if (isCountUnit(metric.unit) && !isWhole(number)) {
    return problem('count-not-whole', {
      value: written,
      reading: toNumber(number),
      metric: metric.code,
      unitVi: UNIT_LABELS[metric.unit].vi,
      unit: UNIT_LABELS[metric.unit].en,
    });
  }
  if (metric.unit === 'vnd' && !isWhole(number)) return problem('money-not-whole', { value: written });
  if (!Number.isFinite(toNumber(number)) || toNumber(number) > Number.MAX_SAFE_INTEGER)
    return problem('value-too-large', { value: written });
  const implausible = implausibility(toNumber(number), metric.unit, metric.code);
  if (implausible) return implausible;
  return { ...number, negative: false };
}

function refuse(field: ValueField, raw: string, found: Problem): MetricValueCheck {
  return refusal(field, raw, found);
}

function refusal(field: ValueField, raw: string, found: Problem): Extract<MetricValueCheck, { ok: false }> {
  return { ok: false, field, raw, problem: found };
}
