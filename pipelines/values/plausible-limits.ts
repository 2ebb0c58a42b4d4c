/**
 * The largest value a province can report for one quarter, per catalog unit: anything above is a
 * typing or extraction slip (a stray run of digits, a total pasted twice), not a figure, and is
 * rejected from CSV and text alike. Each limit is far above any real province's figure.
 */
import { type Problem, problem } from '../facts/rejection-codes.js';
import type { MetricUnit } from '../reference/catalog.js';

export const PLAUSIBLE_MAXIMUM: Readonly<Record<MetricUnit, number>> = {
  /** The most populous unit has about 14 million people. */
  persons: 20_000_000,
  households: 10_000_000,
  cases: 1_000_000,
  units: 1_000_000,
  /** A unit has at most a few hundred communes. */
  communes: 5_000,
  districts: 500,
  /** Vietnam's land border is 4,600 km and its coast 3,260 km. */
  km: 10_000,
  /** Ten thousand tonnes. */
  kg: 10_000_000,
  /** A thousand trillion đồng. */
  vnd: 1e15,
  /** Days in a quarter, counted over ten years at most. */
  days: 3_660,
};

/** Why a value is implausible for its unit; undefined when it is within the limit. */
export function implausibility(value: number, unit: MetricUnit, metricCode: string): Problem | undefined {
  if (!Number.isFinite(value)) return problem('value-too-large', { value: String(value) });
  if (value < 0) return problem('value-negative', { value: String(value), metric: metricCode });
  if (value > PLAUSIBLE_MAXIMUM[unit]) {
    return problem('value-implausible', {
      value: value.toLocaleString('en-US'),
      metric: metricCode,
      maximum: PLAUSIBLE_MAXIMUM[unit].toLocaleString('en-US'),
      unit,
    });
  }
  return undefined;
}
