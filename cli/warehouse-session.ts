/**
 * A DuckDB session over the views of a local warehouse for ad-hoc SQL (`provstat sql`, `provstat
 * shell`). Only statements that read run: anything that writes, attaches, loads or changes settings
 * is refused before it runs, so a typo cannot touch the warehouse or the query cache.
 */
import { existsSync } from 'node:fs';
import { DuckDbDatabase } from '../adapters/duckdb/duckdb-database.js';
import { createWarehouseViews } from '../adapters/duckdb/warehouse-views.js';
import { LocalWarehouseStorage } from '../adapters/local/local-storage.js';
import type { QueryResult } from '../pipelines/query/query-runner.js';
import { CliError, usageError } from './cli-error.js';
import { localViewOptions } from './local-warehouse.js';

/** The views a session offers, as the warehouse contract names them. */
export const WAREHOUSE_VIEWS = ['facts', 'metrics', 'rejections', 'provinces', 'metric_catalog'] as const;

/** Statement kinds that only read. */
const READING_STATEMENTS = new Set(['SELECT', 'EXPLAIN']);

export class WarehouseSession {
  private constructor(private readonly database: DuckDbDatabase) {}

  static async open(warehouse: string): Promise<WarehouseSession> {
    if (!existsSync(warehouse))
      throw new CliError(
        `there is no warehouse at ${warehouse}: run "provstat ingest" or "provstat pull" first, or give --warehouse`,
        1,
      );
    const database = await DuckDbDatabase.open();
    try {
      await createWarehouseViews(database, new LocalWarehouseStorage(warehouse), localViewOptions(warehouse));
    } catch (error) {
      database.close();
      throw new CliError(`cannot open the warehouse at ${warehouse}: ${firstLine(error)}`, 1, { cause: error });
    }
    return new WarehouseSession(database);
  }

  /**
   * Runs one reading statement; a statement that writes, does not parse or bind (an unknown view, a
   * write to a view), or more than one, is bad usage.
   */
  async run(sql: string): Promise<QueryResult> {
    let types: string[];
    try {
      types = await this.database.statementTypes(sql);
    } catch (error) {
      throw usageError(`the SQL cannot run: ${firstLine(error)}`);
    }
    if (types.length !== 1) throw usageError(`give one SQL statement at a time, not ${types.length}`);
    if (!READING_STATEMENTS.has(types[0]!)) {
      throw usageError(
        `only SELECT (and EXPLAIN) statements run here; this one is ${types[0]}, and the warehouse is read-only`,
      );
    }
    try {
      return await this.database.query(sql);
    } catch (error) {
      throw new CliError(`the SQL failed: ${firstLine(error)}`, 1, { cause: error });
    }
  }

  /** The columns of a view with their types. */
  async describe(view: string): Promise<QueryResult> {
    if (!(WAREHOUSE_VIEWS as readonly string[]).includes(view)) {
      throw usageError(`there is no view ${view}; the views are: ${WAREHOUSE_VIEWS.join(', ')}`);
    }
    return this.database.query(
      'SELECT column_name AS "column", data_type AS "type" FROM information_schema.columns ' +
        'WHERE table_name = ? ORDER BY ordinal_position',
      [view],
    );
  }

  close(): void {
    this.database.close();
  }
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}
