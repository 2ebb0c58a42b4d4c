/**
 * Runs a query file on a local warehouse with DuckDB, over the warehouse views, with its
 * parameters bound.
 */
import { DuckDbDatabase, type QueryResult } from '../warehouse/duckdb-database.js';
import type { WarehouseStorage } from '../warehouse/warehouse-storage.js';
import { createWarehouseViews } from '../warehouse/warehouse-views.js';
import type { QueryFile } from './query-file.js';

/** Opens DuckDB, creates the views over `storage`, runs the query with `values` bound in order. */
export async function runLocalQuery(query: QueryFile, values: readonly string[], storage: WarehouseStorage): Promise<QueryResult> {
  const database = await DuckDbDatabase.open();
  try {
    await createWarehouseViews(database, storage);
    return await database.query(query.sql, values);
  } finally {
    database.close();
  }
}
