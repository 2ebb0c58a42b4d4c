/**
 * Removes what killed runs left in a local warehouse: hidden `.partial` files beside the real
 * files and write folders under `.scratch/`, whatever source they were for. Only those older than
 * a safe age go, since another run may be writing the younger ones right now.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A piece or scratch folder older than this was left by a run that is no longer writing. */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** The folders whose hidden `.partial` files are swept, each searched to its partition folders. */
const SWEPT_FOLDERS = ['facts', 'rejections', 'ingestions', 'reference'];

/** Removes abandoned pieces and scratch folders; returns the paths removed. */
export async function sweepAbandoned(
  root: string,
  options: { now?: number; olderThanMs?: number } = {},
): Promise<string[]> {
  const cutoff = (options.now ?? Date.now()) - (options.olderThanMs ?? ABANDONED_AFTER_MS);
  const removed: string[] = [];
  const removeIfOld = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => undefined);
    if (info && info.mtimeMs < cutoff) {
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    }
  };
  for (const folder of SWEPT_FOLDERS) {
    const entries = await readdir(join(root, folder), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isFile() && entry.name.startsWith('.') && entry.name.endsWith('.partial'))
        await removeIfOld(join(entry.parentPath, entry.name));
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
    if (Math.max(...times) < cutoff) {
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    }
  }
  return removed.sort();
}
