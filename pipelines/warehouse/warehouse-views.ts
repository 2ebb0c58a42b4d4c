/**
 * The warehouse views in DuckDB: `facts`, `metrics`, `rejections`, `provinces`, `metric_catalog`.
 * Their columns come from table-columns.ts, the same lists the Glue tables and Athena views use.
 */
import { quoteSqlIdentifier, quoteSqlString, type DuckDbDatabase } from './duckdb-database.js';
import { ensureReferenceTables, METRICS_KEY, PROVINCES_KEY } from './reference-tables.js';
import { FACT_COLUMNS, METRIC_COLUMNS, PARTITION_COLUMNS, PROVINCE_COLUMNS, REJECTION_COLUMNS, type TableColumn } from './table-columns.js';
import type { WarehouseStorage } from './warehouse-storage.js';
import { LocalWarehouseStorage } from './local-storage.js';
import { attachQueryCache, scanWarehouse, type CachedTable, type CacheRefreshListener } from './query-cache.js';

export interface WarehouseViewOptions {
  /** Called when the local query cache is about to read partition folders (the first query after an ingest). */
  readonly onCacheRefresh?: CacheRefreshListener;
}

export const VIEW_NAMES = ['facts', 'metrics', 'rejections', 'provinces', 'metric_catalog'] as const;

/** Columns of each view, in order. */
export const VIEW_COLUMNS: Record<(typeof VIEW_NAMES)[number], readonly TableColumn[]> = {
  facts: [...FACT_COLUMNS, ...PARTITION_COLUMNS],
  metrics: [...FACT_COLUMNS, ...PARTITION_COLUMNS],
  rejections: [...REJECTION_COLUMNS, ...PARTITION_COLUMNS],
  provinces: PROVINCE_COLUMNS,
  metric_catalog: METRIC_COLUMNS,
};

/**
 * The order that makes one row current per province, period and metric: a CSV value beats a value
 * read from text, a later ingestion beats an earlier one; ties go to the first line or sentence.
 */
export const CURRENT_VALUE_ORDER = "CASE WHEN source_kind = 'csv' THEN 0 ELSE 1 END, ingested_at DESC, source_key DESC, source_row, span_start";

/**
 * Creates (or refreshes) the views over the warehouse in a DuckDB connection. Over a local
 * warehouse the partitioned views read a query cache derived from the Parquet (brought up to date
 * whenever a partition folder changed); elsewhere, and when the cache cannot be written, they read the Parquet directly.
 */
export async function createWarehouseViews(database: DuckDbDatabase, storage: WarehouseStorage, options: WarehouseViewOptions = {}): Promise<void> {
  await ensureReferenceTables(storage, database);
  const cached = storage instanceof LocalWarehouseStorage ? await attachLocalCache(database, storage, options.onCacheRefresh) : null;
  if (cached) {
    await database.run(`CREATE OR REPLACE VIEW facts AS SELECT ${columnList(VIEW_COLUMNS.facts)} FROM ${cached.facts}`);
    await database.run(`CREATE OR REPLACE VIEW rejections AS SELECT ${columnList(VIEW_COLUMNS.rejections)} FROM ${cached.rejections}`);
    await database.run(`CREATE OR REPLACE VIEW metrics AS SELECT ${columnList(VIEW_COLUMNS.metrics)} FROM ${cached.metrics}`);
  } else {
    await database.run(`CREATE OR REPLACE VIEW facts AS ${await partitionedSource(storage, 'facts', VIEW_COLUMNS.facts)}`);
    await database.run(`CREATE OR REPLACE VIEW rejections AS ${await partitionedSource(storage, 'rejections', VIEW_COLUMNS.rejections)}`);
    await database.run(`CREATE OR REPLACE VIEW metrics AS ${selectCurrentMetrics('facts')}`);
  }
  await database.run(`CREATE OR REPLACE VIEW provinces AS SELECT ${columnList(PROVINCE_COLUMNS)} FROM read_parquet(${quoteSqlString(storage.locate(PROVINCES_KEY))})`);
  await database.run(`CREATE OR REPLACE VIEW metric_catalog AS SELECT ${columnList(METRIC_COLUMNS)} FROM read_parquet(${quoteSqlString(storage.locate(METRICS_KEY))})`);
}

/**
 * The `metrics` rows from a table or view of facts: one current row per province, period and
 * metric, with the columns of the view and then `extraColumns` of the facts.
 */
function selectCurrentMetrics(factsTable: string, extraColumns: readonly string[] = []): string {
  const factColumns = [columnList(VIEW_COLUMNS.metrics), ...extraColumns.map((name) => quoteSqlIdentifier(name))].join(', ');
  return `SELECT ${factColumns} FROM (` +
    `SELECT ${factColumns}, ROW_NUMBER() OVER (PARTITION BY province, period, metric ORDER BY ${CURRENT_VALUE_ORDER}) AS current_rank FROM ${factsTable}` +
    `) ranked WHERE current_rank = 1`;
}

/** The cache's tables, or null for an empty warehouse or one whose cache cannot be written (read-only). */
async function attachLocalCache(database: DuckDbDatabase, storage: LocalWarehouseStorage, onRefresh?: CacheRefreshListener): Promise<Record<CachedTable, string> | null> {
  try {
    return await attachQueryCache(database, storage.root, scanWarehouse(storage.root), selectCurrentMetrics, onRefresh);
  } catch (error) {
    if (isPermissionError(error)) return null;
    throw error;
  }
}

function isPermissionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EACCES' || code === 'EROFS' || code === 'EPERM' || /permission denied|read-only file system/i.test(String((error as Error | undefined)?.message));
}

async function partitionedSource(storage: WarehouseStorage, table: 'facts' | 'rejections', columns: readonly TableColumn[]): Promise<string> {
  const hasFiles = (await storage.list(`${table}/`)).some((key) => key.endsWith('.parquet'));
  if (!hasFiles) {
    // An empty warehouse still has every view, with the right columns and no rows.
    return `SELECT ${columns.map((column) => `CAST(NULL AS ${column.type}) AS ${quoteSqlIdentifier(column.name)}`).join(', ')} WHERE false`;
  }
  const glob = `${storage.locate(table)}/*/*/*/*.parquet`;
  const hiveTypes = PARTITION_COLUMNS.map((column) => `${quoteSqlString(column.name)}: ${column.type}`).join(', ');
  return `SELECT ${columnList(columns)} FROM read_parquet(${quoteSqlString(glob)}, hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = true)`;
}

function columnList(columns: readonly TableColumn[]): string {
  return columns.map((column) => quoteSqlIdentifier(column.name)).join(', ');
}
