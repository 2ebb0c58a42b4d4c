/**
 * The warehouse views in DuckDB: `facts`, `metrics`, `rejections`, `provinces`, `metric_catalog`,
 * with the names, columns and current-value rule of pipelines/warehouse/views.ts, which the Athena
 * views share.
 */
import { METRICS_KEY, PROVINCES_KEY } from '../../pipelines/warehouse/layout.js';
import { MANIFEST_FOLDER, ManifestSchema } from '../../pipelines/warehouse/manifest.js';
import {
  METRIC_COLUMNS,
  PARTITION_COLUMNS,
  PROVINCE_COLUMNS,
  type TableColumn,
} from '../../pipelines/warehouse/table-columns.js';
import {
  CURRENT_VALUE_ORDER,
  CURRENT_VALUE_PARTITION,
  REPORT_VALUE_FILTER,
  VIEW_COLUMNS,
} from '../../pipelines/warehouse/views.js';
import type { WarehouseStorage } from '../../pipelines/warehouse/warehouse-storage.js';
import { literalPath, quoteSqlIdentifier, quoteSqlString, type DuckDbDatabase } from './duckdb-database.js';
import { attachQueryCache, scanWarehouse, type CachedTable, type CacheRefreshListener } from './query-cache.js';
import { ensureReferenceTables } from './reference-tables.js';

export interface WarehouseViewOptions {
  /**
   * A query cache for a warehouse in a local folder: the partitioned views then read one DuckDB
   * file kept up to date from the Parquet, instead of opening every Parquet file on each query.
   */
  readonly cache?: {
    /** The warehouse's local folder; the cache lives in its `.cache/`. */
    readonly root: string;
    /** Called when the cache is about to read partition folders (the first query after an ingest). */
    readonly onRefresh?: CacheRefreshListener;
  };
}

/**
 * Creates (or refreshes) the views over the warehouse in a DuckDB connection. With a cache, the
 * partitioned views read it (brought up to date whenever a partition folder changed); without one,
 * and when the cache cannot be written, they read the Parquet directly.
 */
export async function createWarehouseViews(
  database: DuckDbDatabase,
  storage: WarehouseStorage,
  options: WarehouseViewOptions = {},
): Promise<void> {
  await ensureReferenceTables(storage, database);
  const cached = options.cache ? await attachLocalCache(database, options.cache.root, options.cache.onRefresh) : null;
  if (cached) {
    await database.run(`CREATE OR REPLACE VIEW facts AS SELECT ${columnList(VIEW_COLUMNS.facts)} FROM ${cached.facts}`);
    await database.run(
      `CREATE OR REPLACE VIEW rejections AS SELECT ${columnList(VIEW_COLUMNS.rejections)} FROM ${cached.rejections}`,
    );
    await database.run(
      `CREATE OR REPLACE VIEW metrics AS SELECT ${columnList(VIEW_COLUMNS.metrics)} FROM ${cached.metrics}`,
    );
  } else {
    const committed = await committedFileKeys(storage);
    await database.run(
      `CREATE OR REPLACE VIEW facts AS ${await partitionedSource(storage, 'facts', VIEW_COLUMNS.facts, committed)}`,
    );
    await database.run(
      `CREATE OR REPLACE VIEW rejections AS ${await partitionedSource(storage, 'rejections', VIEW_COLUMNS.rejections, committed)}`,
    );
    await database.run(`CREATE OR REPLACE VIEW metrics AS ${selectCurrentMetrics('facts')}`);
  }
  await database.run(
    `CREATE OR REPLACE VIEW provinces AS SELECT ${columnList(PROVINCE_COLUMNS)} FROM read_parquet(${quoteSqlString(literalPath(storage.locate(PROVINCES_KEY)))})`,
  );
  await database.run(
    `CREATE OR REPLACE VIEW metric_catalog AS SELECT ${columnList(METRIC_COLUMNS)} FROM read_parquet(${quoteSqlString(literalPath(storage.locate(METRICS_KEY)))})`,
  );
}

/**
 * The `metrics` rows from a table or view of facts: one current row per province, period and
 * metric, with the columns of the view and then `extraColumns` of the facts.
 */
function selectCurrentMetrics(factsTable: string, extraColumns: readonly string[] = []): string {
  const factColumns = [columnList(VIEW_COLUMNS.metrics), ...extraColumns.map((name) => quoteSqlIdentifier(name))].join(
    ', ',
  );
  return (
    `SELECT ${factColumns} FROM (` +
    `SELECT ${factColumns}, ROW_NUMBER() OVER (PARTITION BY ${CURRENT_VALUE_PARTITION} ORDER BY ${CURRENT_VALUE_ORDER}) AS current_rank FROM ${factsTable}` +
    ` WHERE ${REPORT_VALUE_FILTER}` +
    `) ranked WHERE current_rank = 1`
  );
}

/** The cache's tables, or null for an empty warehouse or one whose cache cannot be written (read-only). */
async function attachLocalCache(
  database: DuckDbDatabase,
  root: string,
  onRefresh?: CacheRefreshListener,
): Promise<Record<CachedTable, string> | null> {
  // DuckDB takes a `?` in a database path as the start of options, so such a cache cannot be
  // attached; the views then read the Parquet directly.
  if (root.includes('?')) return null;
  try {
    return await attachQueryCache(database, root, scanWarehouse(root), selectCurrentMetrics, onRefresh);
  } catch (error) {
    if (isPermissionError(error)) return null;
    throw error;
  }
}

function isPermissionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (
    code === 'EACCES' ||
    code === 'EROFS' ||
    code === 'EPERM' ||
    /permission denied|read-only file system/i.test(String((error as Error | undefined)?.message))
  );
}

/**
 * The files the warehouse's manifests list: a source is committed once its manifest is written, and
 * only committed files are read, so a source killed part-way is not seen at all.
 */
async function committedFileKeys(storage: WarehouseStorage): Promise<Set<string>> {
  const names = (await storage.list(MANIFEST_FOLDER)).filter((key) => key.endsWith('.json'));
  const committed = new Set<string>();
  for (let start = 0; start < names.length; start += 64) {
    const texts = await Promise.all(names.slice(start, start + 64).map((key) => storage.readText(key)));
    for (const text of texts) {
      const parsed = text === undefined ? undefined : ManifestSchema.shape.files.safeParse(parseJson(text)?.files);
      for (const file of parsed?.success ? parsed.data : []) committed.add(file);
    }
  }
  return committed;
}

function parseJson(text: string): { files?: unknown } | undefined {
  try {
    return JSON.parse(text) as { files?: unknown };
  } catch {
    return undefined;
  }
}

/** The committed files of a partitioned table, each path given to DuckDB as it is, never as a glob. */
async function partitionedSource(
  storage: WarehouseStorage,
  table: 'facts' | 'rejections',
  columns: readonly TableColumn[],
  committed: ReadonlySet<string>,
): Promise<string> {
  const keys = (await storage.list(`${table}/`)).filter((key) => key.endsWith('.parquet') && committed.has(key));
  if (keys.length === 0) {
    // An empty warehouse still has every view, with the right columns and no rows.
    return `SELECT ${columns.map((column) => `CAST(NULL AS ${column.type}) AS ${quoteSqlIdentifier(column.name)}`).join(', ')} WHERE false`;
  }
  const list = keys.map((key) => quoteSqlString(literalPath(storage.locate(key)))).join(', ');
  const hiveTypes = PARTITION_COLUMNS.map((column) => `${quoteSqlString(column.name)}: ${column.type}`).join(', ');
  return `SELECT ${columnList(columns)} FROM read_parquet([${list}], hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = true)`;
}

function columnList(columns: readonly TableColumn[]): string {
  return columns.map((column) => quoteSqlIdentifier(column.name)).join(', ');
}
