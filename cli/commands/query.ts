/** `provstat query NAME-or-FILE.sql`: a query from queries/ (or any file) on the local warehouse, or on Athena. */
import { existsSync } from 'node:fs';
import { runLocalQuery } from '../../adapters/duckdb/local-query-runner.js';
import { LocalWarehouseStorage } from '../../adapters/local/local-storage.js';
import { bindParameters, type QueryFile } from '../../pipelines/query/query-file.js';
import { readQueryLibrary, readQueryPath } from '../../pipelines/query/query-library.js';
import type { QueryResult } from '../../pipelines/query/query-runner.js';
import { CliError, usageError } from '../cli-error.js';
import { localViewOptions } from '../local-warehouse.js';

/** Loads a query by name (from queries/) or by path. */
export function loadQuery(nameOrFile: string): QueryFile {
  const isPath = nameOrFile.endsWith('.sql') || nameOrFile.includes('/');
  if (isPath && !existsSync(nameOrFile)) throw usageError(`no such query file: ${nameOrFile}`);
  try {
    if (isPath) return readQueryPath(nameOrFile);
    const library = readQueryLibrary();
    const query = library.get(nameOrFile);
    if (!query)
      throw usageError(`there is no query named ${nameOrFile}; the queries are: ${[...library.keys()].join(', ')}`);
    return query;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw usageError(error instanceof Error ? error.message : String(error));
  }
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

/** Where a query runs: DuckDB over the local warehouse (the default), or Athena in AWS. */
export type QueryEngineOptions =
  | { readonly engine: 'duckdb' }
  | {
      readonly engine: 'athena';
      /** Workgroup, else $ATHENA_WORKGROUP. */
      readonly workGroup?: string | undefined;
      /** Glue database holding the warehouse views, else $GLUE_DATABASE. */
      readonly database?: string | undefined;
      /** Region, else the AWS environment's. */
      readonly region?: string | undefined;
    };

/** Runs a query on the local warehouse, or with `--engine athena` on Athena. */
export async function runQueryCommand(
  nameOrFile: string,
  params: readonly string[],
  warehouse: string,
  engine: QueryEngineOptions = { engine: 'duckdb' },
): Promise<{ query: QueryFile; result: QueryResult }> {
  const query = loadQuery(nameOrFile);
  const bound = bindParameters(query, parseParams(params));
  if (!bound.ok) throw usageError(bound.reason);
  if (engine.engine === 'athena') return { query, result: await runAthenaQuery(query, bound.values, engine) };
  if (!existsSync(warehouse))
    throw new CliError(`there is no warehouse at ${warehouse}: run "provstat ingest" first, or give --warehouse`, 1);
  try {
    return {
      query,
      result: await runLocalQuery(
        query,
        bound.values,
        new LocalWarehouseStorage(warehouse),
        localViewOptions(warehouse),
      ),
    };
  } catch (error) {
    throw new CliError(
      `the query ${query.name} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      1,
      { cause: error },
    );
  }
}

async function runAthenaQuery(
  query: QueryFile,
  values: readonly string[],
  options: Extract<QueryEngineOptions, { engine: 'athena' }>,
): Promise<QueryResult> {
  const workGroup = options.workGroup ?? (process.env.ATHENA_WORKGROUP || undefined);
  const database = options.database ?? (process.env.GLUE_DATABASE || undefined);
  if (!workGroup) throw usageError('--engine athena needs --workgroup (or ATHENA_WORKGROUP in the environment)');
  if (!database)
    throw usageError(
      '--engine athena needs --database, the Glue database of the warehouse (or GLUE_DATABASE in the environment)',
    );
  // stderr carries one sentence per error: keep the SDK's notice about its future Node 22 floor off it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Loaded only for Athena, so local queries never load the AWS SDK.
  const [{ AthenaClient }, { AthenaQueryRunner }, { AthenaQueryError }, { athenaClientConfig }] = await Promise.all([
    import('@aws-sdk/client-athena'),
    import('../../adapters/aws/athena-query-runner.js'),
    import('../../adapters/aws/errors.js'),
    import('../../adapters/aws/athena-client.js'),
  ]);
  const client = new AthenaClient(athenaClientConfig(options.region ? { region: options.region } : {}));
  const runner = new AthenaQueryRunner({ client, workGroup, database });
  try {
    return await runner.run(query, values);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new CliError(
      error instanceof AthenaQueryError ? message : `the query ${query.name} failed on Athena: ${message}`,
      1,
      { cause: error },
    );
  } finally {
    await runner.close();
  }
}

/** The line above a result table: the query's name, its parameters and its purpose. */
export function queryTitle(query: QueryFile, params: readonly string[]): string {
  return `${[query.name, ...params].join(' ')}${query.purpose ? `: ${query.purpose}` : ''}`;
}
