/**
 * What a source changes in the `metrics` view: for each value it gives, whether it replaces a
 * different current value ("updated", as DHIS2 counts them), adds a value where there was none, or
 * repeats the current one. Which value wins is decided by the warehouse's ranking
 * (`CURRENT_VALUE_ORDER`), never restated here; this is the one comparison the receipts and the
 * ingest summary share.
 */
import type { ValueChange as ReceiptValueChange, ValueChanges as ReceiptValueChanges } from './receipt.js';

/** A value current before a source, or what replaced it. */
export interface RankedValue {
  readonly value: number;
  readonly denominator: number | null;
  readonly sourceKey: string;
}

/**
 * One province, period and metric a source gives a value for: its value (its first statement,
 * as the view keeps it) beside the value current before, as the warehouse ranks them.
 */
export interface ComparedValue {
  readonly province: string;
  readonly period: string;
  readonly metric: string;
  readonly value: number;
  readonly denominator: number | null;
  /** The value current before; null when there was none. */
  readonly before: RankedValue | null;
  /** Whether the source's value ranks above the one before, so it becomes current. */
  readonly becomesCurrent: boolean;
}

export type Comparison = 'added' | 'changed' | 'unchanged';

/** Added where nothing was current, changed where it becomes current with another value, else unchanged. */
export function compareValue(compared: ComparedValue): Comparison {
  const { before } = compared;
  if (before === null) return 'added';
  const same = before.value === compared.value && before.denominator === compared.denominator;
  return compared.becomesCurrent && !same ? 'changed' : 'unchanged';
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

/**
 * The counts of a source's compared values, and the changed ones in its order, for the ingest
 * summary; `unopposed` counts its values of keys no other source holds (nothing was current before).
 */
export function summariseValueChanges(values: readonly ComparedValue[], unopposed = 0): ValueChanges {
  const changes: ValueChange[] = [];
  const counts = { changed: 0, added: unopposed, unchanged: 0 };
  for (const compared of values) {
    const comparison = compareValue(compared);
    counts[comparison]++;
    if (comparison !== 'changed' || compared.before === null || changes.length >= MAX_LISTED_CHANGES) continue;
    changes.push({
      province: compared.province,
      period: compared.period,
      metric: compared.metric,
      from: compared.before.value,
      fromDenominator: compared.before.denominator,
      to: compared.value,
      toDenominator: compared.denominator,
      fromSource: compared.before.sourceKey,
    });
  }
  return { ...counts, changes };
}

/** How many values a source added and each it changed, old and new, for its receipt. */
export function receiptValueChanges(values: readonly ComparedValue[], unopposed = 0): ReceiptValueChanges {
  const replaced: ReceiptValueChange[] = [];
  let added = unopposed;
  for (const compared of values) {
    const comparison = compareValue(compared);
    if (comparison === 'added') added++;
    if (comparison === 'changed') replaced.push(receiptChange(compared));
  }
  return { added, replaced };
}

function receiptChange(compared: ComparedValue): ReceiptValueChange {
  return {
    province: compared.province,
    period: compared.period,
    metric: compared.metric,
    oldValue: compared.before?.value ?? null,
    oldDenominator: compared.before?.denominator ?? null,
    oldSourceKey: compared.before?.sourceKey ?? null,
    newValue: compared.value,
    newDenominator: compared.denominator,
  };
}
