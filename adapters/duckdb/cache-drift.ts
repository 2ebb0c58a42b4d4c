/**
 * How far a local warehouse's query cache is from the warehouse: the partition folders and
 * manifests that appeared, went or changed since the cache was built. The next query brings the
 * cache up to date for folders and manifests that come or go; a manifest changed under its own
 * name is mended only by dropping the cache, which is what `provstat doctor --fix` does.
 */
import { rm, stat } from 'node:fs/promises';
import { MANIFEST_FOLDER } from '../../pipelines/warehouse/manifest.js';
import { DuckDbDatabase } from './duckdb-database.js';
import { queryCachePath, readCacheBasis, scanWarehouse, type CacheBasis, type WarehouseScan } from './query-cache.js';

export interface CacheDrift {
  /** `absent`: no query has built one yet; `unreadable`: damaged or built by another version. */
  readonly state: 'absent' | 'current' | 'drifted' | 'unreadable';
  readonly path: string;
  /** Partition folders (`facts/year=…/quarter=…/province=…`) new, gone or changed since the build. */
  readonly folders: { readonly added: string[]; readonly removed: string[]; readonly changed: string[] };
  /**
   * Manifest names new or gone since the build, and those whose list of files is not the one the
   * cache was built from (a manifest repaired or replaced under its name: the cache alone never
   * notices that).
   */
  readonly manifests: { readonly added: string[]; readonly removed: string[]; readonly changed: string[] };
}

/**
 * Compares the query cache of the warehouse at `root` with its folders and manifests; `listedBy`
 * gives the files each manifest lists now, by manifest key (`ingestions/<name>`).
 */
export async function checkCacheDrift(
  root: string,
  listedBy: ReadonlyMap<string, readonly string[]>,
): Promise<CacheDrift> {
  const path = queryCachePath(root);
  const none = {
    folders: { added: [], removed: [], changed: [] },
    manifests: { added: [], removed: [], changed: [] },
  };
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) return { state: 'absent', path, ...none };
  const database = await DuckDbDatabase.open({ threads: 1 });
  let basis: CacheBasis | null;
  try {
    basis = await readCacheBasis(database, path);
  } finally {
    database.close();
  }
  if (!basis) return { state: 'unreadable', path, ...none };
  const drift = compareWithScan(basis, scanWarehouse(root), listedBy);
  const drifted = [...Object.values(drift.folders), ...Object.values(drift.manifests)].some((list) => list.length > 0);
  return { state: drifted ? 'drifted' : 'current', path, ...drift };
}

/**
 * The differences between what a cache was built from and a scan of the warehouse. A folder the
 * cache recorded without a time (read while it might still change) is read again by the next
 * query whatever its time, so it is no drift.
 */
export function compareWithScan(
  basis: CacheBasis,
  scan: WarehouseScan,
  listedBy: ReadonlyMap<string, readonly string[]>,
): Pick<CacheDrift, 'folders' | 'manifests'> {
  const now = new Map(scan.folders.map((folder) => [folder.folder, folder.mtimeMs]));
  const recorded = Object.entries(basis.folders);
  const manifests = new Set(scan.manifests);
  const sameFiles = (name: string): boolean => {
    const current = listedBy.get(`${MANIFEST_FOLDER}${name}`);
    const cached = basis.manifests[name] ?? [];
    return current === undefined || [...current].sort().join('\n') === [...cached].sort().join('\n');
  };
  return {
    folders: {
      added: [...now.keys()].filter((folder) => !Object.hasOwn(basis.folders, folder)),
      removed: recorded.filter(([folder]) => !now.has(folder)).map(([folder]) => folder),
      changed: recorded
        .filter(([folder, time]) => time !== null && now.has(folder) && now.get(folder) !== time)
        .map(([folder]) => folder),
    },
    manifests: {
      added: scan.manifests.filter((name) => !Object.hasOwn(basis.manifests, name)),
      removed: Object.keys(basis.manifests)
        .filter((name) => !manifests.has(name))
        .sort(),
      changed: scan.manifests.filter((name) => Object.hasOwn(basis.manifests, name) && !sameFiles(name)),
    },
  };
}

/** Removes the query cache; the next query builds it afresh from the committed files. */
export async function dropQueryCache(root: string): Promise<void> {
  const path = queryCachePath(root);
  await rm(path, { force: true });
  await rm(`${path}.wal`, { force: true });
}
