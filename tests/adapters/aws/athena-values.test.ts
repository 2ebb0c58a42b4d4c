import { describe, expect, it } from 'vitest';
import { duckDbTypeName, readAthenaValue, toAthenaLiteral } from '../../../adapters/aws/athena-values.js';
import { formatJavaDouble } from '../../support/athena-double.js';

describe('Athena values', () => {
  it('quotes every parameter as a string literal, doubling single quotes', () => {
    expect(toAthenaLiteral('2025Q2')).toBe("'2025Q2'");
    expect(toAthenaLiteral("it's")).toBe("'it''s'");
    expect(toAthenaLiteral("''")).toBe("''''''");
    expect(toAthenaLiteral('')).toBe("''");
    expect(toAthenaLiteral('Quý 3/2024 \\ ; -- ?')).toBe("'Quý 3/2024 \\ ; -- ?'");
  });

  it('refuses what Athena cannot take', () => {
    expect(() => toAthenaLiteral('a\u0000')).toThrow('a query parameter may not contain a NUL character');
    expect(toAthenaLiteral('x'.repeat(1022))).toHaveLength(1024);
    expect(() => toAthenaLiteral('x'.repeat(1023))).toThrow(/at most 1024 characters/);
  });

  it("names Athena's types as DuckDB does", () => {
    expect(
      ['varchar', 'double', 'bigint', 'integer', 'boolean', 'date', 'timestamp', 'real'].map((type) =>
        duckDbTypeName(type),
      ),
    ).toEqual(['VARCHAR', 'DOUBLE', 'BIGINT', 'INTEGER', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'FLOAT']);
    expect(duckDbTypeName('decimal', 10, 2)).toBe('DECIMAL(10,2)');
  });

  it('reads the strings Athena returns as typed values', () => {
    expect(readAthenaValue('4.18E8', 'DOUBLE')).toBe(418_000_000);
    expect(readAthenaValue('NaN', 'DOUBLE')).toBeNaN();
    expect(readAthenaValue('-Infinity', 'DOUBLE')).toBe(Number.NEGATIVE_INFINITY);
    expect(readAthenaValue('9007199254740993', 'BIGINT')).toBe('9007199254740993');
    expect(readAthenaValue('-12', 'BIGINT')).toBe(-12);
    expect(readAthenaValue('2025-07-01 10:00:00.123456', 'TIMESTAMP')).toBe('2025-07-01T10:00:00.123Z');
    expect(readAthenaValue('2025-07-01 10:00:00', 'TIMESTAMP')).toBe('2025-07-01T10:00:00.000Z');
    expect(readAthenaValue('2025-07-01 10:00:00.500 UTC', 'TIMESTAMP WITH TIME ZONE')).toBe('2025-07-01T10:00:00.500Z');
    expect(readAthenaValue(undefined, 'VARCHAR')).toBeNull();
    expect(readAthenaValue('', 'VARCHAR')).toBe('');
    expect(() => readAthenaValue('yes', 'BOOLEAN')).toThrow('"yes" is not a BOOLEAN');
    expect(() => readAthenaValue('abc', 'DOUBLE')).toThrow('"abc" is not a DOUBLE');
  });

  it('reads back every double the double writes in Java notation', () => {
    for (const value of [16, 273.5, 418_000_000, 0.0001, 1e-7, 1e21, -2.5e-3, 0.1 + 0.2, 1234567.875, 9_999_999]) {
      expect(readAthenaValue(formatJavaDouble(value), 'DOUBLE')).toBe(value);
    }
    expect([16, 418_000_000, 0.0001, 1e7].map(formatJavaDouble)).toEqual(['16.0', '4.18E8', '1.0E-4', '1.0E7']);
  });
});
