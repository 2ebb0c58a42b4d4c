/**
 * Provincial units of Viet Nam with their validity intervals, including the 2025 merger of 63
 * units into 34. A code can have two rows (before 2025-07-01 and from then on); a value for a
 * period must name a unit that exists on the period's last day.
 */
import Papa from 'papaparse';
import { z } from 'zod';
import { problem, type Problem } from '../facts/rejection-codes.js';
import { foldKey } from '../text/fold.js';
import { nearestNames, type NameCandidate } from './nearest-names.js';
import { formatPeriod, periodEnd, periodOf, previousPeriod, type Period } from '../period.js';
import { PROVINCES_CSV } from './provinces.data.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const pipeList = z.string().transform((value) => (value ? value.split('|').map((item) => item.trim()) : []));

export const ProvinceUnitSchema = z.object({
  code: z.string().regex(/^VN-[0-9A-Z]{2}$/),
  name_vi: z.string().min(1),
  name_ascii: z.string().min(1),
  kind: z.enum(['province', 'city']),
  valid_from: isoDate,
  valid_to: z.union([isoDate, z.literal('')]).transform((value) => value || null),
  gso_code: z.string().regex(/^\d{2}$/),
  land_border: z.string().transform((value) => (value === 'none' || !value ? [] : value.split('+'))),
  coastal: z.enum(['true', 'false']).transform((value) => value === 'true'),
  successor_code: z.string().transform((value) => value || null),
  constituents: pipeList,
  aliases: pipeList,
});
export type ProvinceUnit = z.infer<typeof ProvinceUnitSchema>;

let units: readonly ProvinceUnit[] | undefined;

/** Every row of the province table, parsed and checked on first use. */
export function loadProvinceUnits(): readonly ProvinceUnit[] {
  if (!units) {
    const parsed = Papa.parse<Record<string, string>>(PROVINCES_CSV.trim(), { header: true, skipEmptyLines: true });
    units = parsed.data.map((row) => ProvinceUnitSchema.parse(row));
  }
  return units;
}

/** Codes ISO withdrew in 2012, still seen in old data, with the codes that replaced them. */
const DEPRECATED_CODES: Record<string, string> = {
  'VN-48': 'VN-CT',
  'VN-60': 'VN-DN',
  'VN-62': 'VN-HP',
  'VN-64': 'VN-HN',
  'VN-65': 'VN-SG',
};

let codeByName: Map<string, string> | undefined;

// `Tỉnh Nghệ An`, `TP. Hà Nội` and `Nghệ An` all name the same unit.
function nameKey(name: string): string {
  return foldKey(name).replace(/^(tinh|thanhpho|tp)(?=.)/, '');
}

function namesIndex(): Map<string, string> {
  if (!codeByName) {
    codeByName = new Map();
    for (const unit of loadProvinceUnits()) {
      for (const name of [unit.name_vi, unit.name_ascii, ...unit.aliases]) codeByName.set(nameKey(name), unit.code);
    }
  }
  return codeByName;
}

/** The ISO code a cell names (a code in any case, or a name with or without diacritics). */
export function findProvinceCode(text: string): string | undefined {
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase().replace(/\s+/g, '');
  if (/^VN-?[0-9A-Z]{2}$/.test(upper)) {
    const code = upper.includes('-') ? upper : `VN-${upper.slice(2)}`;
    return loadProvinceUnits().some((unit) => unit.code === code) ? code : undefined;
  }
  return namesIndex().get(nameKey(trimmed));
}

/** Every row of one code, oldest first. */
export function unitsOfCode(code: string): ProvinceUnit[] {
  return loadProvinceUnits().filter((unit) => unit.code === code);
}

/** The unit a code stands for on a date (`YYYY-MM-DD`), if it existed then. */
export function unitOnDate(code: string, date: string): ProvinceUnit | undefined {
  return unitsOfCode(code).find((unit) => unit.valid_from <= date && (unit.valid_to === null || date <= unit.valid_to));
}

/** A unit's name with its code, as messages show it: `Hà Giang (VN-03)`. */
export function describeProvince(code: string): string {
  const unit = unitsOfCode(code).at(-1);
  return unit ? `${unit.name_vi} (${code})` : code;
}

export type ProvinceResolution =
  | { readonly ok: true; readonly unit: ProvinceUnit }
  | { readonly ok: false; readonly reason: string; readonly problem: Problem };

/**
 * Resolves a cell naming a province for a reporting period: it must name a known unit, and that unit
 * must exist on the period's last day. `reason` is the English message of `problem`.
 */
export function resolveProvince(text: string, period: Period): ProvinceResolution {
  const trimmed = text.trim();
  if (!trimmed) return refuse(problem('province-missing'));
  const replacement = DEPRECATED_CODES[trimmed.toUpperCase()];
  if (replacement)
    return refuse(
      problem('province-withdrawn', { code: trimmed.toUpperCase(), replacement: describeProvince(replacement) }),
    );
  const code = findProvinceCode(trimmed);
  if (!code) return refuse(problem('province-unknown', { value: trimmed }, suggestProvinces(trimmed)));
  const lastDay = periodEnd(period);
  const unit = unitOnDate(code, lastDay);
  if (unit) return { ok: true, unit };
  const rows = unitsOfCode(code);
  const ended = rows.filter((row) => row.valid_to !== null && row.valid_to < lastDay).at(-1);
  if (ended) {
    const about = { name: ended.name_vi, code, period: formatPeriod(period) };
    if (!ended.successor_code) return refuse(problem('province-dissolved', about));
    return refuse(
      problem('province-merged', {
        ...about,
        successor: describeProvince(ended.successor_code),
        date: dayAfter(ended.valid_to ?? ''),
        successorCode: ended.successor_code,
      }),
    );
  }
  return refuse(problem('province-not-yet', { province: describeProvince(code), period: formatPeriod(period) }));
}

function refuse(found: Problem): ProvinceResolution {
  return { ok: false, reason: found.en, problem: found };
}

let provinceCandidates: NameCandidate[] | undefined;

/** Province names (with their codes) closest to a misspelt one, best first; empty when none is close. */
export function suggestProvinces(written: string): string[] {
  provinceCandidates ??= loadProvinceUnits().flatMap((unit) =>
    [unit.name_vi, unit.name_ascii, ...unit.aliases].map((name) => ({
      shown: `${unit.name_vi} (${unit.code})`,
      key: nameKey(name),
    })),
  );
  return nearestNames(nameKey(written), provinceCandidates);
}

function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/**
 * The current unit a unit's history rolls up to for like-for-like comparison across the 2025
 * merger: the successor for units that ended, the unit itself otherwise.
 */
export function currentCodeOf(unit: ProvinceUnit): string {
  return unit.valid_to === null ? unit.code : (unit.successor_code ?? unit.code);
}

/** The first quarter a unit can report for: the one in which it came into being. */
export function firstReportingPeriod(unit: ProvinceUnit): Period {
  return periodOf(new Date(`${unit.valid_from}T00:00:00Z`));
}

/** The last quarter a unit could report for (it must exist on the quarter's last day); current units have none. */
export function lastReportingPeriod(unit: ProvinceUnit): Period | null {
  if (unit.valid_to === null) return null;
  const period = periodOf(new Date(`${unit.valid_to}T00:00:00Z`));
  return periodEnd(period) === unit.valid_to ? period : previousPeriod(period);
}
