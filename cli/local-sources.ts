/**
 * Finds the files to ingest under the paths given on the command line and reads each one: its
 * SHA-256 (streamed, whatever the size) and, when it is under the size limit, its bytes.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describeLanding } from '../pipelines/ingest/landing-path.js';
import type { SourceInput } from '../pipelines/ingest/ingest-source.js';
import { usageError } from './cli-error.js';

/** Something under a landing folder that is not ingested, with why. */
export interface SkippedEntry {
  readonly path: string;
  readonly reason: string;
}

/** Every file under the given files and folders, in a stable order. */
export async function findSourceFiles(paths: readonly string[]): Promise<string[]> {
  return (await findSources(paths)).files;
}

/**
 * Every file under the given files and folders, in a stable order, and every other entry there
 * with why it is not ingested: a symbolic link to a regular file inside the same folder is
 * followed (once: it is read as the file it names, under its own path); a link leading outside,
 * to a folder or nowhere, a FIFO, a socket or a device is reported, never read.
 */
export async function findSources(paths: readonly string[]): Promise<{ files: string[]; skipped: SkippedEntry[] }> {
  const files: string[] = [];
  const skipped: SkippedEntry[] = [];
  for (const path of paths) {
    const absolute = resolve(path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw usageError(`no such file or folder: ${path}`);
    if (info.isFile()) {
      files.push(absolute);
      continue;
    }
    if (!info.isDirectory()) {
      skipped.push({
        path: absolute,
        reason: 'not a regular file (a FIFO, socket or device); only files are ingested',
      });
      continue;
    }
    const root = await realpath(absolute);
    const entries = await readdir(absolute, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      const entryPath = join(entry.parentPath, entry.name);
      if (entry.isFile()) files.push(entryPath);
      else if (entry.isSymbolicLink()) {
        const problem = await symlinkProblem(entryPath, root);
        if (problem) skipped.push({ path: entryPath, reason: problem });
        else files.push(entryPath);
      } else if (!entry.isDirectory()) {
        skipped.push({
          path: entryPath,
          reason: 'not a regular file (a FIFO, socket or device); only files are ingested',
        });
      }
    }
  }
  const unique = (list: readonly string[]) => [...new Set(list)].sort();
  return {
    files: unique(files),
    skipped: [...new Map(skipped.map((entry) => [entry.path, entry])).values()].sort((a, b) =>
      a.path < b.path ? -1 : 1,
    ),
  };
}

/** Why a symbolic link is not followed; undefined when it names a regular file inside `root`. */
async function symlinkProblem(path: string, root: string): Promise<string | undefined> {
  const target = await realpath(path).catch(() => undefined);
  if (target === undefined) return 'a symbolic link to nothing; send the file itself';
  const inside = relative(root, target);
  if (inside.startsWith('..') || isAbsolute(inside))
    return 'a symbolic link to a file outside the landing folder, which is not read';
  const info = await stat(target).catch(() => undefined);
  if (!info?.isFile()) return 'a symbolic link to something that is not a regular file';
  return undefined;
}

/**
 * Files up to this size are read synchronously: a province's usual upload is then two system calls,
 * not five trips through Node's thread pool (which took most of a small file's read).
 */
const READ_AT_ONCE_BYTES = 1024 * 1024;

/**
 * Reads one local file as a pipeline source, uploaded at `uploadedAt` or else when it was last
 * modified (what a copy from the province's upload keeps with `cp -p`, rsync or `aws s3 sync`).
 */
export async function readLocalSource(path: string, maxBytes: number, uploadedAt?: Date): Promise<SourceInput> {
  const { size, mtime } = statSync(path);
  const bytes = size > maxBytes ? null : size <= READ_AT_ONCE_BYTES ? readFileSync(path) : await readFile(path);
  const sha256 = bytes ? createHash('sha256').update(bytes).digest('hex') : await hashStream(path);
  return {
    landing: describeLanding(displayPath(path)),
    sizeBytes: size,
    sha256,
    bytes,
    upload: { at: uploadedAt ?? mtime, sequence: null },
  };
}

/** The path as the user sees it: relative to the working folder when it is inside it. */
export function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  const shown = fromHere && !fromHere.startsWith('..') && !isAbsolute(fromHere) ? fromHere : path;
  return shown.split(sep).join('/');
}

async function hashStream(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
