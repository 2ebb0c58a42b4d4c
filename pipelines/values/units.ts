/**
 * Unit names a province writes in a unit column (`Đơn vị tính`, `ĐVT`) or after a number in a
 * value cell, mapped to the catalog unit and the power of ten that brings the written value to it:
 * `triệu đồng` scales a `vnd` value by 10^6, `tấn` a `kg` value by 10^3. Any other unit must be the
 * catalog's own. The same words as the text-report extractor's measures (`pipelines/extract/measures.ts`).
 */
import { foldKey } from '../text/fold.js';
import type { MetricUnit } from '../reference/catalog.js';

export interface UnitReading {
  readonly unit: MetricUnit;
  /** Power of ten the written value is multiplied by to reach the catalog unit. */
  readonly exponent: number;
}

/** Written names per catalog unit and scale; matched after folding (case, diacritics, spacing ignored). */
export const UNIT_TABLE: readonly {
  readonly unit: MetricUnit;
  readonly exponent: number;
  readonly names: readonly string[];
}[] = [
  {
    unit: 'persons',
    exponent: 0,
    names: [
      'persons',
      'person',
      'người',
      'đồng chí',
      'đ/c',
      'đối tượng',
      'bị can',
      'cá nhân',
      'đảng viên',
      'lượt',
      'lượt người',
      'quần chúng',
      'cán bộ',
      'người/lượt',
    ],
  },
  { unit: 'cases', exponent: 0, names: ['cases', 'case', 'vụ', 'vụ việc', 'vụ án'] },
  {
    unit: 'units',
    exponent: 0,
    names: [
      'units',
      'unit',
      'cái',
      'chiếc',
      'chi bộ',
      'tổ',
      'tổ chức',
      'bánh',
      'viên',
      'đồn',
      'căn',
      'căn nhà',
      'nhà',
      'giếng',
      'công trình',
      'phòng khám',
    ],
  },
  { unit: 'households', exponent: 0, names: ['households', 'household', 'hộ', 'hộ gia đình', 'hộ dân'] },
  { unit: 'communes', exponent: 0, names: ['communes', 'commune', 'xã', 'xã, phường, thị trấn'] },
  { unit: 'districts', exponent: 0, names: ['districts', 'district', 'huyện'] },
  { unit: 'km', exponent: 0, names: ['km', 'ki-lô-mét', 'kilômét', 'kilomet', 'kilometre', 'kilometer', 'cây số'] },
  { unit: 'km', exponent: -3, names: ['m', 'mét', 'met', 'metre', 'meter'] },
  { unit: 'kg', exponent: 0, names: ['kg', 'ki-lô-gam', 'kilôgam', 'kilogam', 'kilogram', 'ký', 'kí'] },
  { unit: 'kg', exponent: 1, names: ['yến'] },
  { unit: 'kg', exponent: 2, names: ['tạ'] },
  { unit: 'kg', exponent: 3, names: ['tấn', 'tonne', 'tonnes', 't'] },
  { unit: 'kg', exponent: -3, names: ['g', 'gam', 'gram', 'gr'] },
  { unit: 'vnd', exponent: 0, names: ['vnd', 'vnđ', 'đồng', 'đ', 'việt nam đồng'] },
  {
    unit: 'vnd',
    exponent: 3,
    names: ['nghìn đồng', 'ngàn đồng', 'nghìn vnđ', 'ngàn vnđ', 'nghìn vnd', '1.000 đồng', '1000 đồng'],
  },
  { unit: 'vnd', exponent: 6, names: ['triệu đồng', 'triệu', 'triệu vnđ', 'triệu vnd', 'tr.đ', 'trđ', 'tr đồng'] },
  { unit: 'vnd', exponent: 9, names: ['tỷ đồng', 'tỉ đồng', 'tỷ', 'tỉ', 'tỷ vnđ', 'tỉ vnđ', 'tỷ vnd', 'tỉ vnd'] },
  { unit: 'days', exponent: 0, names: ['days', 'day', 'ngày', 'ngày công'] },
];

/** How messages name each catalog unit. */
export const UNIT_LABELS: Record<MetricUnit, { readonly vi: string; readonly en: string }> = {
  persons: { vi: 'người', en: 'persons' },
  cases: { vi: 'vụ', en: 'cases' },
  units: { vi: 'đơn vị', en: 'units' },
  households: { vi: 'hộ', en: 'households' },
  communes: { vi: 'xã', en: 'communes' },
  districts: { vi: 'huyện', en: 'districts' },
  km: { vi: 'km', en: 'km' },
  kg: { vi: 'kg', en: 'kg' },
  vnd: { vi: 'đồng (VNĐ)', en: 'đồng (VND)' },
  days: { vi: 'ngày', en: 'days' },
};

let byKey: Map<string, UnitReading> | undefined;

function unitIndex(): Map<string, UnitReading> {
  if (!byKey) {
    byKey = new Map();
    for (const { unit, exponent, names } of UNIT_TABLE) {
      for (const name of names) {
        const key = foldKey(name);
        const earlier = byKey.get(key);
        if (earlier && (earlier.unit !== unit || earlier.exponent !== exponent)) {
          throw new Error(`the unit name "${name}" is listed twice with different meanings`);
        }
        byKey.set(key, { unit, exponent });
      }
    }
  }
  return byKey;
}

/** The catalog unit a written unit stands for; undefined for a unit we do not know. */
export function readUnit(written: string): UnitReading | undefined {
  return unitIndex().get(foldKey(written));
}

/** A value cell that carries its unit after the number (`1,2 tỷ đồng`, `2.100 kg`, `26/27 người`). */
export interface ValueWithUnit {
  readonly number: string;
  readonly unitText: string;
}

const NUMBER_THEN_WORDS = /^([-−]?\d[\d.,]*(?:\s*\/\s*\d[\d.,]*)?)\s*(\p{L}[\p{L}\p{M}\s./,]*?)\.?$/u;

/** Splits a value cell into its number and the words after it; undefined when it is not that shape. */
export function splitValueAndUnit(cell: string): ValueWithUnit | undefined {
  const match = NUMBER_THEN_WORDS.exec(cell.trim().normalize('NFC'));
  if (!match) return undefined;
  return { number: (match[1] ?? '').trim(), unitText: (match[2] ?? '').trim() };
}
