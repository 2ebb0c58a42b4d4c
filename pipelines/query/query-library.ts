/** The query files of a folder (queries/ in the package, or beside a Lambda bundle), by name. */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readQueryFile, type QueryFile } from './query-file.js';

export type QueryLibrary = ReadonlyMap<string, QueryFile>;

/** Reads every `*.sql` in `folder`; a file whose header does not match its placeholders is an error. */
export async function readQueryLibrary(folder: string): Promise<QueryLibrary> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.sql')).sort();
  const library = new Map<string, QueryFile>();
  for (const name of names) {
    const reading = readQueryFile(await readFile(join(folder, name), 'utf8'), basename(name, '.sql'));
    if (!reading.ok) throw new Error(`${join(folder, name)}: ${reading.reason}`);
    library.set(reading.query.name, reading.query);
  }
  return library;
}

/** A query of the library, or an error naming the ones there are. */
export function requireQuery(library: QueryLibrary, name: string): QueryFile {
  const query = library.get(name);
  if (!query) throw new Error(`the query ${name} is missing from the query folder (found: ${[...library.keys()].join(', ') || 'none'})`);
  return query;
}
