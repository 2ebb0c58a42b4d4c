/**
 * The warehouse in a local folder. A file is written under a hidden name in the same folder and
 * renamed into place, so a query never sees half a file, even if the process is killed.
 *
 * A source's writes are a few small system calls (a manifest of a few hundred bytes, a rename),
 * made synchronously: each asynchronous call is a trip through Node's thread pool and back, which
 * costs several times the call itself and, for a small source, a good part of its ingest.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, type Dirent } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { WarehouseStorage } from '../../pipelines/warehouse/warehouse-storage.js';

/** Folder for files being written; hidden, so no warehouse glob ever matches it. */
const SCRATCH_FOLDER = '.scratch';

export class LocalWarehouseStorage implements WarehouseStorage {
  /** Scratch folders made by this storage, and those of them free for the next write. */
  private readonly scratchFolders = new Set<string>();
  private readonly freeScratch: string[] = [];

  /**
   * With `reuseScratch`, a released scratch folder is kept for the next write instead of removed,
   * for a run of many writes that calls `close()` at its end; otherwise each write's folder goes.
   */
  constructor(
    readonly root: string,
    private readonly options: { readonly reuseScratch?: boolean } = {},
  ) {}

  locate(key: string): string {
    return join(this.root, ...key.split('/'));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(this.locate(key));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async readText(key: string): Promise<string | undefined> {
    try {
      return readFileSync(this.locate(key), 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const target = this.locate(key);
    // The scratch folder is inside the warehouse, so this is a same-filesystem, atomic rename.
    inFolder(target, () => renameSync(localPath, target));
  }

  async putText(key: string, text: string): Promise<void> {
    const target = this.locate(key);
    const partial = join(dirname(target), `.${randomUUID()}.partial`);
    inFolder(target, () => writeFileSync(partial, text));
    renameSync(partial, target);
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (folder: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const path = join(folder, entry.name);
        if (entry.isDirectory()) await walk(path);
        else keys.push(relative(this.root, path).split(sep).join('/'));
      }
    };
    const start = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    await walk(this.locate(start));
    return keys.filter((key) => key.startsWith(prefix)).sort();
  }

  /**
   * A scratch folder, reused from an earlier write when one is free (with `reuseScratch`):
   * creating and deleting folders is what costs most in a run of many small sources, so a reused
   * folder stays, with its files, for the next write. `close()` removes them.
   */
  async createScratch(): Promise<string> {
    const free = this.freeScratch.pop();
    if (free !== undefined) return free;
    const parent = join(this.root, SCRATCH_FOLDER);
    await mkdir(parent, { recursive: true });
    const path = await mkdtemp(join(parent, 'write-'));
    if (this.options.reuseScratch) this.scratchFolders.add(path);
    return path;
  }

  /** Frees a scratch folder for the next write: its subfolders go, its files stay to be overwritten. */
  async releaseScratch(path: string): Promise<void> {
    if (!this.scratchFolders.has(path)) {
      await rm(path, { recursive: true, force: true });
      return;
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch {
      entries = [];
    }
    await Promise.all(
      entries
        .filter((entry) => entry.isDirectory())
        .map((entry) => rm(join(path, entry.name), { recursive: true, force: true })),
    );
    this.freeScratch.push(path);
  }

  /** Removes the scratch folders kept for reuse; the storage stays usable. */
  async close(): Promise<void> {
    const folders = [...this.scratchFolders];
    this.scratchFolders.clear();
    this.freeScratch.length = 0;
    await Promise.all(folders.map((path) => rm(path, { recursive: true, force: true })));
  }
}

/**
 * Runs `write`, which puts a file at `target`; when the target's folder does not exist yet, creates
 * it and runs `write` again (a folder that exists, the usual case, costs no call to look for it).
 */
function inFolder(target: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if (!isMissing(error)) throw error;
    mkdirSync(dirname(target), { recursive: true });
    write();
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
