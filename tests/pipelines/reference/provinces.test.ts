import { describe, expect, it } from 'vitest';
import {
  findProvinceCode,
  lastReportingPeriod,
  loadProvinceUnits,
  resolveProvince,
} from '../../../pipelines/reference/provinces.js';
import { foldKey } from '../../../pipelines/text/fold.js';

const q = (year: number, quarter: 1 | 2 | 3 | 4) => ({ year, quarter });

describe('province reference', () => {
  it('has the 63 units before the 2025 merger and the 34 after it', () => {
    const onDate = (date: string) =>
      new Set(
        loadProvinceUnits()
          .filter((unit) => unit.valid_from <= date && (unit.valid_to === null || date <= unit.valid_to))
          .map((unit) => unit.code),
      );
    expect(onDate('2025-06-30').size).toBe(63);
    expect(onDate('2025-07-01').size).toBe(34);
  });
  it('never gives one name or alias to two codes', () => {
    const codesByName = new Map<string, Set<string>>();
    for (const unit of loadProvinceUnits()) {
      for (const name of [unit.name_vi, unit.name_ascii, ...unit.aliases]) {
        const key = foldKey(name);
        codesByName.set(key, (codesByName.get(key) ?? new Set()).add(unit.code));
      }
    }
    expect([...codesByName].filter(([, codes]) => codes.size > 1)).toEqual([]);
  });
  it('finds a province by code in any case, and by name with or without diacritics', () => {
    expect(findProvinceCode('vn-22')).toBe('VN-22');
    expect(findProvinceCode('Nghệ An')).toBe('VN-22');
    expect(findProvinceCode('Nghe An')).toBe('VN-22');
    expect(findProvinceCode('Tỉnh Nghệ An')).toBe('VN-22');
    expect(findProvinceCode('Laichau')).toBe('VN-01');
    expect(findProvinceCode('TP. Hồ Chí Minh')).toBe('VN-SG');
  });
  it('rejects a unit merged in 2025 for a later period, naming its successor', () => {
    const resolution = resolveProvince('VN-03', q(2025, 3));
    expect(resolution).toMatchObject({ ok: false, reason: expect.stringContaining('Tuyên Quang (VN-07)') });
    expect(resolveProvince('Hà Giang', q(2025, 3))).toMatchObject({ ok: false });
    expect(resolveProvince('VN-03', q(2025, 2))).toMatchObject({ ok: true });
  });
  it('accepts a code that carried over to a new unit on both sides of the merger', () => {
    expect(resolveProvince('VN-07', q(2025, 2))).toMatchObject({ ok: true, unit: { valid_to: '2025-06-30' } });
    expect(resolveProvince('VN-07', q(2025, 3))).toMatchObject({ ok: true, unit: { valid_to: null } });
  });
  it('points a withdrawn ISO code at its replacement', () => {
    expect(resolveProvince('VN-48', q(2024, 1))).toMatchObject({ ok: false, reason: expect.stringContaining('VN-CT') });
  });
  it('knows the last quarter a merged unit could report for', () => {
    const hagiang = loadProvinceUnits().find((unit) => unit.code === 'VN-03');
    expect(hagiang && lastReportingPeriod(hagiang)).toEqual({ year: 2025, quarter: 2 });
  });
});
