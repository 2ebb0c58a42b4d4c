/**
 * The metric vocabulary: codes, units and Vietnamese labels every upload is checked against.
 * Loaded once from the copy of ../shared/spec/metric-catalog.json in metric-catalog.data.ts.
 */
import { z } from 'zod';
import { foldKey, normalizeVietnamese } from '../text/fold.js';
import { METRIC_CATALOG_JSON } from './metric-catalog.data.js';
import { nearestNames, type NameCandidate } from './nearest-names.js';

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

let byFoldedLabel: Map<string, Metric | null> | undefined;

/**
 * The metric named by a CSV cell: its code (case-insensitive) or its Vietnamese label (case,
 * spacing, Unicode form and old or new tone placement ignored). A label written without diacritics
 * matches only when it folds to a single label, as some labels differ only by them.
 */
export function findMetric(name: string): Metric | undefined {
  const trimmed = name.trim();
  const exact = findMetricByCode(trimmed) ?? findMetricByCode(trimmed.toLowerCase());
  if (exact) return exact;
  byLabel ??= new Map(loadMetricCatalog().metrics.map((metric) => [labelKey(metric.label_vi), metric]));
  const labelled = byLabel.get(labelKey(trimmed));
  if (labelled) return labelled;
  if (!byFoldedLabel) {
    byFoldedLabel = new Map();
    for (const metric of loadMetricCatalog().metrics) {
      const key = foldKey(metric.label_vi);
      byFoldedLabel.set(key, byFoldedLabel.has(key) ? null : metric);
    }
  }
  return byFoldedLabel.get(foldKey(trimmed)) ?? undefined;
}

function labelKey(label: string): string {
  return normalizeVietnamese(label).toLowerCase().replace(/\s+/g, ' ').trim();
}

let metricCandidates: NameCandidate[] | undefined;

/** Metric codes or labels closest to a misspelt one, best first; empty when none is close. */
export function suggestMetrics(written: string): string[] {
  metricCandidates ??= loadMetricCatalog().metrics.flatMap((metric) => [
    { shown: metric.code, key: foldKey(metric.code) },
    { shown: metric.label_vi, key: foldKey(metric.label_vi) },
  ]);
  return nearestNames(written, metricCandidates);
}
