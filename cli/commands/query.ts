/** `provstat query NAME-or-FILE.sql`: a query from queries/ (or any file) on the local warehouse. */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeCsv } from '../../pipelines/csv/write-csv.js';
import { bindParameters, readQueryFile, type QueryFile } from '../../pipelines/query/query-file.js';
import { runLocalQuery } from '../../pipelines/query/run-local-query.js';
import type { QueryResult } from '../../pipelines/warehouse/duckdb-database.js';
import { LocalWarehouseStorage } from '../../pipelines/warehouse/local-storage.js';
import { CliError, usageError } from '../cli-error.js';
import { renderTable } from '../output.js';
import { projectRoot } from '../project-root.js';

export type OutputFormat = 'table' | 'csv' | 'json';

/** The named queries shipped in queries/. */
export async function listQueryNames(): Promise<string[]> {
  const entries = await readdir(join(projectRoot(), 'queries')).catch(() => []);
  return entries.filter((name) => name.endsWith('.sql')).map((name) => name.slice(0, -4)).sort();
}

/** Loads a query by name (from queries/) or by path. */
export async function loadQuery(nameOrFile: string): Promise<QueryFile> {
  const isPath = nameOrFile.endsWith('.sql') || nameOrFile.includes('/');
  const path = isPath ? nameOrFile : join(projectRoot(), 'queries', `${nameOrFile}.sql`);
  if (!existsSync(path)) {
    if (isPath) throw usageError(`no such query file: ${nameOrFile}`);
    throw usageError(`there is no query named ${nameOrFile}; the queries are: ${(await listQueryNames()).join(', ')}`);
  }
  const reading = readQueryFile(await readFile(path, 'utf8'), basename(path, '.sql'));
  if (!reading.ok) throw usageError(`${path}: ${reading.reason}`);
  return reading.query;
}

/** Parses repeated `--param k=v` options. */
export function parseParams(params: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const param of params) {
    const equals = param.indexOf('=');
    if (equals <= 0) throw usageError(`--param takes name=value, not "${param}"`);
    values.set(param.slice(0, equals).trim(), param.slice(equals + 1));
  }
  return values;
}

/** Runs a query on the local warehouse. */
export async function runQueryCommand(nameOrFile: string, params: readonly string[], warehouse: string): Promise<{ query: QueryFile; result: QueryResult }> {
  const query = await loadQuery(nameOrFile);
  const bound = bindParameters(query, parseParams(params));
  if (!bound.ok) throw usageError(bound.reason);
  if (!existsSync(warehouse)) throw new CliError(`there is no warehouse at ${warehouse}: run "provstat ingest" first, or give --warehouse`, 1);
  try {
    return { query, result: await runLocalQuery(query, bound.values, new LocalWarehouseStorage(warehouse)) };
  } catch (error) {
    throw new CliError(`the query ${query.name} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, 1, { cause: error });
  }
}

/** The result in the requested format; a table is headed by the query's name, parameters and purpose. */
export function formatQueryResult(result: QueryResult, format: OutputFormat, heading?: { query: QueryFile; params: readonly string[] }): string {
  switch (format) {
    case 'csv': return writeCsv(result.columns, result.rows);
    case 'json': return `${JSON.stringify(result.rows, null, 2)}\n`;
    case 'table': {
      const title = heading ? `${[heading.query.name, ...heading.params].join(' ')}${heading.query.purpose ? `: ${heading.query.purpose}` : ''}\n` : '';
      const count = `${result.rows.length} ${result.rows.length === 1 ? 'row' : 'rows'}`;
      return `${title}${renderTable(result.columns, result.rows.map((row) => result.columns.map((column) => row[column] ?? null)))}\n${count}\n`;
    }
  }
}
