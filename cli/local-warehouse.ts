/**
 * The CLI's warehouse: a local folder, composed from the adapters. Ingest writes with DuckDB
 * straight into its partition folders; queries read through the local query cache.
 */
import { availableParallelism } from 'node:os';
import { DuckDbDatabase } from '../adapters/duckdb/duckdb-database.js';
import { ParquetSourceWriter } from '../adapters/duckdb/parquet-source-writer.js';
import { ensureReferenceTables } from '../adapters/duckdb/reference-tables.js';
import type { WarehouseViewOptions } from '../adapters/duckdb/warehouse-views.js';
import { LocalWarehouseStorage } from '../adapters/local/local-storage.js';
import { sweepAbandoned } from '../adapters/local/sweep-abandoned.js';
import type { SourceWriter } from '../pipelines/warehouse/source-writer.js';
import { announceCacheRefresh } from './progress.js';

/**
 * Sources ingested at the same time, each on its own DuckDB connection: two per core, at most
 * four. A small source spends most of its time waiting for DuckDB and the file system, so while
 * one waits another is read and checked.
 */
const CONCURRENCY = Math.max(1, Math.min(4, availableParallelism() * 2));

/** The views over a local warehouse read its query cache, and say on stderr when it reads thousands of files. */
export function localViewOptions(root: string): WarehouseViewOptions {
  return { cache: { root, onRefresh: announceCacheRefresh } };
}

export interface LocalWriters {
  readonly storage: LocalWarehouseStorage;
  readonly writers: readonly SourceWriter[];
  close(): Promise<void>;
}

/**
 * Opens the warehouse folder for writing `sources` sources: what killed runs left swept away, its
 * reference tables written if they are missing or old, and one writer per source written at the
 * same time.
 */
export async function openLocalWriters(root: string, sources: number): Promise<LocalWriters> {
  const storage = new LocalWarehouseStorage(root, { reuseScratch: true });
  const database = await DuckDbDatabase.open();
  const connections: DuckDbDatabase[] = [database];
  const close = async (): Promise<void> => {
    for (const connection of connections.slice(1)) connection.close();
    database.close();
    await storage.close();
  };
  try {
    await sweepAbandoned(root);
    await ensureReferenceTables(storage, database);
    while (connections.length < Math.min(CONCURRENCY, Math.max(1, sources))) connections.push(await database.connect());
  } catch (error) {
    await close();
    throw error;
  }
  const writers = connections.map(
    (connection) => new ParquetSourceWriter({ storage, database: connection, localRoot: root }),
  );
  return { storage, writers, close };
}
