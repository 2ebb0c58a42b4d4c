/**
 * Something that runs query files: DuckDB over a local warehouse, or Athena in AWS. The rollup and
 * `provstat query` are written against this, so both engines run the same `queries/*.sql`, and both
 * return results in the engine-neutral shape below.
 */
import type { QueryFile } from './query-file.js';

/** A value bound to a `?` placeholder. */
export type SqlValue = string | number | boolean | null;
/** A value of a result row: integers within 2^53 and doubles as numbers, dates and timestamps as strings. */
export type ResultValue = string | number | boolean | null;
export type ResultRow = Record<string, ResultValue>;

/** Rows of a query with their column names and type names (DuckDB's, which the Athena runner maps to). */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly types: readonly string[];
  readonly rows: readonly ResultRow[];
}

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
