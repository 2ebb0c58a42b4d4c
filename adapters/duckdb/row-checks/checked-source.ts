/**
 * A source's rows checked by the engine, staged beside those its write was handed one by one: the
 * two engine tables counted into the write's tally (partitions, periods, the rejections a summary
 * lists) and offered to the Parquet write as one table expression per table with the rows added
 * one by one.
 */
import type { RejectionCode } from '../../../pipelines/facts/rejection-codes.js';
import type { CheckedRows, TextRows } from '../../../pipelines/facts/text-rows.js';
import { parsePeriod } from '../../../pipelines/period.js';
import { UNKNOWN_PROVINCE } from '../../../pipelines/warehouse/layout.js';
import { REJECTIONS_KEPT } from '../../../pipelines/warehouse/source-writer.js';
import { quoteSqlIdentifier, type DuckDbDatabase } from '../duckdb-database.js';
import { ROW_NUMBER } from '../row-file.js';
import type { SourceTally } from '../source-tally.js';
import { checkRows, dropCheckedTables, type CheckedTables } from './check-rows.js';

/** A table's staged rows as the Parquet write reads them: `#` orders them, then the staging columns. */
export interface StagedRows {
  readonly rows: number;
  /** The rows as a DuckDB table expression. */
  source(): string;
  /**
   * The name of a table holding exactly these rows in partition order (year, quarter, province, then `#`), when
   * there is one: a write a quarter at a time reads it as it is, each quarter from its own blocks.
   */
  readonly partitionOrdered?: string;
}

export class CheckedSource {
  private constructor(
    private readonly database: DuckDbDatabase,
    private readonly tables: CheckedTables,
    readonly checked: CheckedRows,
    private readonly facts: number,
    private readonly rejections: number,
  ) {}

  /** Checks `rows` in the engine and counts what it staged into `tally`. */
  static async check(
    database: DuckDbDatabase,
    scratch: string,
    rows: TextRows,
    tally: SourceTally,
  ): Promise<CheckedSource> {
    const { checked, tables } = await checkRows(database, scratch, rows);
    try {
      const counts = await database.query(
        `SELECT 'facts' AS staged, year, quarter, province, count(*) AS rows FROM ${quoteSqlIdentifier(tables.facts)}
          GROUP BY ALL
        UNION ALL
        SELECT 'rejections', year, quarter, province, count(*) FROM ${quoteSqlIdentifier(tables.rejections)}
          GROUP BY ALL`,
      );
      const totals = { facts: 0, rejections: 0 };
      for (const row of counts.rows) {
        const table = row.staged === 'facts' ? 'facts' : 'rejections';
        const partition = { year: Number(row.year), quarter: Number(row.quarter), province: String(row.province) };
        tally.countRows(table, partition, Number(row.rows));
        totals[table] += Number(row.rows);
      }
      tally.addPeriods(checked.periods);
      await keepFirstRejections(database, tables, tally);
      return new CheckedSource(database, tables, checked, totals.facts, totals.rejections);
    } catch (error) {
      await dropCheckedTables(database, tables);
      throw error;
    }
  }

  /** The rows `file` was handed, then the engine's (numbered after them). */
  staged(table: 'facts' | 'rejections', file: StagedRows): StagedRows {
    const rows = table === 'facts' ? this.facts : this.rejections;
    if (rows === 0) return file;
    const staged = table === 'facts' ? this.tables.facts : this.tables.rejections;
    const checked = quoteSqlIdentifier(staged);
    if (file.rows === 0) return { rows, source: () => checked, partitionOrdered: staged };
    const order = quoteSqlIdentifier(ROW_NUMBER);
    return {
      rows: file.rows + rows,
      source: () =>
        `(SELECT * FROM ${file.source()} UNION ALL SELECT * REPLACE (${order} + ${file.rows} AS ${order}) FROM ${checked})`,
    };
  }

  /** Drops the engine's tables. */
  release(): Promise<void> {
    return dropCheckedTables(this.database, this.tables);
  }
}

/** The first rejections, as many as the summary still lists, read back in their order. */
async function keepFirstRejections(database: DuckDbDatabase, tables: CheckedTables, tally: SourceTally): Promise<void> {
  const wanted = REJECTIONS_KEPT - tally.kept.length;
  if (wanted <= 0) return;
  const first = await database.query(
    `SELECT province, period, source_row, "column", raw_value, reason, code, reason_en
    FROM ${quoteSqlIdentifier(tables.rejections)} ORDER BY ${quoteSqlIdentifier(ROW_NUMBER)} LIMIT $1`,
    [wanted],
  );
  for (const row of first.rows) {
    tally.keep({
      province: row.province === UNKNOWN_PROVINCE ? null : String(row.province),
      period: row.period === null ? null : (parsePeriod(String(row.period)) ?? null),
      sourceRow: row.source_row === null ? null : Number(row.source_row),
      column: row.column === null ? null : String(row.column),
      rawValue: row.raw_value === null ? null : String(row.raw_value),
      code: String(row.code) as RejectionCode,
      reason: String(row.reason),
      reasonEn: String(row.reason_en),
    });
  }
}
