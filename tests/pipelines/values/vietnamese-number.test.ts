import { describe, expect, it } from 'vitest';
import { readVietnameseNumber, scaleByPowerOfTen, toNumber } from '../../../pipelines/values/vietnamese-number.js';

const read = (text: string): number | string => {
  const reading = readVietnameseNumber(text);
  return reading.ok ? toNumber(reading.number) : `${reading.problem.code}: ${reading.problem.en}`;
};

describe('readVietnameseNumber', () => {
  it('reads plain digits, with leading zeros', () => {
    expect(read('2102')).toBe(2102);
    expect(read('05')).toBe(5);
  });
  it('reads "." as the thousands separator', () => {
    expect(read('2.102')).toBe(2102);
    expect(read('1.234.567')).toBe(1234567);
  });
  it('reads "," as the decimal mark', () => {
    expect(read('73,4')).toBe(73.4);
    expect(read('1.234,5')).toBe(1234.5);
  });
  it('rejects a dot followed by fewer than three digits as ambiguous', () => {
    expect(read('1.5')).toMatch(/^value-ambiguous-number: .*ambiguous/);
    expect(read('1234.56')).toMatch(/ambiguous/);
  });
  it('rejects malformed groupings', () => {
    expect(read('12.34.5')).toMatch(/^value-malformed-number: .*not a well-formed number/);
    expect(read('1,2,3')).toMatch(/not a well-formed number/);
  });
  it('rejects digits separated by spaces and text', () => {
    expect(read('2 102')).toMatch(/^value-spaced-digits: .*spaces/);
    expect(read('abc')).toMatch(/^value-not-a-number: .*not a number/);
    expect(read('')).toMatch(/^value-missing: No value given/);
  });
  it('scales exactly by powers of ten', () => {
    const reading = readVietnameseNumber('1,2');
    if (!reading.ok) throw new Error(reading.problem.en);
    expect(toNumber(scaleByPowerOfTen(reading.number, 9))).toBe(1_200_000_000);
  });
});
