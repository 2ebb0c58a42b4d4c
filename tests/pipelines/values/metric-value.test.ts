import { describe, expect, it } from 'vitest';
import { findMetricByCode } from '../../../pipelines/reference/catalog.js';
import { checkMetricValue, type RawMetricValue } from '../../../pipelines/values/metric-value.js';

const check = (code: string, raw: RawMetricValue) => {
  const metric = findMetricByCode(code);
  if (!metric) throw new Error(`no metric ${code}`);
  return checkMetricValue(metric, raw);
};

describe('checkMetricValue', () => {
  it('accepts a ratio written as 26/27 for a ratio metric', () => {
    expect(check('bp_council_deputies', { value: '26/27' })).toMatchObject({ ok: true, value: 26, denominator: 27 });
  });
  it('accepts a ratio given with a denominator column', () => {
    expect(check('bp_council_deputies', { value: '26', denominator: '27' })).toMatchObject({
      ok: true,
      value: 26,
      denominator: 27,
    });
  });
  it('rejects a ratio for a metric that takes none', () => {
    expect(check('crime_cases_detected', { value: '3/4' })).toMatchObject({
      ok: false,
      field: 'value',
      problem: expect.objectContaining({ en: expect.stringMatching(/takes no denominator/) }),
    });
    expect(check('crime_cases_detected', { value: '3', denominator: '4' })).toMatchObject({
      ok: false,
      field: 'denominator',
    });
  });
  it('rejects a ratio whose value exceeds its denominator', () => {
    expect(check('bp_council_deputies', { value: '28/27' })).toMatchObject({
      ok: false,
      problem: expect.objectContaining({ en: expect.stringMatching(/greater than its denominator/) }),
    });
  });
  it('rejects a denominator column that disagrees with the ratio in the value', () => {
    expect(check('bp_council_deputies', { value: '26/27', denominator: '28' })).toMatchObject({
      ok: false,
      field: 'denominator',
    });
  });
  it('rejects a count with a decimal comma', () => {
    expect(check('crime_cases_detected', { value: '1,234' })).toMatchObject({
      ok: false,
      problem: expect.objectContaining({ en: expect.stringMatching(/must be a whole number/) }),
    });
  });
  it('accepts a decimal for kilometres and kilograms', () => {
    expect(check('border_length_km', { value: '73,4' })).toMatchObject({ ok: true, value: 73.4 });
    expect(check('drugs_seized_kg', { value: '3,5', unit: 'kg' })).toMatchObject({ ok: true, value: 3.5 });
  });
  it('rejects negative counts', () => {
    expect(check('crime_cases_detected', { value: '-3' })).toMatchObject({
      ok: false,
      problem: expect.objectContaining({ en: expect.stringMatching(/negative/) }),
    });
  });
  it('scales money written in triệu đồng and tỷ đồng to đồng', () => {
    expect(check('fines_collected_vnd', { value: '700', unit: 'triệu đồng' })).toMatchObject({
      ok: true,
      value: 700_000_000,
    });
    expect(check('fines_collected_vnd', { value: '1,2', unit: 'tỷ đồng' })).toMatchObject({
      ok: true,
      value: 1_200_000_000,
    });
    expect(check('fines_collected_vnd', { value: '1,2', unit: 'Tỷ Đồng' })).toMatchObject({
      ok: true,
      value: 1_200_000_000,
    });
  });
  it('rejects a unit that disagrees with the catalog', () => {
    expect(check('drugs_seized_kg', { value: '3', unit: 'người' })).toMatchObject({
      ok: false,
      field: 'unit',
      problem: expect.objectContaining({ en: expect.stringMatching(/measured in kg/) }),
    });
    expect(check('drugs_seized_kg', { value: '3', unit: 'lít' })).toMatchObject({
      ok: false,
      field: 'unit',
      problem: expect.objectContaining({ code: 'unit-unknown', en: expect.stringMatching(/not a unit we know/) }),
    });
  });
  it('accepts the catalog unit written in Vietnamese', () => {
    expect(check('crime_cases_detected', { value: '5', unit: 'vụ' })).toMatchObject({ ok: true, value: 5 });
  });
});

describe('checkMetricValue with units', () => {
  it('scales a mass in tấn or grams into kg', () => {
    expect(check('drugs_seized_kg', { value: '3', unit: 'tấn' })).toMatchObject({ ok: true, value: 3000 });
    expect(check('drugs_seized_kg', { value: '500', unit: 'g' })).toMatchObject({ ok: true, value: 0.5 });
  });
  it('reads a value written with its unit as the text-report reader does', () => {
    expect(check('fines_collected_vnd', { value: '1,2 tỷ đồng' })).toMatchObject({ ok: true, value: 1_200_000_000 });
    expect(check('drugs_seized_kg', { value: '2.100 kg' })).toMatchObject({ ok: true, value: 2100 });
    expect(check('drugs_seized_kg', { value: '2.100 kg', unit: 'kg' })).toMatchObject({ ok: true, value: 2100 });
    expect(check('crime_cases_detected', { value: '5 vụ' })).toMatchObject({ ok: true, value: 5 });
  });
  it('rejects a unit in the cell that does not fit the metric or disagrees with the unit column', () => {
    expect(check('drugs_seized_kg', { value: '3 người' })).toMatchObject({
      ok: false,
      field: 'value',
      problem: { code: 'unit-mismatch' },
    });
    expect(check('drugs_seized_kg', { value: '3 tấn', unit: 'kg' })).toMatchObject({
      ok: false,
      field: 'value',
      problem: { code: 'unit-conflict' },
    });
    expect(check('fines_collected_vnd', { value: '3 USD' })).toMatchObject({
      ok: false,
      problem: { code: 'unit-unknown' },
    });
  });
  it('records N/A, a dash, "không có" and an empty cell as no value given', () => {
    for (const value of ['', 'N/A', 'n/a', '-', '—', 'không có', 'Không có số liệu', 'x']) {
      expect(check('border_posts', { value }), value).toMatchObject({
        ok: false,
        field: 'value',
        problem: { code: 'value-missing' },
      });
    }
    expect(check('border_posts', { value: '-3' })).toMatchObject({ ok: false, problem: { code: 'value-negative' } });
  });
  it('gives a code for each kind of number a count cannot take', () => {
    expect(check('crime_cases_detected', { value: '1,5' })).toMatchObject({
      problem: { code: 'count-not-whole', vi: expect.stringMatching(/số nguyên/) },
    });
    expect(check('bp_council_deputies', { value: '28/27' })).toMatchObject({
      problem: { code: 'ratio-over-denominator' },
    });
    expect(check('crime_cases_detected', { value: '1.5' })).toMatchObject({
      problem: { code: 'value-ambiguous-number' },
    });
  });
});
