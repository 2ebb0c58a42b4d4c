/**
 * What a source changes in the `metrics` view: for each value it gives, whether it replaces a
 * different current value ("updated", as DHIS2 counts them), adds a value where there was none, or
 * repeats the current one. A value read from text never replaces one from a CSV, as in the view.
 */
import type { FactDraft } from '../facts/source-result.js';
import { formatPeriod } from '../period.js';
import type { SourceKind } from '../warehouse/manifest.js';
import { CURRENT_VALUE_ORDER } from '../warehouse/views.js';
import type { QueryFile } from '../query/query-file.js';

/** A row of the `metrics` view as the comparison needs it. */
export interface CurrentValue {
  readonly province: string;
  readonly period: string;
  readonly metric: string;
  readonly value: number;
  readonly denominator: number | null;
  readonly sourceKind: string;
  readonly sourceKey: string;
}

export interface ValueChange {
  readonly province: string;
  readonly period: string;
  readonly metric: string;
  readonly from: number;
  readonly fromDenominator: number | null;
  readonly to: number;
  readonly toDenominator: number | null;
  /** The source the replaced value came from. */
  readonly fromSource: string;
}

export interface ValueChanges {
  /** Current values the source replaces with a different one. */
  readonly changed: number;
  /** Values where the warehouse had none. */
  readonly added: number;
  /** Values equal to the current ones, or that would not become current (text under a CSV value). */
  readonly unchanged: number;
  /** The changed values, at most `MAX_LISTED_CHANGES`. */
  readonly changes: readonly ValueChange[];
}

export const MAX_LISTED_CHANGES = 1000;

/** The province and period pairs a source's facts are for: the current values to look up. */
export function periodsOfFacts(
  facts: readonly Pick<FactDraft, 'province' | 'period'>[],
): { province: string; period: string }[] {
  const pairs = new Map<string, { province: string; period: string }>();
  for (const fact of facts) {
    const period = formatPeriod(fact.period);
    pairs.set(`${fact.province}|${period}`, { province: fact.province, period });
  }
  return [...pairs.values()];
}

/** Current values by province, period and metric: built once when many sources are compared with them. */
export type CurrentValues = ReadonlyMap<string, CurrentValue>;

export function indexCurrentValues(current: readonly CurrentValue[]): CurrentValues {
  return new Map(current.map((row) => [`${row.province}|${row.period}|${row.metric}`, row]));
}

/** Compares a source's accepted values with the current ones of the same provinces and periods. */
export function compareWithCurrent(
  facts: readonly Pick<FactDraft, 'province' | 'period' | 'metric' | 'value' | 'denominator'>[],
  kind: SourceKind,
  current: readonly CurrentValue[] | CurrentValues,
): ValueChanges {
  const currentByKey = current instanceof Map ? current : indexCurrentValues(current as readonly CurrentValue[]);
  const seen = new Set<string>();
  const changes: ValueChange[] = [];
  let changed = 0;
  let added = 0;
  let unchanged = 0;
  for (const fact of facts) {
    const period = formatPeriod(fact.period);
    const key = `${fact.province}|${period}|${fact.metric}`;
    // A report may state a metric twice; the first statement is the one the view keeps.
    if (seen.has(key)) continue;
    seen.add(key);
    const before = currentByKey.get(key);
    if (!before) {
      added++;
      continue;
    }
    const replaces = kind === 'csv' || before.sourceKind !== 'csv';
    if (!replaces || (before.value === fact.value && before.denominator === fact.denominator)) {
      unchanged++;
      continue;
    }
    changed++;
    if (changes.length < MAX_LISTED_CHANGES) {
      changes.push({
        province: fact.province,
        period,
        metric: fact.metric,
        from: before.value,
        fromDenominator: before.denominator,
        to: fact.value,
        toDenominator: fact.denominator,
        fromSource: before.sourceKey,
      });
    }
  }
  return { changed, added, unchanged, changes };
}

/**
 * The current values of one province and period, leaving out one source (bind province, period and
 * the SHA-256 to leave out; an empty string leaves out nothing): what the warehouse held before it.
 */
export const CURRENT_VALUES_QUERY: QueryFile = {
  name: 'current_values_without_source',
  purpose: 'current values of one province and period, without one source',
  parameters: [
    { name: 'province', type: 'province', allowsAll: false, description: 'ISO code' },
    { name: 'period', type: 'period', allowsAll: false, description: 'quarter, 2024Q3' },
    { name: 'source_sha256', type: 'text', allowsAll: false, description: 'SHA-256 of the source to leave out' },
  ],
  sql:
    'SELECT province, period, metric, value, denominator, source_kind, source_key FROM (' +
    ' SELECT province, period, metric, value, denominator, source_kind, source_key,' +
    ` ROW_NUMBER() OVER (PARTITION BY province, period, metric ORDER BY ${CURRENT_VALUE_ORDER}) AS current_rank` +
    ' FROM facts WHERE province = ? AND period = ? AND source_sha256 <> ?' +
    ') AS ranked WHERE current_rank = 1',
};
