/**
 * A source's rows staged for its Parquet write: one newline-delimited JSON file per table in the
 * write's scratch folder, appended row by row without any call into DuckDB, which reads the file
 * back in the write. Only the partition and what varies from row to row is staged.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import type { FactDraft, RejectionDraft } from '../../pipelines/facts/source-result.js';
import { formatPeriod, type Period } from '../../pipelines/period.js';
import { partitionOf } from '../../pipelines/warehouse/layout.js';
import {
  FACT_COLUMNS,
  PARTITION_COLUMNS,
  REJECTION_COLUMNS,
  type TableColumn,
} from '../../pipelines/warehouse/table-columns.js';
import { literalPath, quoteSqlString, type AppendValue } from './duckdb-database.js';

/**
 * The staged columns: the partition and what varies from row to row. What is the same for every
 * row of a source (its kind, key, SHA-256, ingestion time and pipeline version) is added by the
 * Parquet write, not written row by row.
 */
export const SOURCE_CONSTANT_COLUMNS = new Set([
  'source_kind',
  'source_key',
  'source_sha256',
  'ingested_at',
  'rejected_at',
  'pipeline_version',
  'uploaded_at',
  'upload_sequence',
]);
export const FACT_STAGING_COLUMNS = [
  ...PARTITION_COLUMNS,
  ...FACT_COLUMNS.filter((column) => !SOURCE_CONSTANT_COLUMNS.has(column.name)),
];
export const REJECTION_STAGING_COLUMNS = [
  ...PARTITION_COLUMNS,
  ...REJECTION_COLUMNS.filter((column) => !SOURCE_CONSTANT_COLUMNS.has(column.name)),
];

/** Key of each staged row's position in the source, which orders the rows of a partition. */
export const ROW_NUMBER = '#';
const ROW_NUMBER_KEY = `${JSON.stringify(ROW_NUMBER)}:`;
/** Key of the number of a row's source, in a file the rows of a group of sources share. */
export const GROUP_SOURCE = 'group_source';
const GROUP_SOURCE_KEY = `${JSON.stringify(GROUP_SOURCE)}:`;

/** Bytes of rows gathered in memory before they are written to the staged file (kept small: gathered rows outlive the young generation). */
const ROW_CHUNK_BYTES = 1 << 18;

/**
 * A source's rows for one table as JSON objects in a newline-delimited file in the scratch folder,
 * for DuckDB to read in the Parquet write; written in chunks. Appending a row costs no call into
 * DuckDB, and nothing is held in memory but the current chunk.
 */
export class RowFile {
  private fd: number | undefined;
  private chunk: string[] = [];
  private chunkLength = 0;
  private count = 0;
  private longest = 0;
  /** Bytes written to the staged file. */
  private bytes = 0;
  private closed = false;

  /** `"name":` of each column. */
  private readonly keys: readonly string[];

  constructor(
    readonly path: string,
    readonly columns: readonly TableColumn[],
  ) {
    this.keys = columns.map((column) => `${JSON.stringify(column.name)}:`);
  }

  get rows(): number {
    return this.count;
  }

  /** Appends a row; in a file shared by a group of sources, `source` is the number of the row's source. */
  append(row: readonly AppendValue[], source?: number): void {
    if (this.closed) throw new Error('rows appended to a closed row file');
    // The JSON object written out directly: one string per row, no object built to stringify.
    let json = `{${ROW_NUMBER_KEY}${this.count}`;
    if (source !== undefined) json += `,${GROUP_SOURCE_KEY}${source}`;
    for (let index = 0; index < this.columns.length; index++)
      json += `,${this.keys[index]}${jsonValue(this.columns[index]!, row[index] ?? null)}`;
    json += '}';
    this.chunk.push(json);
    this.chunkLength += json.length + 1;
    if (json.length > this.longest) this.longest = json.length;
    this.count++;
    if (this.chunkLength >= ROW_CHUNK_BYTES) this.flush();
  }

  /** Ends the rows: the staged file gets the rest of them; safe to call more than once. */
  close(): void {
    if (this.closed) return;
    try {
      this.flush();
      // What an earlier write in a reused scratch folder left past this source's rows goes.
      if (this.fd !== undefined) ftruncateSync(this.fd, this.bytes);
    } finally {
      this.closed = true;
      if (this.fd !== undefined) closeSync(this.fd);
    }
  }

  /**
   * The rows as a DuckDB table expression with the partition and data columns typed, read from
   * the staged file: no value of the source is ever part of the SQL text. `grouped` reads the
   * source number of a file that a group of sources shares.
   */
  source(options: { readonly grouped?: boolean } = {}): string {
    const numbers = [
      { name: ROW_NUMBER, type: 'BIGINT' },
      ...(options.grouped ? [{ name: GROUP_SOURCE, type: 'INTEGER' }] : []),
    ];
    const columns = [...numbers, ...this.columns];
    const types = columns.map(({ name, type }) => `${quoteSqlString(name)}: ${quoteSqlString(type)}`).join(', ');
    // DuckDB's read buffers are sized by the largest object allowed: no larger than the rows need
    // (a row's UTF-8 bytes are at most three times its UTF-16 length).
    const maximumObjectSize = Math.max(DEFAULT_MAX_ROW_BYTES, 3 * this.longest + 1024);
    return `read_json(${quoteSqlString(literalPath(this.path))}, format = 'newline_delimited', columns = {${types}}, maximum_object_size = ${maximumObjectSize})`;
  }

  /** Writes the gathered rows out; the file is opened with the first of them (a table without rows needs none). */
  private flush(): void {
    if (this.chunk.length === 0) return;
    // A file left by an earlier write in a reused scratch folder is written over and cut to length
    // on close, neither emptied (on ext4, emptying a file just written waits for its blocks, about
    // 0.5 ms a file) nor deleted and created again (a new inode each time, three times the calls).
    this.fd ??= openForOverwrite(this.path);
    this.bytes += writeSync(this.fd, `${this.chunk.join('\n')}\n`);
    this.chunk = [];
    this.chunkLength = 0;
  }
}

/** The file opened for writing from its start without emptying it; created when missing. */
function openForOverwrite(path: string): number {
  try {
    return openSync(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return openSync(path, 'w');
  }
}

/** DuckDB's own limit on one JSON row, raised for a source with a larger one (a huge cell). */
const DEFAULT_MAX_ROW_BYTES = 16 * 1024 * 1024;

/** A value as JSON text for its column. */
function jsonValue(column: TableColumn, value: AppendValue): string {
  if (value === null) return 'null';
  switch (column.type) {
    case 'DOUBLE':
    case 'INTEGER': {
      const number = Number(value);
      // JSON has no NaN or Infinity; such a value is a defect upstream, never stored as a null.
      if (!Number.isFinite(number)) throw new Error(`${column.name} is not a finite number: ${String(value)}`);
      return String(number);
    }
    case 'BOOLEAN':
      return value ? 'true' : 'false';
    case 'TIMESTAMP':
    case 'DATE':
      return JSON.stringify((value instanceof Date ? value : new Date(String(value))).toISOString());
    case 'VARCHAR':
      // Lone UTF-16 surrogates become U+FFFD, as they would on any UTF-8 write.
      return JSON.stringify((String(value) as unknown as { toWellFormed(): string }).toWellFormed());
  }
}

/** The partition values of a record, in path order (see `partitionOf`). */
function partitionValues(period: Period | null, province: string | null): [number, number, string] {
  const partition = partitionOf(period, province);
  return [partition.year, partition.quarter, partition.province];
}

/** A fact as a staged row, in `FACT_STAGING_COLUMNS` order. */
export function factRow(fact: FactDraft): AppendValue[] {
  return [
    ...partitionValues(fact.period, fact.province),
    formatPeriod(fact.period),
    fact.metric,
    fact.value,
    fact.denominator,
    fact.unit,
    fact.approx,
    fact.sourceRow,
    fact.evidence,
    fact.spanStart,
    fact.spanEnd,
    fact.note,
    fact.scope ?? 'report',
    fact.timeSpanText ?? null,
    fact.timeSpan ?? null,
  ];
}

/** A rejection as a staged row, in `REJECTION_STAGING_COLUMNS` order. */
export function rejectionRow(rejection: RejectionDraft): AppendValue[] {
  return [
    ...partitionValues(rejection.period, rejection.province),
    rejection.period ? formatPeriod(rejection.period) : null,
    rejection.sourceRow,
    rejection.column,
    rejection.rawValue,
    rejection.reason,
    rejection.code,
    rejection.reasonEn,
  ];
}
