/** Shared test helpers: temporary folders and a DuckDB session over a warehouse folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbDatabase } from '../adapters/duckdb/duckdb-database.js';
import { ParquetSourceWriter } from '../adapters/duckdb/parquet-source-writer.js';
import { createWarehouseViews } from '../adapters/duckdb/warehouse-views.js';
import { LocalWarehouseStorage } from '../adapters/local/local-storage.js';
import type { FactDraft, RejectionDraft, SourceOutline } from '../pipelines/facts/source-result.js';
import type { ResultRow, SqlValue } from '../pipelines/query/query-runner.js';
import type { SourceProvenance, WrittenSource } from '../pipelines/warehouse/source-writer.js';

export const PROJECT_ROOT = new URL('../', import.meta.url).pathname;
export const SAMPLES = join(PROJECT_ROOT, 'samples', 'incoming');
/** The sample national backfill: outside incoming/, as only an operator's local file may be. */
export const SAMPLE_BACKFILL = join(PROJECT_ROOT, 'samples', 'national-backfill-2025.csv');
/** Everything `npm start` ingests: the province uploads and the backfill. */
export const SAMPLE_SOURCES = [SAMPLES, SAMPLE_BACKFILL];

/** A fresh temporary folder; remove it with `removeFolder`. */
export async function makeTemporaryFolder(prefix = 'provstat-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeFolder(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

/** Runs one query over the views of a local warehouse (read through its query cache, as the CLI reads it). */
export async function queryWarehouse(
  warehouse: string,
  sql: string,
  parameters: SqlValue[] = [],
): Promise<readonly ResultRow[]> {
  const database = await DuckDbDatabase.open();
  try {
    await createWarehouseViews(database, new LocalWarehouseStorage(warehouse), { cache: { root: warehouse } });
    return (await database.query(sql, parameters)).rows;
  } finally {
    database.close();
  }
}

/** The writer the CLI composes for a local warehouse: DuckDB writing straight into its partition folders. */
export function localWriter(storage: LocalWarehouseStorage, database: DuckDbDatabase): ParquetSourceWriter {
  return new ParquetSourceWriter({ storage, database, localRoot: storage.root });
}

/** A reading that hands facts and rejections over as it goes, and returns the rest of its result. */
export type SourceReading = (
  onFact: (fact: FactDraft) => void,
  onRejection: (rejection: RejectionDraft) => void,
) => SourceOutline;

/** Writes one source through the local writer: what `read` hands over, then its outline's rejections, then the commit. */
export async function writeLocalSource(
  read: SourceReading,
  provenance: SourceProvenance,
  storage: LocalWarehouseStorage,
  database: DuckDbDatabase,
): Promise<WrittenSource> {
  const write = await localWriter(storage, database).open(provenance);
  try {
    const outline = read(
      (fact) => write.addFact(fact),
      (rejection) => write.addRejection(rejection),
    );
    for (const rejection of outline.rejections) write.addRejection(rejection);
    return await write.commit(outline);
  } finally {
    await write.abort();
  }
}
