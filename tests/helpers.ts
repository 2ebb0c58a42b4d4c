/** Shared test helpers: temporary folders and a DuckDB session over a warehouse folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbDatabase, type ResultRow, type SqlValue } from '../pipelines/warehouse/duckdb-database.js';
import { LocalWarehouseStorage } from '../pipelines/warehouse/local-storage.js';
import { createWarehouseViews } from '../pipelines/warehouse/warehouse-views.js';

export const PROJECT_ROOT = new URL('../', import.meta.url).pathname;
export const SAMPLES = join(PROJECT_ROOT, 'samples', 'incoming');

/** A fresh temporary folder; remove it with `removeFolder`. */
export async function makeTemporaryFolder(prefix = 'provstat-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeFolder(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

/** Runs one query over the views of a local warehouse. */
export async function queryWarehouse(warehouse: string, sql: string, parameters: SqlValue[] = []): Promise<readonly ResultRow[]> {
  const database = await DuckDbDatabase.open();
  try {
    await createWarehouseViews(database, new LocalWarehouseStorage(warehouse));
    return (await database.query(sql, parameters)).rows;
  } finally {
    database.close();
  }
}
