/**
 * The one module that imports @duckdb/node-api. Values are always bound as parameters; the only text
 * pasted into SQL is paths and identifiers, quoted with the library's own helpers.
 */
import {
  DuckDBDateValue,
  DuckDBInstance,
  DuckDBTimestampValue,
  quotedIdentifier,
  quotedString,
  StatementType,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { QueryResult, ResultRow, ResultValue, SqlValue } from '../../pipelines/query/query-runner.js';
import type { ColumnType, TableColumn } from '../../pipelines/warehouse/table-columns.js';

/** A value to append to a typed column: dates and timestamps as `Date`. */
export type AppendValue = string | number | boolean | Date | null;

/** Quotes a string literal (a path) for SQL. */
export const quoteSqlString = quotedString;
/** Quotes an identifier for SQL. */
export const quoteSqlIdentifier = quotedIdentifier;

/**
 * A path DuckDB reads as exactly that file, never as a glob: `*`, `?` and `[` in a local path
 * (a warehouse folder named `wh*` or `[1]`) become one-character classes. S3 keys the warehouse
 * writes hold none of them.
 */
export function literalPath(path: string): string {
  if (path.startsWith('s3://')) return path;
  return path.replace(/[*?[]/g, (character) => `[${character}]`);
}

const DAY_MS = 86_400_000;

/** Statements a connection keeps prepared for `runPrepared`; the least recently run is let go past this. */
const PREPARED_STATEMENTS_KEPT = 8;

export interface DuckDbOptions {
  readonly threads?: number | undefined;
  /** What DuckDB may hold in memory, in MiB; past it, sorts and writes spill to `tempDirectory`. */
  readonly memoryLimitMb?: number | undefined;
  /** Where DuckDB spills (DuckDB's default for an in-memory database is `.tmp` in the working folder). */
  readonly tempDirectory?: string | undefined;
}

/** An in-memory DuckDB with one connection; call `close()` in a `finally`. */
export class DuckDbDatabase {
  /** Statements prepared by `runPrepared`, by their text, least recently run first. */
  private readonly prepared = new Map<string, DuckDBPreparedStatement>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly ownsInstance = true,
  ) {}

  static async open(options: DuckDbOptions = {}): Promise<DuckDbDatabase> {
    const config: Record<string, string> = {};
    if (options.threads) config.threads = String(options.threads);
    if (options.memoryLimitMb) config.memory_limit = `${options.memoryLimitMb}MiB`;
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    const instance = await DuckDBInstance.create(':memory:', config);
    return new DuckDbDatabase(instance, await instance.connect());
  }

  /**
   * Another connection to the same database, for work run alongside this one (temporary tables
   * are private to a connection); its `close()` closes that connection only.
   */
  async connect(): Promise<DuckDbDatabase> {
    return new DuckDbDatabase(this.instance, await this.instance.connect(), false);
  }

  /** Runs a statement with bound parameters. */
  async run(sql: string, parameters: readonly SqlValue[] = []): Promise<void> {
    await this.connection.run(sql, parameters as DuckDBValue[]);
  }

  /**
   * The kind of each statement in `sql` as DuckDB names it (`SELECT`, `INSERT`, `ATTACH`, ...),
   * found by preparing them, none run; a statement that does not parse throws.
   */
  async statementTypes(sql: string): Promise<string[]> {
    const extracted = await this.connection.extractStatements(sql);
    const types: string[] = [];
    for (let index = 0; index < extracted.count; index++) {
      const prepared = await extracted.prepare(index);
      types.push(StatementType[prepared.statementType] ?? 'UNKNOWN');
      prepared.destroySync();
    }
    return types;
  }

  /** Runs a query with bound parameters and returns plain JavaScript rows. */
  async query(sql: string, parameters: readonly SqlValue[] = []): Promise<QueryResult> {
    const reader = await this.connection.runAndReadAll(sql, parameters as DuckDBValue[]);
    const columns = reader.columnNames();
    const types = reader.columnTypes().map((type) => type.toString());
    const rows = reader.getRowObjectsJS().map((row) => {
      const plain: ResultRow = {};
      columns.forEach((column, index) => {
        const value = toResultValue(row[column]);
        plain[column] = types[index] === 'DATE' && typeof value === 'string' ? value.slice(0, 10) : value;
      });
      return plain;
    });
    return { columns, types, rows };
  }

  /** Creates a temporary table with these columns and appends rows to it in one pass. */
  async loadTable(
    table: string,
    columns: readonly TableColumn[],
    rows: Iterable<readonly AppendValue[]>,
  ): Promise<void> {
    const definition = columns.map((column) => `${quotedIdentifier(column.name)} ${column.type}`).join(', ');
    await this.connection.run(`CREATE OR REPLACE TEMP TABLE ${quotedIdentifier(table)} (${definition})`);
    const appender = await this.connection.createAppender(table);
    try {
      for (const row of rows) {
        for (const [index, column] of columns.entries()) appendValue(appender, column.type, row[index] ?? null);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /**
   * Runs a statement that has no parameters. Unlike `run`, which prepares the statement on the
   * JavaScript thread before running it, DuckDB parses, plans and runs it on its own threads, so
   * other work goes on meanwhile.
   */
  async runStatement(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /**
   * `run` for a statement run again and again with the same text and other values (the write of
   * each small source): prepared once and kept on this connection, so later runs skip parsing and
   * planning. A statement that fails is let go and prepared afresh the next time.
   */
  async runPrepared(sql: string, parameters: readonly SqlValue[]): Promise<void> {
    let statement = this.prepared.get(sql);
    if (statement) this.prepared.delete(sql);
    else statement = await this.connection.prepare(sql);
    try {
      statement.bind(parameters as DuckDBValue[]);
      await statement.run();
    } catch (error) {
      statement.destroySync();
      throw error;
    }
    this.prepared.set(sql, statement);
    for (const [text, kept] of this.prepared) {
      if (this.prepared.size <= PREPARED_STATEMENTS_KEPT) break;
      kept.destroySync();
      this.prepared.delete(text);
    }
  }

  /** Runs a `COPY ... (RETURN_FILES true)` with bound parameters; returns the paths of the files it wrote. */
  async copyReturningFiles(sql: string, parameters: readonly SqlValue[] = []): Promise<string[]> {
    const reader = await this.connection.runAndReadAll(sql, parameters as DuckDBValue[]);
    const column = reader.columnNames().indexOf('Files');
    if (column < 0) throw new Error('the COPY statement did not return its files (RETURN_FILES true)');
    return reader.getRowsJS().flatMap((row) => {
      const files = row[column];
      return Array.isArray(files) ? files.map((file) => String(file)) : [];
    });
  }

  /** Writes a table to one Parquet file. */
  async writeParquet(table: string, path: string): Promise<void> {
    await this.connection.run(
      `COPY ${quotedIdentifier(table)} TO ${quotedString(path)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  }

  async dropTable(table: string): Promise<void> {
    await this.connection.run(`DROP TABLE IF EXISTS ${quotedIdentifier(table)}`);
  }

  close(): void {
    for (const statement of this.prepared.values()) statement.destroySync();
    this.prepared.clear();
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

function appendValue(appender: Appender, type: ColumnType, value: AppendValue): void {
  if (value === null) {
    appender.appendNull();
    return;
  }
  switch (type) {
    case 'VARCHAR':
      appender.appendVarchar(String(value));
      break;
    case 'DOUBLE':
      appender.appendDouble(Number(value));
      break;
    case 'INTEGER':
      appender.appendInteger(Number(value));
      break;
    case 'BOOLEAN':
      appender.appendBoolean(Boolean(value));
      break;
    case 'TIMESTAMP':
      appender.appendTimestamp(new DuckDBTimestampValue(BigInt(asDate(value).getTime()) * 1000n));
      break;
    case 'DATE':
      appender.appendDate(new DuckDBDateValue(Math.floor(asDate(value).getTime() / DAY_MS)));
      break;
  }
}

function asDate(value: AppendValue): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function toResultValue(value: unknown): ResultValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
