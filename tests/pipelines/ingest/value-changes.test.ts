import { describe, expect, it } from 'vitest';
import {
  compareValue,
  type ComparedValue,
  receiptValueChanges,
  summariseValueChanges,
} from '../../../pipelines/ingest/value-changes.js';

const compared = (
  metric: string,
  value: number,
  before: { value: number; denominator?: number | null } | null,
  options: { denominator?: number | null; becomesCurrent?: boolean } = {},
): ComparedValue => ({
  province: 'VN-22',
  period: '2024Q3',
  metric,
  value,
  denominator: options.denominator ?? null,
  before: before && {
    value: before.value,
    denominator: before.denominator ?? null,
    sourceKey: 'incoming/VN-22/2024Q3/q3.csv',
  },
  becomesCurrent: options.becomesCurrent ?? true,
});

describe('compareValue', () => {
  it('counts a value where none was current as added, whatever its rank', () => {
    expect(compareValue(compared('border_posts', 17, null))).toBe('added');
  });

  it('counts a different value that becomes current as changed, and one that does not as unchanged', () => {
    expect(compareValue(compared('border_posts', 17, { value: 16 }))).toBe('changed');
    expect(compareValue(compared('border_posts', 17, { value: 16 }, { becomesCurrent: false }))).toBe('unchanged');
  });

  it('tells values apart by their denominator too', () => {
    const ratio = compared('bp_council_deputies', 26, { value: 26, denominator: 27 }, { denominator: 28 });
    expect(compareValue(ratio)).toBe('changed');
    expect(compareValue({ ...ratio, denominator: 27 })).toBe('unchanged');
  });
});

describe('summariseValueChanges and receiptValueChanges', () => {
  const values = [
    compared('border_posts', 17, { value: 16 }),
    compared('border_communes', 9, { value: 9 }),
    compared('crime_cases_detected', 4, null),
    compared('bp_council_deputies', 26, { value: 26, denominator: 27 }, { denominator: 28 }),
    compared('drugs_seized_kg', 3, { value: 2 }, { becomesCurrent: false }),
  ];

  it('count changed, new and repeated values and list the changes in the order given', () => {
    const summary = summariseValueChanges(values);
    expect(summary).toMatchObject({ changed: 2, added: 1, unchanged: 2 });
    expect(summary.changes).toEqual([
      expect.objectContaining({ metric: 'border_posts', from: 16, to: 17, fromSource: 'incoming/VN-22/2024Q3/q3.csv' }),
      expect.objectContaining({ metric: 'bp_council_deputies', fromDenominator: 27, toDenominator: 28 }),
    ]);
  });

  it('give the receipt the same values: the changed ones, old and new, and how many were added', () => {
    const receipt = receiptValueChanges(values);
    expect(receipt).toMatchObject({ added: 1 });
    const replaced = 'replaced' in receipt ? (receipt.replaced ?? []) : [];
    expect(replaced.map((change) => [change.metric, change.oldValue, change.newValue])).toEqual([
      ['border_posts', 16, 17],
      ['bp_council_deputies', 26, 26],
    ]);
  });

  it('count the values no other source gives as added, in both', () => {
    expect(summariseValueChanges(values, 3)).toMatchObject({ changed: 2, added: 4, unchanged: 2 });
    expect(receiptValueChanges(values, 3)).toMatchObject({ added: 4 });
  });
});
