/**
 * Checks a warehouse's commit records against its files, over the storage port so it runs on a
 * local folder or a bucket alike: manifests that do not parse or list files that are gone, and
 * Parquet files no manifest lists (the views never show them; a killed run or a source without a
 * manifest leaves them). It changes nothing.
 */
import { MANIFEST_FOLDER, ManifestSchema } from './manifest.js';
import { PARTITIONED_TABLES, type PartitionedTable } from './layout.js';
import type { WarehouseStorage } from './warehouse-storage.js';

/** A manifest the views cannot honour as it stands. */
export interface BrokenManifest {
  /** `ingestions/<sha256>[--<province>-<period>].json`. */
  readonly key: string;
  /** `unreadable`: not JSON or not a manifest; `missing-files`: it lists files that are not there. */
  readonly problem: 'unreadable' | 'missing-files';
  /** The landing key of its source, when the manifest says it. */
  readonly sourceKey: string | null;
  /** From the manifest's name, when it has the form the pipeline gives it. */
  readonly sha256: string | null;
  /** What is wrong, in one phrase. */
  readonly detail: string;
  /** The listed files that are missing (`missing-files` only). */
  readonly missing: readonly string[];
}

/** A Parquet file under `facts/` or `rejections/` that no manifest lists. */
export interface UnlistedFile {
  readonly key: string;
  readonly table: PartitionedTable;
  /** The source's SHA-256 when the file is named as the pipeline names files, else null. */
  readonly sha256: string | null;
  /**
   * An unreadable manifest of the same bytes: the file may be its, so it is kept until the manifest
   * is repaired or removed.
   */
  readonly heldBy: string | null;
}

export interface CommitCheck {
  readonly manifests: number;
  /** The files each manifest lists, by manifest key (none for one that cannot be read). */
  readonly listedBy: ReadonlyMap<string, readonly string[]>;
  readonly files: number;
  readonly broken: readonly BrokenManifest[];
  readonly unlisted: readonly UnlistedFile[];
}

const SHA256_NAME = /^([0-9a-f]{64})(?:--[^/]+)?\.(?:parquet|json)$/;

/** The SHA-256 a pipeline-written file or manifest name starts with, or null for another name. */
export function sha256OfKey(key: string): string | null {
  return SHA256_NAME.exec(key.slice(key.lastIndexOf('/') + 1))?.[1] ?? null;
}

/** Told how many manifests there are, then of each one read, for progress on a large warehouse. */
export interface CheckProgress {
  counted?(manifests: number): void;
  read?(key: string): void;
}

/** Reads every manifest and lists every Parquet file. */
export async function checkCommits(storage: WarehouseStorage, progress: CheckProgress = {}): Promise<CommitCheck> {
  const manifestKeys = (await storage.list(MANIFEST_FOLDER)).filter((key) => key.endsWith('.json'));
  progress.counted?.(manifestKeys.length);
  const files: string[] = [];
  for (const table of PARTITIONED_TABLES)
    files.push(...(await storage.list(`${table}/`)).filter((key) => key.endsWith('.parquet')));
  const present = new Set(files);
  const listed = new Set<string>();
  const listedBy = new Map<string, readonly string[]>();
  const broken: BrokenManifest[] = [];
  for (let start = 0; start < manifestKeys.length; start += 64) {
    const batch = manifestKeys.slice(start, start + 64);
    const texts = await Promise.all(batch.map((key) => storage.readText(key)));
    batch.forEach((key, index) => {
      const files: string[] = [];
      const finding = checkManifest(key, texts[index], present, files);
      for (const file of files) listed.add(file);
      if (texts[index] !== undefined) listedBy.set(key, files);
      if (finding) broken.push(finding);
      progress.read?.(key);
    });
  }
  const unreadable = new Map<string, string>();
  for (const manifest of broken)
    if (manifest.problem === 'unreadable' && manifest.sha256) unreadable.set(manifest.sha256, manifest.key);
  const unlisted = files
    .filter((key) => !listed.has(key))
    .map((key): UnlistedFile => {
      const sha256 = sha256OfKey(key);
      return {
        key,
        table: key.slice(0, key.indexOf('/')) as PartitionedTable,
        sha256,
        heldBy: sha256 ? (unreadable.get(sha256) ?? null) : null,
      };
    });
  return { manifests: manifestKeys.length, listedBy, files: files.length, broken, unlisted };
}

/** One manifest's problem, if any; the files it lists are added to `listed`. */
function checkManifest(
  key: string,
  text: string | undefined,
  present: ReadonlySet<string>,
  listed: string[],
): BrokenManifest | null {
  const sha256 = sha256OfKey(key);
  const unreadable = (detail: string, sourceKey: string | null = null): BrokenManifest => ({
    key,
    problem: 'unreadable',
    sourceKey,
    sha256,
    detail,
    missing: [],
  });
  // Gone between the listing and the read: another process replaced or removed it.
  if (text === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return unreadable('it is not JSON');
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : '';
    const sourceKey = (json as { source_key?: unknown } | null)?.source_key;
    return unreadable(
      `it is not a manifest (${issue?.message ?? 'schema mismatch'}${where})`,
      typeof sourceKey === 'string' ? sourceKey : null,
    );
  }
  listed.push(...parsed.data.files);
  const missing = parsed.data.files.filter((file) => !present.has(file));
  if (missing.length === 0) return null;
  return {
    key,
    problem: 'missing-files',
    sourceKey: parsed.data.source_key,
    sha256,
    detail: `${missing.length} of its ${parsed.data.files.length} files ${missing.length === 1 ? 'is' : 'are'} missing`,
    missing,
  };
}

/** What the operator does about a broken manifest: nothing is repaired by deleting data. */
export function repairAdvice(manifest: BrokenManifest): string {
  const binding = /--(.+)-(\d{4}Q[1-4]|none)\.json$/.exec(manifest.key);
  const bound = binding ? ` uploaded for province ${binding[1]}, period ${binding[2]}` : '';
  const source = manifest.sourceKey
    ? `"${manifest.sourceKey}"`
    : `the file with SHA-256 ${manifest.sha256 ?? 'named in it'}${bound}`;
  return `remove ${manifest.key} and ingest ${source} again (with the same --province/--period if it had them)`;
}
