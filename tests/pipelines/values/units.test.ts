import { describe, expect, it } from 'vitest';
import { readUnit, splitValueAndUnit } from '../../../pipelines/values/units.js';

describe('readUnit', () => {
  it('scales money, mass and length units into the catalog unit', () => {
    expect(readUnit('nghìn đồng')).toEqual({ unit: 'vnd', exponent: 3 });
    expect(readUnit('Triệu đồng')).toEqual({ unit: 'vnd', exponent: 6 });
    expect(readUnit('tỉ đồng')).toEqual({ unit: 'vnd', exponent: 9 });
    expect(readUnit('tấn')).toEqual({ unit: 'kg', exponent: 3 });
    expect(readUnit('gam')).toEqual({ unit: 'kg', exponent: -3 });
    expect(readUnit('mét')).toEqual({ unit: 'km', exponent: -3 });
  });
  it('reads the catalog units written in Vietnamese, in NFD or old tone placement', () => {
    expect(readUnit('đồng chí')).toEqual({ unit: 'persons', exponent: 0 });
    expect(readUnit('lượt người'.normalize('NFD'))).toEqual({ unit: 'persons', exponent: 0 });
    expect(readUnit('vụ việc')).toEqual({ unit: 'cases', exponent: 0 });
    expect(readUnit('hộ gia đình')).toEqual({ unit: 'households', exponent: 0 });
  });
  it('knows nothing of a unit outside the table', () => {
    expect(readUnit('lít')).toBeUndefined();
    expect(readUnit('USD')).toBeUndefined();
  });
});

describe('splitValueAndUnit', () => {
  it('splits a number from the unit written after it', () => {
    expect(splitValueAndUnit('1,2 tỷ đồng')).toEqual({ number: '1,2', unitText: 'tỷ đồng' });
    expect(splitValueAndUnit('2.100kg')).toEqual({ number: '2.100', unitText: 'kg' });
    expect(splitValueAndUnit('26/27 người')).toEqual({ number: '26/27', unitText: 'người' });
  });
  it('leaves a cell that does not start with a number', () => {
    expect(splitValueAndUnit('khoảng 5 vụ')).toBeUndefined();
    expect(splitValueAndUnit('12')).toBeUndefined();
  });
});
