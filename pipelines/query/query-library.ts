/**
 * The one reader of query files: the package's `queries/` (or the copy beside a Lambda bundle), or
 * any `.sql` file an analyst names. The CLI, the rollup function and the stack's named queries all
 * read queries through here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readQueryFile, type QueryFile } from './query-file.js';

export type QueryLibrary = ReadonlyMap<string, QueryFile>;

/** How many folders up from this module the package's root may be (source, dist/ or a bundle). */
const MAX_DEPTH = 6;

/**
 * The `queries/` folder of the provstat package this module belongs to: beside the nearest
 * `package.json` named `provstat` above it (the repository, or a Lambda bundle, which carries one).
 */
export function findQueryFolder(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let folder = from;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'provstat') {
      const queries = join(folder, 'queries');
      if (existsSync(queries)) return queries;
      throw new Error(`the provstat package at ${folder} has no queries/ folder`);
    }
    folder = dirname(folder);
  }
  throw new Error(`cannot find the provstat package (and its queries/) above ${from}`);
}

/** Reads every `*.sql` in `folder`, by name; a file whose header does not match its placeholders is an error. */
export function readQueryLibrary(folder: string = findQueryFolder()): QueryLibrary {
  const library = new Map<string, QueryFile>();
  for (const name of readdirSync(folder)
    .filter((file) => file.endsWith('.sql'))
    .sort()) {
    const query = readQueryPath(join(folder, name));
    library.set(query.name, query);
  }
  return library;
}

/** Reads one query file; a file whose header does not match its placeholders is an error. */
export function readQueryPath(path: string): QueryFile {
  const reading = readQueryFile(readFileSync(path, 'utf8'), basename(path, '.sql'));
  if (!reading.ok) throw new Error(`${path}: ${reading.reason}`);
  return reading.query;
}

/** A query of the library, or an error naming the ones there are. */
export function requireQuery(library: QueryLibrary, name: string): QueryFile {
  const query = library.get(name);
  if (!query)
    throw new Error(`there is no query named ${name}; the queries are: ${[...library.keys()].join(', ') || 'none'}`);
  return query;
}
