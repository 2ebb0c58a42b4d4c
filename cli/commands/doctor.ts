/**
 * `provstat doctor`: checks a local warehouse for what killed runs and hand edits leave behind and,
 * with `--fix`, removes what is safe to remove. Data a manifest commits is never deleted: a broken
 * manifest is reported with what the operator should do.
 */
import { ABANDONED_AFTER_MS, findLeftovers, isAbandoned } from '../../adapters/local/sweep-abandoned.js';
import { LocalWarehouseStorage } from '../../adapters/local/local-storage.js';
import { modifiedAt, removeEntry } from '../../adapters/local/warehouse-entries.js';
import { checkCacheDrift, dropQueryCache, type CacheDrift } from '../../adapters/duckdb/cache-drift.js';
import { checkCommits, repairAdvice, type BrokenManifest } from '../../pipelines/warehouse/commit-check.js';
import { CliError } from '../cli-error.js';
import { startProgress } from '../progress.js';

/**
 * `abandoned`: older than the safe age, removed by `--fix` (`removed` once it was); `in-use?`:
 * younger, perhaps a run writing it now, left alone; `held`: may belong to an unreadable manifest;
 * `unknown-name`: not named as the pipeline names files, left for the operator.
 */
export type ItemStatus = 'abandoned' | 'removed' | 'in-use?' | 'held' | 'unknown-name';

export interface OrphanFile {
  readonly key: string;
  readonly table: string;
  readonly ageSeconds: number;
  readonly status: ItemStatus;
  /** The unreadable manifest the file may belong to (`held` only). */
  readonly heldBy: string | null;
}

/** The unlisted files of one source (by the SHA-256 their names give; null for other names). */
export interface OrphanSource {
  readonly sha256: string | null;
  readonly files: readonly OrphanFile[];
}

export interface LeftoverPiece {
  readonly kind: 'partial' | 'scratch';
  readonly key: string;
  readonly ageSeconds: number;
  readonly status: 'abandoned' | 'removed' | 'in-use?';
}

export interface ManifestProblem {
  readonly key: string;
  readonly problem: BrokenManifest['problem'];
  readonly sourceKey: string | null;
  readonly detail: string;
  readonly missing: readonly string[];
  readonly action: string;
}

export interface DoctorReport {
  readonly warehouse: string;
  readonly fix: boolean;
  /** True when nothing is left to do (young pieces that may be in use do not count). */
  readonly healthy: boolean;
  readonly checked: { readonly manifests: number; readonly files: number };
  readonly orphans: readonly OrphanSource[];
  readonly leftovers: readonly LeftoverPiece[];
  readonly manifests: readonly ManifestProblem[];
  readonly cache: CacheDrift & { readonly dropped: boolean };
  /** Warehouse keys removed by `--fix`. */
  readonly removed: readonly string[];
}

export interface DoctorOptions {
  readonly warehouse: string;
  readonly fix: boolean;
  /** The clock the ages are measured against. */
  readonly now?: number;
}

/** Checks the warehouse and, with `fix`, removes abandoned orphans and pieces and a drifted cache. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { warehouse: root, fix } = options;
  if ((await modifiedAt(root, '')) === null) throw new CliError(`the warehouse folder ${root} does not exist`, 2);
  const now = options.now ?? Date.now();
  const ageOf = (modifiedMs: number): number => Math.max(0, Math.floor((now - modifiedMs) / 1000));
  const removed: string[] = [];
  const remove = async (key: string): Promise<void> => {
    await removeEntry(root, key);
    removed.push(key);
  };

  let bar = startProgress(0, 'manifests');
  const commits = await checkCommits(new LocalWarehouseStorage(root), {
    counted: (total) => {
      bar = startProgress(total, 'manifests');
    },
    read: (key) => bar.advance(key),
  });
  bar.stop();

  const orphanFiles: (OrphanFile & { sha256: string | null })[] = [];
  for (const file of commits.unlisted) {
    const modified = await modifiedAt(root, file.key);
    if (modified === null) continue;
    let status: ItemStatus = file.sha256 === null ? 'unknown-name' : file.heldBy ? 'held' : 'abandoned';
    if (status === 'abandoned' && !isAbandoned({ modifiedMs: modified }, now)) status = 'in-use?';
    if (status === 'abandoned' && fix) {
      await remove(file.key);
      status = 'removed';
    }
    const { key, table, sha256, heldBy } = file;
    orphanFiles.push({ key, table, ageSeconds: ageOf(modified), status, heldBy, sha256 });
  }

  const leftovers: LeftoverPiece[] = [];
  for (const leftover of await findLeftovers(root)) {
    let status: LeftoverPiece['status'] = isAbandoned(leftover, now) ? 'abandoned' : 'in-use?';
    if (status === 'abandoned' && fix) {
      await remove(leftover.key);
      status = 'removed';
    }
    leftovers.push({ kind: leftover.kind, key: leftover.key, ageSeconds: ageOf(leftover.modifiedMs), status });
  }

  const manifests = commits.broken.map(
    (manifest): ManifestProblem => ({
      key: manifest.key,
      problem: manifest.problem,
      sourceKey: manifest.sourceKey,
      detail: manifest.detail,
      missing: manifest.missing,
      action: repairAdvice(manifest),
    }),
  );

  // Checked after the removals, which change the partition folders the cache compares against.
  const drift = await checkCacheDrift(root, commits.listedBy);
  const dropped = fix && (drift.state === 'drifted' || drift.state === 'unreadable');
  if (dropped) await dropQueryCache(root);

  const orphans = groupBySource(orphanFiles);
  const healthy =
    manifests.length === 0 &&
    orphanFiles.every((file) => file.status === 'removed' || file.status === 'in-use?') &&
    leftovers.every((piece) => piece.status !== 'abandoned') &&
    (drift.state === 'absent' || drift.state === 'current' || dropped);
  return {
    warehouse: root,
    fix,
    healthy,
    checked: { manifests: commits.manifests, files: commits.files },
    orphans,
    leftovers,
    manifests,
    cache: { ...drift, dropped },
    removed: removed.sort(),
  };
}

function groupBySource(files: readonly (OrphanFile & { sha256: string | null })[]): OrphanSource[] {
  const groups = new Map<string | null, OrphanFile[]>();
  for (const { sha256, ...file } of files) groups.set(sha256, [...(groups.get(sha256) ?? []), file]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
    .map(([sha256, grouped]) => ({ sha256, files: grouped }));
}

/** The report as JSON, in the shape documented in the README. */
export function formatDoctorJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const SAFE_AGE = `${ABANDONED_AFTER_MS / 60_000} minutes`;

/** The report for a person: one line per finding, then what to do. */
export function renderDoctorReport(report: DoctorReport): string {
  const lines = [
    `Checked ${report.warehouse}: ${count(report.checked.manifests, 'manifest')}, ` +
      `${count(report.checked.files, 'Parquet file')}.`,
  ];
  for (const source of report.orphans) {
    const who = source.sha256 ? `Source ${source.sha256.slice(0, 12)}…` : 'Files not named by the pipeline';
    lines.push(`${who}: ${count(source.files.length, 'Parquet file')} no manifest lists (queries never see them):`);
    for (const file of source.files) lines.push(`  ${file.key} (${age(file.ageSeconds)}): ${orphanStatus(file)}`);
  }
  for (const piece of report.leftovers) {
    const what = piece.kind === 'partial' ? 'Piece of an unfinished write' : 'Scratch folder of an unfinished write';
    lines.push(`${what} ${piece.key} (${age(piece.ageSeconds)}): ${pieceStatus(piece.status)}`);
  }
  for (const manifest of report.manifests) {
    const missing = manifest.missing.length > 0 ? ` (${manifest.missing.join(', ')})` : '';
    const problem = manifest.problem === 'unreadable' ? 'cannot be read' : 'lists files that are not there';
    lines.push(`Manifest ${manifest.key} ${problem}: ${manifest.detail}${missing}; ${manifest.action}.`);
  }
  lines.push(cacheLine(report.cache));
  if (report.removed.length > 0) lines.push(`Removed ${count(report.removed.length, 'item')}.`);
  if (report.healthy) lines.push('The warehouse is healthy.');
  else if (report.fix) lines.push('Problems remain that need the operator (see above).');
  else lines.push('Problems found; `provstat doctor --fix` removes what is abandoned (broken manifests excepted).');
  return `${lines.join('\n')}\n`;
}

function orphanStatus(file: OrphanFile): string {
  switch (file.status) {
    case 'held':
      return `kept: it may belong to the unreadable manifest ${file.heldBy}`;
    case 'unknown-name':
      return 'kept: not named as the pipeline names files; move or remove it by hand';
    default:
      return pieceStatus(file.status);
  }
}

function pieceStatus(status: ItemStatus): string {
  if (status === 'removed') return 'removed';
  if (status === 'abandoned') return 'abandoned; --fix removes it';
  return `in use? younger than ${SAFE_AGE}, left alone`;
}

function cacheLine(cache: DoctorReport['cache']): string {
  if (cache.state === 'absent') return 'Query cache: none yet (the next query builds it).';
  if (cache.state === 'current') return 'Query cache: up to date with the warehouse.';
  const action = cache.dropped
    ? 'dropped; the next query rebuilds it'
    : '--fix drops it and the next query rebuilds it';
  if (cache.state === 'unreadable') return `Query cache ${cache.path} cannot be read: ${action}.`;
  const changes = [
    [cache.manifests.added.length, 'manifest', 'added'],
    [cache.manifests.removed.length, 'manifest', 'removed'],
    [cache.manifests.changed.length, 'manifest', 'changed'],
    [cache.folders.added.length, 'partition folder', 'added'],
    [cache.folders.removed.length, 'partition folder', 'removed'],
    [cache.folders.changed.length, 'partition folder', 'changed'],
  ] as const;
  const since = changes
    .filter(([n]) => n > 0)
    .map(([n, noun, verb]) => `${count(n, noun)} ${verb}`)
    .join(', ');
  return `Query cache is behind the warehouse (${since} since it was built): ${action}.`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}

function age(seconds: number): string {
  if (seconds < 120) return `${seconds} s old`;
  if (seconds < 2 * 3600) return `${Math.floor(seconds / 60)} min old`;
  if (seconds < 2 * 86_400) return `${Math.floor(seconds / 3600)} h old`;
  return `${Math.floor(seconds / 86_400)} days old`;
}
