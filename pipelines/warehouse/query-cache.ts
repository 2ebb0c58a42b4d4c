/**
 * A local query cache: the `facts`, `rejections` and `metrics` rows of a local warehouse copied
 * into one DuckDB file under `<warehouse>/.cache/`, so a query reads one table instead of opening
 * thousands of small Parquet files. The Parquet stays the truth: the cache records which files
 * (path, size, modification time) it was built from and is rebuilt as soon as they differ.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { quoteSqlIdentifier, quoteSqlString, type DuckDbDatabase } from './duckdb-database.js';
import { FACT_COLUMNS, PARTITION_COLUMNS, REJECTION_COLUMNS, type TableColumn } from './table-columns.js';

/** Bump when the cached tables change shape, so caches built by an older version are rebuilt. */
const CACHE_FORMAT = 1;
const CACHE_FOLDER = '.cache';
const CACHE_FILE = 'views.duckdb';
/** The alias the cache is attached under, read-only, in the querying connection. */
export const CACHE_ALIAS = 'warehouse_cache';

export type CachedTable = 'facts' | 'rejections' | 'metrics';

/** The Parquet files of the partitioned tables, as keys relative to the warehouse root. */
export interface WarehouseFiles {
  readonly facts: readonly string[];
  readonly rejections: readonly string[];
  /** Digest of every file's key, size and modification time, and of the cache format. */
  readonly fingerprint: string;
}

/** Lists the Parquet files under `facts/` and `rejections/` with what identifies their version. */
export async function listWarehouseFiles(root: string): Promise<WarehouseFiles> {
  const hash = createHash('sha256').update(`format ${CACHE_FORMAT}\n`).update(JSON.stringify([FACT_COLUMNS, REJECTION_COLUMNS, PARTITION_COLUMNS]));
  const listed: Record<'facts' | 'rejections', string[]> = { facts: [], rejections: [] };
  for (const table of ['facts', 'rejections'] as const) {
    const folder = join(root, table);
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const keys = entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.parquet') && !entry.name.startsWith('.'))
      .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .filter((key) => key.split('/').length === 5)
      .sort();
    const versions = await mapInBatches(keys, 256, async (key) => {
      const info = await stat(join(root, key));
      return `${key} ${info.size} ${info.mtimeMs}\n`;
    });
    for (const version of versions) hash.update(version);
    listed[table] = keys;
  }
  return { ...listed, fingerprint: hash.digest('hex') };
}

/**
 * Attaches an up-to-date cache of the warehouse at `root` to the connection (building it when it
 * is missing or stale) and returns the attached table names; null when the warehouse has no
 * Parquet files yet.
 */
export async function attachQueryCache(
  database: DuckDbDatabase,
  root: string,
  files: WarehouseFiles,
  metricsSelect: (factsTable: string) => string,
): Promise<Record<CachedTable, string> | null> {
  if (files.facts.length === 0 && files.rejections.length === 0) return null;
  const path = join(root, CACHE_FOLDER, CACHE_FILE);
  await database.run(`DETACH DATABASE IF EXISTS ${quoteSqlIdentifier(CACHE_ALIAS)}`);
  if (!(await isCurrent(database, path, files.fingerprint))) await buildCache(database, root, path, files, metricsSelect);
  await database.run(`ATTACH ${quoteSqlString(path)} AS ${quoteSqlIdentifier(CACHE_ALIAS)} (READ_ONLY)`);
  const name = (table: CachedTable): string => `${quoteSqlIdentifier(CACHE_ALIAS)}.${quoteSqlIdentifier(table)}`;
  return { facts: name('facts'), rejections: name('rejections'), metrics: name('metrics') };
}

async function isCurrent(database: DuckDbDatabase, path: string, fingerprint: string): Promise<boolean> {
  if (!(await stat(path).then(() => true, () => false))) return false;
  try {
    await database.run(`ATTACH ${quoteSqlString(path)} AS ${quoteSqlIdentifier(CACHE_ALIAS)} (READ_ONLY)`);
    const result = await database.query(`SELECT fingerprint FROM ${quoteSqlIdentifier(CACHE_ALIAS)}.cache_info`);
    return result.rows[0]?.fingerprint === fingerprint;
  } catch {
    return false; // an unreadable cache is rebuilt
  } finally {
    await database.run(`DETACH DATABASE IF EXISTS ${quoteSqlIdentifier(CACHE_ALIAS)}`);
  }
}

/** Builds the cache in a new file and renames it into place, so a reader never sees half of one. */
async function buildCache(
  database: DuckDbDatabase,
  root: string,
  path: string,
  files: WarehouseFiles,
  metricsSelect: (factsTable: string) => string,
): Promise<void> {
  await mkdir(join(root, CACHE_FOLDER), { recursive: true });
  const partial = join(root, CACHE_FOLDER, `.${randomUUID()}.partial`);
  const alias = quoteSqlIdentifier(`warehouse_cache_${randomUUID().replaceAll('-', '')}`);
  await database.run(`ATTACH ${quoteSqlString(partial)} AS ${alias}`);
  try {
    await database.run(`CREATE TABLE ${alias}.cache_info AS SELECT CAST(? AS VARCHAR) AS fingerprint, CAST(? AS INTEGER) AS format`, [files.fingerprint, CACHE_FORMAT]);
    await database.run(`CREATE TABLE ${alias}.facts AS ${selectFiles(root, files.facts, [...FACT_COLUMNS, ...PARTITION_COLUMNS])}`);
    await database.run(`CREATE TABLE ${alias}.rejections AS ${selectFiles(root, files.rejections, [...REJECTION_COLUMNS, ...PARTITION_COLUMNS])}`);
    await database.run(`CREATE TABLE ${alias}.metrics AS ${metricsSelect(`${alias}.facts`)}`);
    await database.run(`DETACH DATABASE ${alias}`);
    await rename(partial, path);
  } catch (error) {
    await database.run(`DETACH DATABASE IF EXISTS ${alias}`).catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  } finally {
    await rm(`${partial}.wal`, { force: true });
  }
}

function selectFiles(root: string, keys: readonly string[], columns: readonly TableColumn[]): string {
  const columnList = columns.map((column) => quoteSqlIdentifier(column.name)).join(', ');
  if (keys.length === 0) {
    return `SELECT ${columns.map((column) => `CAST(NULL AS ${column.type}) AS ${quoteSqlIdentifier(column.name)}`).join(', ')} WHERE false`;
  }
  const paths = keys.map((key) => quoteSqlString(join(root, ...key.split('/')))).join(', ');
  const hiveTypes = PARTITION_COLUMNS.map((column) => `${quoteSqlString(column.name)}: ${column.type}`).join(', ');
  return `SELECT ${columnList} FROM read_parquet([${paths}], hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = true)`;
}

async function mapInBatches<T, R>(items: readonly T[], size: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) results.push(...(await Promise.all(items.slice(start, start + size).map(map))));
  return results;
}
