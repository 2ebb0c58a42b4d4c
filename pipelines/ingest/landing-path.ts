/**
 * What a file's landing key says. Exactly two shapes are accepted: `incoming/<ISO>/<file>` (bound
 * to a province) and `incoming/<ISO>/<period>/<file>` (to a province and a period). The province
 * is the first folder after `incoming/`, the one IAM binds an upload role to; a folder deeper in
 * the key never decides it, so any other shape is a file rejected with a reason. Keys are the same
 * locally and in the raw bucket; only the local CLI takes a file outside `incoming/` (a national
 * backfill, bound to no province).
 */
import { findProvinceCode } from '../reference/provinces.js';
import { parsePeriod, type Period } from '../period.js';
import type { SourceKind } from '../warehouse/manifest.js';

export interface Landing {
  /** The key the source is known by: the path from its `incoming/` folder on. */
  readonly key: string;
  /**
   * The province the key binds the file to: its first folder after `incoming/`. Also set for a
   * rejected key whose first folder is a province, since that is who uploaded it.
   */
  readonly province: string | null;
  readonly period: Period | null;
  /** Why the key is not an accepted landing key; the file is then rejected whole. */
  readonly problem?: string;
}

export const INCOMING = 'incoming';
const ISO_LIKE = /^VN-[0-9A-Z]{2}$/i;
const SHAPES = `accepted are ${INCOMING}/<province code>/<file> and ${INCOMING}/<province code>/<period>/<file>`;

/**
 * Reads a raw-bucket key. Anything but the two accepted shapes is a problem, including a key
 * outside `incoming/` (the raw bucket has no national backfill).
 */
export function describeLandingKey(key: string): Landing {
  const segments = key.split('/');
  if (segments[0] !== INCOMING || segments.length < 2) {
    const problem = `the file is not under ${INCOMING}/<province code>/; ${SHAPES}`;
    return { key, province: null, period: null, problem };
  }
  const provinceFolder = segments[1] ?? '';
  const isProvince = ISO_LIKE.test(provinceFolder) && findProvinceCode(provinceFolder) === provinceFolder;
  const province = isProvince ? provinceFolder : null;
  const rejected = (problem: string): Landing => ({ key, province, period: null, problem });
  const odd = segments.find((segment) => segment === '' || segment === '.' || segment === '..');
  if (odd !== undefined) {
    return rejected(`the key has ${odd === '' ? 'an empty folder name' : `a "${odd}" folder`} in it; ${SHAPES}`);
  }
  if (segments.length < 3) return rejected(`the file is not in a province's folder; ${SHAPES}`);
  if (province === null) return rejected(`the folder "${provinceFolder}" is not a province code (write it as VN-22)`);
  if (segments.length === 3) return { key, province, period: null };
  if (segments.length > 4) {
    return rejected(`the file is ${segments.length - 2} folders deep under ${INCOMING}/; ${SHAPES}`);
  }
  const period = parsePeriod(segments[2] ?? '');
  if (!period) return rejected(`the folder "${segments[2]}" is not a period (write it as 2024Q3); ${SHAPES}`);
  return { key, province, period };
}

/**
 * Reads a local `/`-separated path (relative or absolute, already normalised). Its landing key
 * starts at the first `incoming` folder that is followed by a province-like folder (`VN-..`), or
 * failing that at the first `incoming` folder: folders above the landing folder are the operator's
 * and may themselves be called `incoming`, while anything an uploader adds below its own
 * `incoming/<ISO>/` only makes the key deeper, and so rejected. A path with no `incoming` folder
 * is a national backfill: bound to no province or period.
 */
export function describeLanding(path: string): Landing {
  const segments = path.split('/');
  if (segments[0] === '') segments.shift();
  const folders = segments.length - 1;
  const beforeProvince = (segment: string, index: number): boolean =>
    segment === INCOMING && index < folders - 1 && ISO_LIKE.test(segments[index + 1] ?? '');
  let start = segments.findIndex(beforeProvince);
  if (start < 0) start = segments.findIndex((segment, index) => segment === INCOMING && index < folders);
  if (start < 0) return { key: segments.join('/'), province: null, period: null };
  return describeLandingKey(segments.slice(start).join('/'));
}

/** The kind of source a file name says it is. */
export function sourceKindOf(name: string): SourceKind {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.txt')) return 'text';
  return 'other';
}
