/**
 * Runs query files with DuckDB over a warehouse's views, with their parameters bound.
 */
import type { QueryFile } from '../../pipelines/query/query-file.js';
import type { QueryResult, QueryRunner } from '../../pipelines/query/query-runner.js';
import type { WarehouseStorage } from '../../pipelines/warehouse/warehouse-storage.js';
import { DuckDbDatabase } from './duckdb-database.js';
import { createWarehouseViews, type WarehouseViewOptions } from './warehouse-views.js';

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
export async function runLocalQuery(
  query: QueryFile,
  values: readonly string[],
  storage: WarehouseStorage,
  options: WarehouseViewOptions = {},
): Promise<QueryResult> {
  const runner = await LocalQueryRunner.open(storage, options);
  try {
    return await runner.run(query, values);
  } finally {
    await runner.close();
  }
}
