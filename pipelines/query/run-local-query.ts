/**
 * Runs query files on a local warehouse with DuckDB, over the warehouse views, with their
 * parameters bound.
 */
import { DuckDbDatabase, type QueryResult } from '../warehouse/duckdb-database.js';
import type { WarehouseStorage } from '../warehouse/warehouse-storage.js';
import { createWarehouseViews, type WarehouseViewOptions } from '../warehouse/warehouse-views.js';
import type { QueryFile } from './query-file.js';
import type { QueryRunner } from './query-runner.js';

/** DuckDB over a warehouse: the views are created once, then any number of queries run on them. */
export class LocalQueryRunner implements QueryRunner {
  readonly engine = 'duckdb';

  private constructor(private readonly database: DuckDbDatabase) {}

  static async open(storage: WarehouseStorage, options: WarehouseViewOptions = {}): Promise<LocalQueryRunner> {
    const database = await DuckDbDatabase.open();
    try {
      await createWarehouseViews(database, storage, options);
    } catch (error) {
      database.close();
      throw error;
    }
    return new LocalQueryRunner(database);
  }

  async run(query: QueryFile, values: readonly string[]): Promise<QueryResult> {
    return this.database.query(query.sql, values);
  }

  async close(): Promise<void> {
    this.database.close();
  }
}

/** Opens DuckDB, creates the views over `storage`, runs one query with `values` bound in order. */
export async function runLocalQuery(query: QueryFile, values: readonly string[], storage: WarehouseStorage, options: WarehouseViewOptions = {}): Promise<QueryResult> {
  const runner = await LocalQueryRunner.open(storage, options);
  try {
    return await runner.run(query, values);
  } finally {
    await runner.close();
  }
}
