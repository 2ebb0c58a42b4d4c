/**
 * The reference tables in the warehouse, `reference/provinces.parquet` and
 * `reference/metrics.parquet`, written from the project's copy of the reference data whenever
 * that copy changes. Each is also written into a folder of its own
 * (`reference/provinces/provinces.parquet`, `reference/metrics/metrics.parquet`): a Glue table's
 * location is a folder whose every file it reads, so Athena cannot use the shared `reference/`.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { loadMetricCatalog } from '../reference/catalog.js';
import { currentCodeOf, firstReportingPeriod, lastReportingPeriod, loadProvinceUnits } from '../reference/provinces.js';
import { formatPeriod, type Period } from '../period.js';
import { METRIC_CATALOG_JSON } from '../reference/metric-catalog.data.js';
import { PROVINCES_CSV } from '../reference/provinces.data.js';
import type { AppendValue, DuckDbDatabase } from './duckdb-database.js';
import { METRIC_COLUMNS, PROVINCE_COLUMNS, type TableColumn } from './table-columns.js';
import type { WarehouseStorage } from './warehouse-storage.js';

export const PROVINCES_KEY = 'reference/provinces.parquet';
export const METRICS_KEY = 'reference/metrics.parquet';
/** The folders the Glue tables over the reference data read (one file each, identical to the keys above). */
export const REFERENCE_TABLE_FOLDERS = {
  provinces: 'reference/provinces/',
  metric_catalog: 'reference/metrics/',
} as const;
const STAMP_KEY = 'reference/reference.json';
/** Changes when the reference files' layout changes, so existing warehouses are rewritten. */
const LAYOUT_VERSION = 'reference-layout-2';

/** Writes the reference tables unless the warehouse already has this version of them. */
export async function ensureReferenceTables(storage: WarehouseStorage, database: DuckDbDatabase): Promise<void> {
  const digest = createHash('sha256').update(LAYOUT_VERSION).update(PROVINCES_CSV).update(METRIC_CATALOG_JSON).digest('hex');
  const stamp = await storage.readText(STAMP_KEY);
  if (stamp && (JSON.parse(stamp) as { sha256?: string }).sha256 === digest) return;

  const provinces: AppendValue[][] = loadProvinceUnits().map((unit) => [
    unit.code, unit.name_vi, unit.name_ascii, unit.kind, unit.valid_from, unit.valid_to,
    formatPeriod(firstReportingPeriod(unit)), formatOptionalPeriod(lastReportingPeriod(unit)), unit.valid_to === null,
    unit.gso_code, unit.land_border.length ? unit.land_border.join('+') : 'none', unit.land_border.length > 0, unit.coastal,
    unit.successor_code, currentCodeOf(unit), unit.constituents.length ? unit.constituents.join('|') : null, unit.aliases.join('|'),
  ]);
  const metrics: AppendValue[][] = loadMetricCatalog().metrics.map((metric) => [
    metric.code, metric.domain, metric.unit, metric.ratio_ok, metric.label_vi, metric.label_en,
  ]);
  const scratch = await storage.createScratch();
  try {
    await writeTable(database, storage, scratch, 'reference_provinces', PROVINCE_COLUMNS, provinces, [PROVINCES_KEY, `${REFERENCE_TABLE_FOLDERS.provinces}provinces.parquet`]);
    await writeTable(database, storage, scratch, 'reference_metrics', METRIC_COLUMNS, metrics, [METRICS_KEY, `${REFERENCE_TABLE_FOLDERS.metric_catalog}metrics.parquet`]);
  } finally {
    await storage.releaseScratch(scratch);
  }
  await storage.putText(STAMP_KEY, `${JSON.stringify({ sha256: digest }, null, 2)}\n`);
}

function formatOptionalPeriod(period: Period | null): string | null {
  return period ? formatPeriod(period) : null;
}

async function writeTable(
  database: DuckDbDatabase, storage: WarehouseStorage, scratch: string, table: string,
  columns: readonly TableColumn[], rows: readonly (readonly AppendValue[])[], keys: readonly string[],
): Promise<void> {
  const paths = keys.map((_, index) => join(scratch, `${table}-${index}.parquet`));
  try {
    await database.loadTable(table, columns, rows);
    for (const path of paths) await database.writeParquet(table, path);
  } finally {
    await database.dropTable(table);
  }
  for (const [index, key] of keys.entries()) await storage.putFile(key, paths[index]!);
}
