/**
 * The metric vocabulary: codes, units and Vietnamese labels every upload is checked against.
 * Loaded once from the copy of ../shared/spec/metric-catalog.json in metric-catalog.data.ts.
 */
import { z } from 'zod';
import { foldKey } from '../text/fold.js';
import { METRIC_CATALOG_JSON } from './metric-catalog.data.js';

export const METRIC_UNITS = [
  'persons',
  'cases',
  'units',
  'households',
  'communes',
  'districts',
  'km',
  'kg',
  'vnd',
  'days',
] as const;
export const MetricUnitSchema = z.enum(METRIC_UNITS);
export type MetricUnit = z.infer<typeof MetricUnitSchema>;

export const METRIC_DOMAINS = ['cadre', 'crime', 'civic', 'scope'] as const;

export const MetricSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/),
  domain: z.enum(METRIC_DOMAINS),
  unit: MetricUnitSchema,
  ratio_ok: z.boolean(),
  label_vi: z.string().min(1),
  label_en: z.string().min(1),
  cues: z.array(z.string()),
});
export type Metric = z.infer<typeof MetricSchema>;

export const MetricCatalogSchema = z.object({
  version: z.number().int(),
  about: z.string(),
  domains: z.record(z.string(), z.string()),
  metrics: z.array(MetricSchema).min(1),
});
export type MetricCatalog = z.infer<typeof MetricCatalogSchema>;

/** Units whose values are counts: whole and non-negative. */
const COUNT_UNITS: ReadonlySet<MetricUnit> = new Set([
  'persons',
  'cases',
  'units',
  'households',
  'communes',
  'districts',
  'days',
]);

/** Whether values of this unit must be whole numbers. */
export function isCountUnit(unit: MetricUnit): boolean {
  return COUNT_UNITS.has(unit);
}

let loaded: MetricCatalog | undefined;

/** The catalog, parsed and checked on first use. */
export function loadMetricCatalog(): MetricCatalog {
  loaded ??= MetricCatalogSchema.parse(JSON.parse(METRIC_CATALOG_JSON));
  return loaded;
}

let byCode: Map<string, Metric> | undefined;
let byLabel: Map<string, Metric> | undefined;

/** The metric with this exact code, if any. */
export function findMetricByCode(code: string): Metric | undefined {
  byCode ??= new Map(loadMetricCatalog().metrics.map((metric) => [metric.code, metric]));
  return byCode.get(code);
}

/**
 * The metric named by a CSV cell: its code (case-insensitive) or its Vietnamese label
 * (case, spacing and Unicode form ignored; diacritics must match, as labels differ only by them).
 */
export function findMetric(name: string): Metric | undefined {
  const trimmed = name.trim();
  const exact = findMetricByCode(trimmed) ?? findMetricByCode(trimmed.toLowerCase());
  if (exact) return exact;
  byLabel ??= new Map(loadMetricCatalog().metrics.map((metric) => [labelKey(metric.label_vi), metric]));
  return byLabel.get(labelKey(trimmed));
}

function labelKey(label: string): string {
  return label.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The catalog code closest to a misspelt name, for "did you mean" hints; undefined if none is close. */
export function suggestMetricCode(name: string): string | undefined {
  const wanted = foldKey(name);
  if (!wanted) return undefined;
  let best: { code: string; distance: number } | undefined;
  for (const metric of loadMetricCatalog().metrics) {
    const distance = editDistance(wanted, foldKey(metric.code));
    if (!best || distance < best.distance) best = { code: metric.code, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(wanted.length / 5)) ? best.code : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
