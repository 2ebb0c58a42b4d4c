import { describe, expect, it } from 'vitest';
import { findNumberTokens, parseDigits } from '../../../pipelines/extract/numbers.js';

function readValues(text: string): (number | string)[] {
  const lower = text.toLowerCase();
  return findNumberTokens(lower, 0, lower.length).map((token) =>
    token.denominator === null ? token.value : `${token.value}/${token.denominator}`,
  );
}

describe('parseDigits', () => {
  it('reads Vietnamese thousands and decimals', () => {
    expect(parseDigits('2.102')).toBe(2102);
    expect(parseDigits('1.234.567')).toBe(1234567);
    expect(parseDigits('73,4')).toBe(73.4);
    expect(parseDigits('1.234,5')).toBe(1234.5);
    expect(parseDigits('05')).toBe(5);
  });

  it('rejects malformed groups and phone numbers', () => {
    expect(parseDigits('12.10.2018')).toBeUndefined();
    expect(parseDigits('1,234,567')).toBeUndefined();
    expect(parseDigits('0912345678')).toBeUndefined();
  });

  it('accepts an English decimal point only before a measure', () => {
    expect(parseDigits('3.5', true)).toBe(3.5);
    expect(parseDigits('3.5')).toBeUndefined();
  });
});

describe('findNumberTokens', () => {
  it('reads fractions only when both parts touch the slash', () => {
    expect(readValues('có 26/27 cán bộ và 293 tổ/ 2.771 người')).toEqual(['26/27', 293, 2771]);
  });

  it('drops dates, times, terms and document numbers', () => {
    expect(
      readValues(
        'ngày 05/02/2020, 3/3/1959 - 3/3/2020, 09-01-2015, 07:47, 2015-2020, 2016 - 2020, số 68-kl/tw, 3270-qđ/tu, tháng 7/2020',
      ),
    ).toEqual([]);
  });

  it('drops percentages, ordinals and labels', () => {
    expect(readValues('100% và 95 % cán bộ, lần thứ 2, đợt 3, tổ 4, mốc 125, km 42, covid-19')).toEqual([]);
  });

  it('drops a list marker at the start of a line', () => {
    expect(readValues('1. củng cố 5 chi bộ')).toEqual([5]);
  });

  it('applies scale words, including compound amounts', () => {
    expect(readValues('700 triệu đồng, 1,2 tỷ, 1 tỷ 200 triệu, 10 nghìn viên')).toEqual([
      700_000_000, 1_200_000_000, 1_200_000_000, 10_000,
    ]);
  });

  it('reads spelled-out numbers but not enumerations or years', () => {
    expect(readValues('hai đồng chí, mười lăm vụ, hai mươi mốt hộ, ba trăm người, một là, năm 2020')).toEqual([
      2, 15, 21, 300,
    ]);
  });
});
