/**
 * What a file's landing path says: `incoming/<ISO>/<period>/<file>` binds it to a province and a
 * period, `incoming/<ISO>/<file>` to a province only, anything else (an operator's national
 * backfill) to neither. Keys are the same locally and in the raw bucket.
 */
import { findProvinceCode } from '../reference/provinces.js';
import { parsePeriod, type Period } from '../period.js';
import type { SourceKind } from '../warehouse/manifest.js';

export interface Landing {
  /** The key the source is known by: the path from its `incoming/` folder on. */
  readonly key: string;
  readonly province: string | null;
  readonly period: Period | null;
  /** Set when the path names a province folder that is not a province. */
  readonly problem?: string;
}

const ISO_LIKE = /^VN-[0-9A-Z]{2}$/i;

/** Reads a `/`-separated path (relative or absolute) into its landing key, province and period. */
export function describeLanding(path: string): Landing {
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  const incoming = segments.lastIndexOf('incoming');
  const key = (incoming >= 0 ? segments.slice(incoming) : segments).join('/');
  const folders = segments.slice(incoming >= 0 ? incoming + 1 : 0, -1);
  const parent = folders.at(-1);
  const grandparent = folders.at(-2);
  const period = parent ? (parsePeriod(parent) ?? null) : null;
  const provinceFolder = period ? grandparent : parent;
  if (!provinceFolder || !ISO_LIKE.test(provinceFolder)) return { key, province: null, period };
  const province = findProvinceCode(provinceFolder);
  if (!province)
    return { key, province: null, period, problem: `the folder "${provinceFolder}" is not a province code` };
  return { key, province, period };
}

/** The kind of source a file name says it is. */
export function sourceKindOf(name: string): SourceKind {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.txt')) return 'text';
  return 'other';
}
