/**
 * Unit names a province may write in a CSV's unit column, mapped to catalog units. Only money
 * scales: `triệu đồng` and `tỷ đồng` turn a `vnd` value into đồng; every other unit must be the
 * catalog's own.
 */
import { foldKey } from '../text/fold.js';
import type { MetricUnit } from '../reference/catalog.js';

export interface UnitReading {
  readonly unit: MetricUnit;
  /** Power of ten the written value is multiplied by to reach the catalog unit. */
  readonly exponent: number;
}

const UNIT_NAMES: Record<MetricUnit, readonly string[]> = {
  persons: [
    'persons',
    'person',
    'người',
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
  ],
  cases: ['cases', 'case', 'vụ', 'vụ việc', 'vụ án'],
  units: [
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
  households: ['households', 'household', 'hộ', 'hộ gia đình', 'hộ dân'],
  communes: ['communes', 'commune', 'xã', 'xã, phường, thị trấn'],
  districts: ['districts', 'district', 'huyện'],
  km: ['km', 'ki-lô-mét', 'kilomet', 'kilometre', 'kilometer'],
  kg: ['kg', 'ki-lô-gam', 'kilogam', 'kilogram'],
  vnd: ['vnd', 'vnđ', 'đồng', 'đ'],
  days: ['days', 'day', 'ngày', 'ngày công'],
};

const MONEY_SCALES: Record<string, number> = {
  'nghìn đồng': 3,
  'ngàn đồng': 3,
  'triệu đồng': 6,
  triệu: 6,
  'tỷ đồng': 9,
  'tỉ đồng': 9,
  tỷ: 9,
  tỉ: 9,
};

let byKey: Map<string, UnitReading> | undefined;

function unitIndex(): Map<string, UnitReading> {
  if (!byKey) {
    byKey = new Map();
    for (const [unit, names] of Object.entries(UNIT_NAMES) as [MetricUnit, readonly string[]][]) {
      for (const name of names) byKey.set(foldKey(name), { unit, exponent: 0 });
    }
    for (const [name, exponent] of Object.entries(MONEY_SCALES)) byKey.set(foldKey(name), { unit: 'vnd', exponent });
  }
  return byKey;
}

/** The catalog unit a written unit stands for; undefined for a unit we do not know. */
export function readUnit(written: string): UnitReading | undefined {
  return unitIndex().get(foldKey(written));
}
