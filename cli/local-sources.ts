/**
 * Finds the files to ingest under the paths given on the command line and reads each one: its
 * SHA-256 (streamed, whatever the size) and, when it is under the size limit, its bytes.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describeLanding } from '../pipelines/ingest/landing-path.js';
import type { SourceInput } from '../pipelines/ingest/ingest-source.js';
import { usageError } from './cli-error.js';

/** Every file under the given files and folders, in a stable order. */
export async function findSourceFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw usageError(`no such file or folder: ${path}`);
    if (info.isFile()) {
      files.push(absolute);
      continue;
    }
    const entries = await readdir(absolute, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (entry.isFile()) files.push(join(entry.parentPath, entry.name));
    }
  }
  return [...new Set(files)].sort();
}

/**
 * Reads one local file as a pipeline source, uploaded at `uploadedAt` or else when it was last
 * modified (what a copy from the province's upload keeps with `cp -p`, rsync or `aws s3 sync`).
 */
export async function readLocalSource(path: string, maxBytes: number, uploadedAt?: Date): Promise<SourceInput> {
  const { size, mtime } = await stat(path);
  const bytes = size <= maxBytes ? await readFile(path) : null;
  const sha256 = bytes ? createHash('sha256').update(bytes).digest('hex') : await hashStream(path);
  return { landing: describeLanding(displayPath(path)), sizeBytes: size, sha256, bytes, upload: { at: uploadedAt ?? mtime, sequence: null } };
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
