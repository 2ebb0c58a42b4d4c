/**
 * Something that runs query files: DuckDB over a local warehouse, or Athena in AWS. The rollup and
 * `provstat query` are written against this, so both engines run the same `queries/*.sql`.
 */
import type { QueryResult } from '../warehouse/duckdb-database.js';
import type { QueryFile } from './query-file.js';

export type { QueryResult, ResultRow, ResultValue } from '../warehouse/duckdb-database.js';

export interface QueryRunner {
  /** Which engine answers, for reports and logs ('duckdb', 'athena'). */
  readonly engine: string;
  /**
   * Runs a query file with `values` bound to its `?` placeholders in order. Values come back as
   * plain JavaScript: numbers (integers within 2^53, doubles), strings, booleans, null; dates as
   * 'YYYY-MM-DD' and timestamps as ISO-8601 strings.
   */
  run(query: QueryFile, values: readonly string[]): Promise<QueryResult>;
  /** Releases connections; the runner is unusable afterwards. */
  close(): Promise<void>;
}
