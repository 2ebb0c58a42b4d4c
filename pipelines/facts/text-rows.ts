/**
 * A table of metric values as a reader hands it over once it has done what needs JavaScript
 * (bytes, encoding, finding the header, recognising the columns): records of cells as text, to be
 * checked row by row with the upload contract's rules by an engine. Any reader of tables (CSV,
 * workbook) produces this shape; the rules that turn it into facts and rejections are the same.
 */
import type { Metric } from '../reference/catalog.js';
import type { Period } from '../period.js';
import type { Problem } from './rejection-codes.js';

/** The columns a record's cells can play; each at most once. */
export type TextRowRole = 'province' | 'period' | 'metric' | 'value' | 'denominator' | 'unit' | 'note';

/**
 * A cell of every record that holds a value: the long layout's value column, or one of the wide
 * layout's metric columns (and its unknown columns, whose filled cells are rejected one by one).
 */
export interface ValueCell {
  /** Position of the cell in a record (0-based). */
  readonly index: number;
  /** Header name of its column, as written. */
  readonly column: string;
  /** Wide layout: the column's metric; null in the long layout (each record names its metric). */
  readonly metric: Metric | null;
  /**
   * Why every value of the column is rejected: in the wide layout it names no metric, in the long
   * one it names a metric beside the metric and value columns.
   */
  readonly problem: Problem | null;
}

/**
 * The records after the header, as text the engine splits itself: a text without a quote
 * character, with one kind of line break and no line longer than a cell may be, so its records
 * are its lines and its cells are split at the delimiter, as the JavaScript reader splits them.
 */
export interface DelimitedText {
  readonly text: string;
  readonly delimiter: string;
  readonly newline: string;
}

export interface TextRows {
  readonly header: readonly string[];
  /** Line of the header; records are read after it. */
  readonly headerLine: number;
  readonly layout: 'long' | 'wide';
  readonly roles: Partial<Record<TextRowRole, number>>;
  /** The value cells of each record, in the order their values are read. */
  readonly valueCells: readonly ValueCell[];
  readonly body: DelimitedText;
  /** The province whose folder the file landed in; null for an operator's national backfill. */
  readonly landingProvince: string | null;
  /** The period folder the file landed in, if any: where a record without a readable period is filed. */
  readonly landingPeriod: Period | null;
  /** Ingestion time: periods that have not started yet are refused. */
  readonly now: Date;
}

/** What checking the records yields besides the facts and rejections the engine staged. */
export interface CheckedRows {
  /** Values read: a record in the long layout, a filled value cell in the wide one. */
  readonly read: number;
  /** Periods of the accepted facts (`2024Q3`), sorted. */
  readonly periods: readonly string[];
}
