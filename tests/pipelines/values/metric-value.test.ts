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
      reason: expect.stringMatching(/takes no denominator/),
    });
    expect(check('crime_cases_detected', { value: '3', denominator: '4' })).toMatchObject({
      ok: false,
      field: 'denominator',
    });
  });
  it('rejects a ratio whose value exceeds its denominator', () => {
    expect(check('bp_council_deputies', { value: '28/27' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/greater than its denominator/),
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
      reason: expect.stringMatching(/must be a whole number/),
    });
  });
  it('accepts a decimal for kilometres and kilograms', () => {
    expect(check('border_length_km', { value: '73,4' })).toMatchObject({ ok: true, value: 73.4 });
    expect(check('drugs_seized_kg', { value: '3,5', unit: 'kg' })).toMatchObject({ ok: true, value: 3.5 });
  });
  it('rejects negative counts', () => {
    expect(check('crime_cases_detected', { value: '-3' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/negative/),
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
      reason: expect.stringMatching(/measured in kg/),
    });
    expect(check('drugs_seized_kg', { value: '3', unit: 'tấn' })).toMatchObject({
      ok: false,
      field: 'unit',
      reason: expect.stringMatching(/not a unit we know/),
    });
  });
  it('accepts the catalog unit written in Vietnamese', () => {
    expect(check('crime_cases_detected', { value: '5', unit: 'vụ' })).toMatchObject({ ok: true, value: 5 });
  });
});
