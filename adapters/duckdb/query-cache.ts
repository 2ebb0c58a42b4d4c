/**
 * A local query cache: the `facts`, `rejections` and `metrics` rows of a local warehouse copied
 * into one DuckDB file under `<warehouse>/.cache/`, so a query reads one table instead of opening
 * thousands of small Parquet files. The Parquet stays the truth.
 *
 * The cache is kept up to date one partition folder at a time. It records the modification time
 * of every partition folder it read; a file put in place, replaced or removed in a folder changes
 * that time, so on each open only the folders whose time changed, and those that appeared or
 * vanished, are read again: the cache is copied, those folders' rows are replaced, and the copy is
 * renamed into place. Checking 10,000 files this way takes one `stat` per folder, none per file. A tool that rewrites a Parquet file in place under the same name
 * (rather than writing a new file and renaming it, as provstat, `aws s3 sync` and rsync do) does
 * not change the folder's time; deleting `<warehouse>/.cache/` makes the next query rebuild it.
 *
 * Only files a manifest lists are cached (a source is visible whole or not at all): the cache
 * records the manifests it was built with and their files, so a manifest that appears or goes
 * makes the folders of its files read again.
 */
import { randomUUID } from 'node:crypto';
import { constants, readdirSync, statSync, type Dirent } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FOLDER } from '../../pipelines/warehouse/manifest.js';
import { literalPath, quoteSqlIdentifier, quoteSqlString, type DuckDbDatabase } from './duckdb-database.js';
import { PARTITIONED_TABLES, type PartitionedTable } from '../../pipelines/warehouse/layout.js';
import {
  FACT_COLUMNS,
  PARTITION_COLUMNS,
  REJECTION_COLUMNS,
  type TableColumn,
} from '../../pipelines/warehouse/table-columns.js';

/** Bump when the cached tables change shape, so caches built by an older version are rebuilt. */
const CACHE_FORMAT = 3;
const CACHE_FOLDER = '.cache';
const CACHE_FILE = 'views.duckdb';
/** The alias the cache is attached under, read-only, in the querying connection. */
export const CACHE_ALIAS = 'warehouse_cache';
/** Hidden column of every cached table: the partition folder a row came from. */
export const CACHE_FOLDER_COLUMN = 'cache_folder';
/**
 * File systems keep modification times to a clock tick, so a folder changed again within the same
 * tick as the scan keeps its time. A folder modified this recently before a scan is read, but not
 * trusted: the next open reads it again, until its time is older than this.
 */
const SETTLE_MS = 2_000;
/** A build left behind by a killed process is removed once it is this old. */
const ABANDONED_BUILD_MS = 60 * 60 * 1000;

export type CachedTable = 'facts' | 'rejections' | 'metrics';

const SCHEMA = JSON.stringify({ format: CACHE_FORMAT, columns: [FACT_COLUMNS, REJECTION_COLUMNS, PARTITION_COLUMNS] });

/** One Hive partition folder, `facts/year=2024/quarter=3/province=VN-22`. */
export interface PartitionFolder {
  readonly table: PartitionedTable;
  /** Path relative to the warehouse root, with `/`. */
  readonly folder: string;
  readonly mtimeMs: number;
}

/** What the cache compares itself against: every partition folder and when it last changed. */
export interface WarehouseScan {
  readonly folders: readonly PartitionFolder[];
  /** Clock time just before the folders were looked at. */
  readonly scannedAt: number;
  /** Names of the manifest files in `ingestions/`, sorted. */
  readonly manifests: readonly string[];
}

/**
 * Lists the partition folders of `facts/` and `rejections/` with their modification times: one
 * `readdir` per year and quarter folder and one `stat` per partition folder, never per file.
 */
export function scanWarehouse(root: string): WarehouseScan {
  const scannedAt = Date.now();
  const manifests = manifestNames(root);
  const folders: PartitionFolder[] = [];
  for (const table of PARTITIONED_TABLES) {
    for (const year of subfolders(join(root, table), 'year=')) {
      for (const quarter of subfolders(join(root, table, year), 'quarter=')) {
        for (const province of subfolders(join(root, table, year, quarter), 'province=')) {
          const folder = `${table}/${year}/${quarter}/${province}`;
          const mtimeMs = statSync(join(root, folder), { throwIfNoEntry: false })?.mtimeMs;
          if (mtimeMs !== undefined) folders.push({ table, folder, mtimeMs });
        }
      }
    }
  }
  folders.sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  return { folders, scannedAt, manifests };
}

/** The manifest files of the warehouse (hidden files, such as one being written, excluded). */
function manifestNames(root: string): string[] {
  try {
    return readdirSync(join(root, MANIFEST_FOLDER))
      .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The files each manifest lists, by manifest name, as a cache was built from them. */
type ManifestFiles = Record<string, readonly string[]>;

/** What a cache was built from. */
interface CacheBasis {
  readonly folders: FolderTimes;
  readonly manifests: ManifestFiles;
}

/**
 * The files of the warehouse's manifests (those the cache knew taken from it, new ones read), and
 * the partition folders whose committed files changed: those of manifests that appeared or went.
 */
async function readManifestFiles(
  root: string,
  scan: WarehouseScan,
  known: ManifestFiles,
): Promise<{ manifests: ManifestFiles; changed: Set<string> }> {
  const manifests: ManifestFiles = {};
  const changed = new Set<string>();
  const folderOf = (key: string): string => key.slice(0, key.lastIndexOf('/'));
  const fresh = scan.manifests.filter((name) => !Object.hasOwn(known, name));
  for (const name of scan.manifests) if (Object.hasOwn(known, name)) manifests[name] = known[name]!;
  for (let start = 0; start < fresh.length; start += 256) {
    await Promise.all(
      fresh.slice(start, start + 256).map(async (name) => {
        manifests[name] = await committedFiles(join(root, MANIFEST_FOLDER, name));
      }),
    );
  }
  for (const name of fresh) for (const key of manifests[name]!) changed.add(folderOf(key));
  const present = new Set(scan.manifests);
  for (const [name, files] of Object.entries(known))
    if (!present.has(name)) for (const key of files) changed.add(folderOf(key));
  return { manifests, changed };
}

/** The files a manifest lists; none for one that cannot be read (`provstat doctor` reports it). */
async function committedFiles(path: string): Promise<string[]> {
  try {
    const manifest = JSON.parse(await readFile(path, 'utf8')) as { files?: unknown };
    return Array.isArray(manifest.files)
      ? manifest.files.filter((file): file is string => typeof file === 'string')
      : [];
  } catch {
    return [];
  }
}

function subfolders(path: string, prefix: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
      return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isDirectory() && entry.name.startsWith(prefix) && entry.name.length > prefix.length)
    .map((entry) => entry.name)
    .sort();
}

/** The folder times a cache was built from; null marks a folder read while it might still change. */
type FolderTimes = Record<string, number | null>;

/** What a refresh has to do: the folders to read again and those whose rows must go. */
export interface CachePlan {
  readonly read: readonly PartitionFolder[];
  readonly drop: readonly string[];
}

/**
 * Compares a scan with the folder times a cache was built from; the folders in `changed` (whose
 * committed files changed) are read again whatever their time.
 */
export function planRefresh(
  scan: Omit<WarehouseScan, 'manifests'>,
  cached: FolderTimes,
  changed: ReadonlySet<string> = new Set(),
): CachePlan {
  // A folder recorded with no time (null) was read while it might still change: read it again.
  const read = scan.folders.filter((folder) => cached[folder.folder] !== folder.mtimeMs || changed.has(folder.folder));
  const present = new Set(scan.folders.map((folder) => folder.folder));
  const drop = [
    ...Object.keys(cached).filter((folder) => !present.has(folder)),
    ...read.filter((folder) => Object.hasOwn(cached, folder.folder)).map((folder) => folder.folder),
  ];
  return { read, drop: drop.sort() };
}

/**
 * Attaches an up-to-date cache of the warehouse at `root` to the connection (bringing it up to
 * date first when a partition folder changed) and returns the attached table names; null when the
 * warehouse has no partition folders yet. `metricsSelect` gives the current `metrics` rows of a
 * facts table, keeping the listed extra columns.
 */
export async function attachQueryCache(
  database: DuckDbDatabase,
  root: string,
  scan: WarehouseScan,
  metricsSelect: MetricsSelect,
  onRefresh?: CacheRefreshListener,
): Promise<Record<CachedTable, string> | null> {
  if (scan.folders.length === 0) return null;
  const path = join(root, CACHE_FOLDER, CACHE_FILE);
  await database.run(`DETACH DATABASE IF EXISTS ${quoteSqlIdentifier(CACHE_ALIAS)}`);
  const existing = await attachExisting(database, path);
  const committed = await readManifestFiles(root, scan, existing?.manifests ?? {});
  if (existing) {
    const plan = planRefresh(scan, existing.folders, committed.changed);
    if (plan.read.length === 0 && plan.drop.length === 0) return cacheTables();
    await database.run(`DETACH DATABASE IF EXISTS ${quoteSqlIdentifier(CACHE_ALIAS)}`);
  }
  await writeCache(database, root, path, scan, committed, metricsSelect, existing !== null, onRefresh);
  await database.run(`ATTACH ${quoteSqlString(path)} AS ${quoteSqlIdentifier(CACHE_ALIAS)} (READ_ONLY)`);
  return cacheTables();
}

type MetricsSelect = (factsTable: string, extraColumns: readonly string[]) => string;

/** Told, before the cache reads them, how many partition folders and Parquet files it is about to read. */
export type CacheRefreshListener = (refresh: {
  readonly folders: number;
  readonly files: number;
  readonly cachePath: string;
}) => void;

function cacheTables(): Record<CachedTable, string> {
  const name = (table: CachedTable): string => `${quoteSqlIdentifier(CACHE_ALIAS)}.${quoteSqlIdentifier(table)}`;
  return { facts: name('facts'), rejections: name('rejections'), metrics: name('metrics') };
}

/** Attaches the cache read-only and returns what it was built from; null (and detached) when it is missing, unreadable or of another format. */
async function attachExisting(database: DuckDbDatabase, path: string): Promise<CacheBasis | null> {
  if (
    !(await stat(path).then(
      () => true,
      () => false,
    ))
  )
    return null;
  try {
    await database.run(`ATTACH ${quoteSqlString(path)} AS ${quoteSqlIdentifier(CACHE_ALIAS)} (READ_ONLY)`);
    const times = await readFolderTimes(database, quoteSqlIdentifier(CACHE_ALIAS));
    if (times) return times;
  } catch {
    // an unreadable cache is rebuilt
  }
  await database.run(`DETACH DATABASE IF EXISTS ${quoteSqlIdentifier(CACHE_ALIAS)}`);
  return null;
}

async function readFolderTimes(database: DuckDbDatabase, alias: string): Promise<CacheBasis | null> {
  const row = (await database.query(`SELECT schema, folders, manifests FROM ${alias}.cache_info`)).rows[0];
  if (row?.schema !== SCHEMA || typeof row.folders !== 'string' || typeof row.manifests !== 'string') return null;
  return { folders: JSON.parse(row.folders) as FolderTimes, manifests: JSON.parse(row.manifests) as ManifestFiles };
}

/**
 * Writes the cache under a hidden name and renames it into place, so a reader never sees half of
 * one. With `update`, the current cache is copied and only the changed folders' rows are deleted
 * and read again; a cache that turns out unreadable, or a change touching more than a quarter of
 * the folders, is built anew from every folder instead.
 */
async function writeCache(
  database: DuckDbDatabase,
  root: string,
  path: string,
  scan: WarehouseScan,
  committed: { readonly manifests: ManifestFiles; readonly changed: ReadonlySet<string> },
  metricsSelect: MetricsSelect,
  update: boolean,
  onRefresh?: CacheRefreshListener,
): Promise<void> {
  const folder = join(root, CACHE_FOLDER);
  await mkdir(folder, { recursive: true });
  await removeAbandonedBuilds(folder);
  const partial = join(folder, `.${randomUUID()}.partial`);
  const suffix = randomUUID().replaceAll('-', '');
  const next = quoteSqlIdentifier(`warehouse_cache_${suffix}`);
  const dropName = `cache_drop_${suffix}`;
  const filesName = `cache_files_${suffix}`;
  const dropTable = quoteSqlIdentifier(dropName);
  const filesTable = quoteSqlIdentifier(filesName);
  const cacheFolder = quoteSqlIdentifier(CACHE_FOLDER_COLUMN);
  try {
    // The plan is made against the copy itself, whichever process wrote it last.
    let plan: CachePlan | null = null;
    let building = false;
    if (
      update &&
      (await copyFile(path, partial, constants.COPYFILE_FICLONE).then(
        () => true,
        () => false,
      ))
    ) {
      await database.run(`ATTACH ${quoteSqlString(partial)} AS ${next}`);
      const basis = await readFolderTimes(database, next).catch(() => null);
      // The copy may be another process's newer build: the manifests it knew decide what changed.
      const changed = basis ? (await readManifestFiles(root, scan, basis.manifests)).changed : null;
      const candidate = basis && changed ? planRefresh(scan, basis.folders, changed) : null;
      if (candidate && candidate.read.length <= Math.max(16, scan.folders.length / 4)) {
        plan = candidate;
      } else {
        await database.run(`DETACH DATABASE ${next}`);
        await rm(partial, { force: true });
      }
    }
    if (!plan) {
      plan = { read: scan.folders, drop: [] };
      building = true;
      await database.run(`ATTACH ${quoteSqlString(partial)} AS ${next}`);
    }

    await database.loadTable(
      dropName,
      [textColumn('folder')],
      plan.drop.map((name) => [name]),
    );
    const listed = new Set(Object.values(committed.manifests).flat());
    const files = await filesToRead(root, plan.read, listed);
    onRefresh?.({ folders: plan.read.length, files: files.length, cachePath: path });
    await database.loadTable(
      filesName,
      [textColumn('path'), textColumn('folder')],
      files.map((file) => [file.path, file.folder]),
    );

    const folderTimes: FolderTimes = {};
    for (const entry of scan.folders)
      folderTimes[entry.folder] = entry.mtimeMs <= scan.scannedAt - SETTLE_MS ? entry.mtimeMs : null;
    const info = [SCHEMA, JSON.stringify(folderTimes), JSON.stringify(committed.manifests)];

    await database.run('BEGIN TRANSACTION');
    if (building) {
      await database.run(
        `CREATE TABLE ${next}.cache_info AS SELECT CAST(? AS VARCHAR) AS schema, CAST(? AS VARCHAR) AS folders, CAST(? AS VARCHAR) AS manifests`,
        info,
      );
    } else {
      await database.run(`UPDATE ${next}.cache_info SET schema = ?, folders = ?, manifests = ?`, info);
    }
    for (const table of PARTITIONED_TABLES) {
      const columns =
        table === 'facts' ? [...FACT_COLUMNS, ...PARTITION_COLUMNS] : [...REJECTION_COLUMNS, ...PARTITION_COLUMNS];
      const target = `${next}.${quoteSqlIdentifier(table)}`;
      const rows = readRows(
        files.filter((file) => file.table === table).map((file) => file.path),
        columns,
        filesTable,
      );
      if (building) {
        await database.run(`CREATE TABLE ${target} AS ${rows ?? emptyRows(columns)}`);
      } else {
        await database.run(`DELETE FROM ${target} WHERE ${cacheFolder} IN (SELECT folder FROM ${dropTable})`);
        if (rows) await database.run(`INSERT INTO ${target} ${rows}`);
      }
    }
    // A metric's current row is decided within its partition folder (province and quarter), so
    // only the folders read again need ranking.
    const freshFacts = `(SELECT * FROM ${next}.facts WHERE ${cacheFolder} IN (SELECT folder FROM ${filesTable})) fresh_facts`;
    if (building) {
      await database.run(`CREATE TABLE ${next}.metrics AS ${metricsSelect(freshFacts, [CACHE_FOLDER_COLUMN])}`);
    } else {
      await database.run(`DELETE FROM ${next}.metrics WHERE ${cacheFolder} IN (SELECT folder FROM ${dropTable})`);
      await database.run(`INSERT INTO ${next}.metrics ${metricsSelect(freshFacts, [CACHE_FOLDER_COLUMN])}`);
    }
    await database.run('COMMIT');
    await database.run(`CHECKPOINT ${next}`);
    await database.run(`DETACH DATABASE ${next}`);
    await rename(partial, path);
  } catch (error) {
    await database.run('ROLLBACK').catch(() => undefined);
    await database.run(`DETACH DATABASE IF EXISTS ${next}`).catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  } finally {
    await rm(`${partial}.wal`, { force: true });
    await database.dropTable(dropName).catch(() => undefined);
    await database.dropTable(filesName).catch(() => undefined);
  }
}

interface FileToRead {
  readonly table: PartitionedTable;
  readonly folder: string;
  /** Absolute path. */
  readonly path: string;
}

/**
 * The Parquet files of the folders to read that a manifest lists (hidden files, such as a write in
 * progress, and the files of a source not yet committed, excluded).
 */
async function filesToRead(
  root: string,
  folders: readonly PartitionFolder[],
  listed: ReadonlySet<string>,
): Promise<FileToRead[]> {
  const files: FileToRead[] = [];
  for (let start = 0; start < folders.length; start += 256) {
    const batch = await Promise.all(
      folders.slice(start, start + 256).map(async (entry) => {
        const names = await readdir(join(root, entry.folder)).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return [];
          throw error;
        });
        return names
          .filter((name) => name.endsWith('.parquet') && !name.startsWith('.') && listed.has(`${entry.folder}/${name}`))
          .sort()
          .map((name) => ({
            table: entry.table,
            folder: entry.folder,
            path: join(root, ...entry.folder.split('/'), name),
          }));
      }),
    );
    files.push(...batch.flat());
  }
  return files;
}

/** The rows of the Parquet files, each with the partition folder it came from; null for no files. */
function readRows(paths: readonly string[], columns: readonly TableColumn[], filesTable: string): string | null {
  if (paths.length === 0) return null;
  const list = paths.map((path) => quoteSqlString(literalPath(path))).join(', ');
  const hiveTypes = PARTITION_COLUMNS.map((column) => `${quoteSqlString(column.name)}: ${column.type}`).join(', ');
  const selected = columns.map((column) => `parquet.${quoteSqlIdentifier(column.name)}`).join(', ');
  return (
    `SELECT ${selected}, files.folder AS ${quoteSqlIdentifier(CACHE_FOLDER_COLUMN)} ` +
    `FROM read_parquet([${list}], hive_partitioning = true, hive_types = {${hiveTypes}}, filename = true) parquet ` +
    `JOIN ${filesTable} files ON parquet.filename = files.path`
  );
}

function emptyRows(columns: readonly TableColumn[]): string {
  const nulls = columns
    .map((column) => `CAST(NULL AS ${column.type}) AS ${quoteSqlIdentifier(column.name)}`)
    .join(', ');
  return `SELECT ${nulls}, CAST(NULL AS VARCHAR) AS ${quoteSqlIdentifier(CACHE_FOLDER_COLUMN)} WHERE false`;
}

function textColumn(name: string): TableColumn {
  return { name, type: 'VARCHAR', nullable: false, description: name };
}

/** Removes builds a killed process left in the cache folder; a build still running elsewhere is younger. */
async function removeAbandonedBuilds(folder: string): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const now = Date.now();
  await Promise.all(
    names
      .filter((name) => name.startsWith('.') && (name.endsWith('.partial') || name.endsWith('.partial.wal')))
      .map(async (name) => {
        const info = await stat(join(folder, name)).catch(() => null);
        if (info && now - info.mtimeMs > ABANDONED_BUILD_MS) await rm(join(folder, name), { force: true });
      }),
  );
}
