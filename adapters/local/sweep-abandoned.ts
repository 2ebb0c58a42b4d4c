/**
 * Removes what killed runs left in a local warehouse: hidden `.partial` files beside the real
 * files and write folders under `.scratch/`, whatever source they were for. Only those older than
 * a safe age go, since another run may be writing the younger ones right now.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** A piece or scratch folder older than this was left by a run that is no longer writing. */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** The folders whose hidden `.partial` files are swept, each searched to its partition folders. */
const SWEPT_FOLDERS = ['facts', 'rejections', 'ingestions', 'reference'];

/** A piece of an unfinished write: a hidden `.partial` file or a write folder under `.scratch/`. */
export interface Leftover {
  readonly kind: 'partial' | 'scratch';
  /** Absolute path. */
  readonly path: string;
  /** Path relative to the warehouse root, with `/`. */
  readonly key: string;
  /** When it was last written: for a scratch folder, the time of its youngest file. */
  readonly modifiedMs: number;
}

/** The pieces and scratch folders of unfinished writes, young and old, sorted by path. */
export async function findLeftovers(root: string): Promise<Leftover[]> {
  const found: Leftover[] = [];
  const add = (kind: Leftover['kind'], path: string, modifiedMs: number): void => {
    found.push({ kind, path, key: relative(root, path).split(sep).join('/'), modifiedMs });
  };
  for (const folder of SWEPT_FOLDERS) {
    const entries = await readdir(join(root, folder), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.startsWith('.') || !entry.name.endsWith('.partial')) continue;
      const path = join(entry.parentPath, entry.name);
      const info = await stat(path).catch(() => undefined);
      if (info) add('partial', path, info.mtimeMs);
    }
  }
  // A long run reuses its scratch folder, overwriting files in place: the folder is as young as
  // its youngest file.
  const scratch = await readdir(join(root, '.scratch'), { withFileTypes: true }).catch(() => []);
  for (const entry of scratch) {
    const path = join(root, '.scratch', entry.name);
    const inside = entry.isDirectory() ? await readdir(path).catch(() => [] as string[]) : [];
    const times = await Promise.all(
      [path, ...inside.map((name) => join(path, name))].map((item) =>
        stat(item).then(
          (info) => info.mtimeMs,
          () => 0,
        ),
      ),
    );
    add('scratch', path, Math.max(...times));
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Whether a leftover is old enough to have been abandoned. */
export function isAbandoned(leftover: { readonly modifiedMs: number }, now: number, olderThanMs = ABANDONED_AFTER_MS) {
  return leftover.modifiedMs < now - olderThanMs;
}

/** Removes abandoned pieces and scratch folders; returns the paths removed. */
export async function sweepAbandoned(
  root: string,
  options: { now?: number; olderThanMs?: number } = {},
): Promise<string[]> {
  const now = options.now ?? Date.now();
  const removed: string[] = [];
  for (const leftover of await findLeftovers(root)) {
    if (!isAbandoned(leftover, now, options.olderThanMs)) continue;
    await rm(leftover.path, { recursive: true, force: true });
    removed.push(leftover.path);
  }
  return removed.sort();
}
