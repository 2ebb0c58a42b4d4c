/**
 * Writes one source's facts and rejections as Parquet: one DuckDB write per table per source,
 * split into Hive partitions, each file put in place whole, then the manifest last.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { formatPeriod, type Period } from '../period.js';
import type { FactDraft, RejectionDraft, SourceResult } from '../facts/source-result.js';
import { quoteSqlIdentifier, quoteSqlString, type AppendValue, type DuckDbDatabase, type SqlValue } from './duckdb-database.js';
import { FACT_COLUMNS, PARTITION_COLUMNS, REJECTION_COLUMNS, type TableColumn } from './table-columns.js';
import { LocalWarehouseStorage } from './local-storage.js';
import { manifestKey, type Manifest, type SourceKind } from './manifest.js';
import type { WarehouseStorage } from './warehouse-storage.js';

/** Where a source came from and when it was ingested. */
export interface SourceProvenance {
  readonly key: string;
  readonly sha256: string;
  readonly kind: SourceKind;
  readonly sizeBytes: number;
  readonly landingProvince: string | null;
  readonly landingPeriod: Period | null;
  readonly ingestedAt: Date;
  readonly pipelineVersion: string;
}

/** Partition values for records that named no valid period or province. */
export const UNKNOWN_PROVINCE = 'unknown';

const PARTITION_NAMES = PARTITION_COLUMNS.map((column) => column.name);

/** Writes the source's Parquet files and then its manifest; returns the manifest. */
export async function writeSource(
  result: SourceResult,
  provenance: SourceProvenance,
  storage: WarehouseStorage,
  database: DuckDbDatabase,
): Promise<Manifest> {
  const { facts, ...outline } = result;
  const written = await writeSourceStream((onFact) => {
    for (const fact of facts) onFact(fact);
    return outline;
  }, provenance, storage, database);
  return written.manifest;
}

/**
 * Reads a source, handing each accepted fact to `onFact` and each rejected record to `onRejection`
 * as it goes; returns the rest of the result (any rejections it lists are written too).
 */
export type SourceReader = (onFact: (fact: FactDraft) => void, onRejection: (rejection: RejectionDraft) => void) => Omit<SourceResult, 'facts'>;

/** How many rejected records a written source keeps for its summary; all of them go to the warehouse. */
export const REJECTIONS_KEPT = 1000;

export interface WrittenSource {
  readonly manifest: Manifest;
  /**
   * The reading without its facts, which went straight to the Parquet writer; its `rejections`
   * are the first `REJECTIONS_KEPT` of the `rejected` records written.
   */
  readonly outline: Omit<SourceResult, 'facts'>;
  /** Rejected records written (0 for a source rejected whole, as in the manifest). */
  readonly rejected: number;
  /** Rejected records written beyond those in `outline.rejections`. */
  readonly rejectionsOmitted: number;
  /** Periods of the accepted facts, sorted. */
  readonly periods: readonly string[];
}

/**
 * Like `writeSource`, for a source read as a stream: each fact and rejection is staged in the
 * scratch folder as soon as it is read, so memory does not grow with the number of rows (still
 * one Parquet write per table).
 */
export async function writeSourceStream(
  read: SourceReader,
  provenance: SourceProvenance,
  storage: WarehouseStorage,
  database: DuckDbDatabase,
): Promise<WrittenSource> {
  const scratch = await storage.createScratch();
  const factRows = new RowFile(join(scratch, 'facts.ndjson'), FACT_STAGING_COLUMNS);
  const rejectionRows = new RowFile(join(scratch, 'rejections.ndjson'), REJECTION_STAGING_COLUMNS);
  try {
    const partitions = new Map<string, Manifest['partitions'][number]>();
    const count = (year: number, quarter: number, province: string, field: 'facts' | 'rejections'): void => {
      const id = `${year}|${quarter}|${province}`;
      const entry = partitions.get(id);
      if (entry) entry[field]++;
      else partitions.set(id, { year, quarter, province, facts: field === 'facts' ? 1 : 0, rejections: field === 'rejections' ? 1 : 0 });
    };
    const periods = new Set<string>();
    const kept: RejectionDraft[] = [];
    const onRejection = (rejection: RejectionDraft): void => {
      const row = rejectionRow(rejection);
      rejectionRows.append(row);
      count(row[0] as number, row[1] as number, row[2] as string, 'rejections');
      if (kept.length < REJECTIONS_KEPT) kept.push(rejection);
    };

    let outline: Omit<SourceResult, 'facts'>;
    try {
      outline = read((fact) => {
        const row = factRow(fact);
        factRows.append(row);
        count(row[0] as number, row[1] as number, row[2] as string, 'facts');
        periods.add(row[3] as string);
      }, onRejection);
      for (const rejection of outline.rejections) onRejection(rejection);
    } finally {
      factRows.close();
      rejectionRows.close();
    }
    const constants = { kind: provenance.kind, key: provenance.key, sha256: provenance.sha256, at: provenance.ingestedAt, version: provenance.pipelineVersion };
    const factFiles = await writeTableFiles(database, storage, scratch, 'facts', provenance.sha256, factRows, partitions, constants);
    const rejectionFiles = await writeTableFiles(database, storage, scratch, 'rejections', provenance.sha256, rejectionRows, partitions, constants);

    const accepted = factRows.rows;
    const rejected = outline.unreadable ? 0 : rejectionRows.rows;
    const manifest: Manifest = {
      source_key: provenance.key,
      source_sha256: provenance.sha256,
      source_kind: provenance.kind,
      size_bytes: provenance.sizeBytes,
      status: outline.unreadable ? 'rejected' : 'ingested',
      reason: outline.unreadable ?? null,
      landing_province: provenance.landingProvince,
      landing_period: provenance.landingPeriod ? formatPeriod(provenance.landingPeriod) : null,
      read: outline.read,
      accepted,
      rejected,
      warnings: [...outline.warnings],
      partitions: [...partitions.values()].sort((a, b) => a.year - b.year || a.quarter - b.quarter || a.province.localeCompare(b.province)),
      files: [...factFiles, ...rejectionFiles],
      ingested_at: provenance.ingestedAt.toISOString(),
      pipeline_version: provenance.pipelineVersion,
    };
    await storage.putText(manifestKey(provenance.sha256), `${JSON.stringify(manifest, null, 2)}\n`);
    return {
      manifest, outline: { ...outline, rejections: kept }, rejected, rejectionsOmitted: rejectionRows.rows - kept.length, periods: [...periods].sort(),
    };
  } finally {
    factRows.close();
    rejectionRows.close();
    await storage.releaseScratch(scratch);
  }
}

/**
 * The staged columns: the partition and what varies from row to row. What is the same for every
 * row of a source (its kind, key, SHA-256, ingestion time and pipeline version) is added by the
 * Parquet write, not written row by row.
 */
const SOURCE_CONSTANT_COLUMNS = new Set(['source_kind', 'source_key', 'source_sha256', 'ingested_at', 'rejected_at', 'pipeline_version']);
const FACT_STAGING_COLUMNS = [...PARTITION_COLUMNS, ...FACT_COLUMNS.filter((column) => !SOURCE_CONSTANT_COLUMNS.has(column.name))];
const REJECTION_STAGING_COLUMNS = [...PARTITION_COLUMNS, ...REJECTION_COLUMNS.filter((column) => !SOURCE_CONSTANT_COLUMNS.has(column.name))];

/** Key of each staged row's position in the source, which orders the rows of a partition. */
const ROW_NUMBER = '#';
const ROW_NUMBER_KEY = `${JSON.stringify(ROW_NUMBER)}:`;

/** Bytes of rows gathered in memory before they are written to the staged file (kept small: gathered rows outlive the young generation). */
const ROW_CHUNK_BYTES = 1 << 18;

/**
 * A source's rows for one table as JSON objects in a newline-delimited file in the scratch folder,
 * for DuckDB to read in the Parquet write; written in chunks. Appending a row costs no call into
 * DuckDB, and nothing is held in memory but the current chunk.
 */
class RowFile {
  private fd: number | undefined;
  private chunk: string[] = [];
  private chunkLength = 0;
  private count = 0;
  private longest = 0;
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

  append(row: readonly AppendValue[]): void {
    if (this.closed) throw new Error('rows appended to a closed row file');
    // The JSON object written out directly: one string per row, no object built to stringify.
    let json = `{${ROW_NUMBER_KEY}${this.count}`;
    for (let index = 0; index < this.columns.length; index++) json += `,${this.keys[index]}${jsonValue(this.columns[index]!, row[index] ?? null)}`;
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
    } finally {
      this.closed = true;
      if (this.fd !== undefined) closeSync(this.fd);
    }
  }

  /**
   * The rows as a DuckDB table expression with the partition and data columns typed, read from
   * the staged file: no value of the source is ever part of the SQL text.
   */
  source(): string {
    const columns = [{ name: ROW_NUMBER, type: 'BIGINT' }, ...this.columns];
    const types = columns.map(({ name, type }) => `${quoteSqlString(name)}: ${quoteSqlString(type)}`).join(', ');
    // DuckDB's read buffers are sized by the largest object allowed: no larger than the rows need
    // (a row's UTF-8 bytes are at most three times its UTF-16 length).
    const maximumObjectSize = Math.max(DEFAULT_MAX_ROW_BYTES, 3 * this.longest + 1024);
    return `read_json(${quoteSqlString(this.path)}, format = 'newline_delimited', columns = {${types}}, maximum_object_size = ${maximumObjectSize})`;
  }

  private flush(): void {
    this.fd ??= openSync(this.path, 'w');
    if (this.chunk.length > 0) writeSync(this.fd, `${this.chunk.join('\n')}\n`);
    this.chunk = [];
    this.chunkLength = 0;
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

interface SourceConstants {
  readonly kind: string;
  readonly key: string;
  readonly sha256: string;
  readonly at: Date;
  readonly version: string;
}

/** Alias of the source's constants, one row read from `CONSTANTS_FILE`, in the Parquet write. */
const CONSTANTS_ALIAS = 'source_constants';
const CONSTANTS_FILE = 'source.json';

/**
 * The source's constants as one JSON row in the scratch folder, which the Parquet write of a
 * one-partition source joins to every staged row: a statement whose text holds no value of the
 * source needs no parameters, so DuckDB prepares it off the JavaScript thread (a backfill of
 * 10,000 small sources spends about 10 s more when each statement is prepared with bound values).
 * The partitioned write of a large source binds them instead: its sort would carry the joined
 * constants with every row (about 150 MB more for a million rows), and one prepare is nothing there.
 */
function writeConstants(scratch: string, constants: SourceConstants): string {
  const path = join(scratch, CONSTANTS_FILE);
  writeFileSync(path, `${JSON.stringify({ kind: constants.kind, key: constants.key, sha256: constants.sha256, at: timestampText(constants.at), version: constants.version })}\n`);
  return path;
}

function readConstants(path: string): string {
  const types = "'kind': 'VARCHAR', 'key': 'VARCHAR', 'sha256': 'VARCHAR', 'at': 'TIMESTAMP', 'version': 'VARCHAR'";
  return `read_json(${quoteSqlString(path)}, format = 'newline_delimited', columns = {${types}}) ${quoteSqlIdentifier(CONSTANTS_ALIAS)}`;
}

/**
 * The table's data columns in warehouse order, the source's constants from their joined row or,
 * with `bound`, from the parameters `$1` to `$5` (values from `constantParameters`).
 */
function selectDataColumns(tableName: 'facts' | 'rejections', bound = false): string {
  const constant = (field: string, parameter: number, type: string): string =>
    (bound ? `CAST($${parameter} AS ${type})` : `${quoteSqlIdentifier(CONSTANTS_ALIAS)}.${quoteSqlIdentifier(field)}`);
  const fromConstants: Record<string, string> = {
    source_kind: constant('kind', 1, 'VARCHAR'), source_key: constant('key', 2, 'VARCHAR'), source_sha256: constant('sha256', 3, 'VARCHAR'),
    ingested_at: constant('at', 4, 'TIMESTAMP'), rejected_at: constant('at', 4, 'TIMESTAMP'), pipeline_version: constant('version', 5, 'VARCHAR'),
  };
  return (tableName === 'facts' ? FACT_COLUMNS : REJECTION_COLUMNS)
    .map((column) => `${fromConstants[column.name] ?? `${quoteSqlIdentifier(ROWS_ALIAS)}.${quoteSqlIdentifier(column.name)}`} AS ${quoteSqlIdentifier(column.name)}`)
    .join(', ');
}
const ROWS_ALIAS = 'staged';

function constantParameters(constants: SourceConstants): SqlValue[] {
  return [constants.kind, constants.key, constants.sha256, timestampText(constants.at), constants.version];
}

/** Milliseconds, as the manifest's ingested_at; UTC without a zone, as the TIMESTAMP columns hold. */
function timestampText(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '');
}

/** Rows DuckDB gathers before writing them to their partitions' files. */
const PARTITIONED_WRITE_FLUSH_ROWS = 10_000;

// A partition value DuckDB writes into a Hive path as it is, with nothing to escape.
const PLAIN_PARTITION_VALUE = /^[A-Za-z0-9-]+$/;

/**
 * Writes a table's staged rows as one Parquet file per partition and puts each in place. A source with
 * one partition (the usual quarterly upload) is written straight to one file; a source spanning
 * several goes through DuckDB's partitioned write, fed in partition order so that each partition's
 * file is written in one go (any pieces DuckDB still splits a partition into are merged).
 */
async function writeTableFiles(
  database: DuckDbDatabase,
  storage: WarehouseStorage,
  scratch: string,
  tableName: 'facts' | 'rejections',
  sha256: string,
  rows: RowFile,
  partitions: ReadonlyMap<string, Manifest['partitions'][number]>,
  constants: SourceConstants,
): Promise<string[]> {
  if (rows.rows === 0) return [];
  const used = [...partitions.values()].filter((partition) => partition[tableName] > 0);
  const only = used.length === 1 ? used[0] : undefined;
  const order = quoteSqlIdentifier(ROW_NUMBER);
  if (only && PLAIN_PARTITION_VALUE.test(only.province)) {
    const path = join(scratch, `${tableName}.parquet`);
    const source = `${rows.source()} ${quoteSqlIdentifier(ROWS_ALIAS)} CROSS JOIN ${readConstants(writeConstants(scratch, constants))}`;
    await database.runStatement(`COPY (SELECT ${selectDataColumns(tableName)} FROM ${source} ORDER BY ${order}) TO ${quoteSqlString(path)} (FORMAT parquet, COMPRESSION zstd)`);
    const key = `${tableName}/year=${only.year}/quarter=${only.quarter}/province=${only.province}/${sha256}.parquet`;
    await storage.putFile(key, path);
    return [key];
  }
  // Local storage: the partitioned write goes straight into the table's partition folders under
  // hidden names, each file then renamed into place in its own folder; no scratch tree of
  // thousands of folders to create and delete. Other storage: the scratch folder, then uploads.
  const inPlace = storage instanceof LocalWarehouseStorage;
  const folder = inPlace ? storage.locate(tableName) : join(scratch, tableName);
  const writeId = `${sha256.slice(0, 16)}-${randomUUID()}`;
  if (inPlace) await mkdir(folder, { recursive: true });
  const partitionList = PARTITION_NAMES.map((name) => quoteSqlIdentifier(name)).join(', ');
  // DuckDB holds up to half a million rows before writing partitions out; with thousands of
  // partitions that costs far more memory (about 400 MB more for a million rows) than time.
  await database.runStatement(`SET partitioned_write_flush_threshold = ${PARTITIONED_WRITE_FLUSH_ROWS}`);
  const written = await database.copyReturningFiles(
    `COPY (SELECT ${partitionList}, ${selectDataColumns(tableName, true)} FROM ${rows.source()} ${quoteSqlIdentifier(ROWS_ALIAS)} ORDER BY ${partitionList}, ${order}) TO ${quoteSqlString(folder)} ` +
    `(FORMAT parquet, COMPRESSION snappy, PARTITION_BY (${partitionList}), FILENAME_PATTERN ${quoteSqlString(`.${writeId}-{i}`)}, ` +
    `FILE_EXTENSION 'partial', OVERWRITE_OR_IGNORE true, RETURN_FILES true)`,
    constantParameters(constants),
  );
  try {
    const piecesByFolder = new Map<string, string[]>();
    for (const path of written) piecesByFolder.set(dirname(path), [...(piecesByFolder.get(dirname(path)) ?? []), path]);
    const keys: string[] = [];
    for (const [partitionFolder, pieces] of piecesByFolder) {
      const partitionPath = relative(folder, partitionFolder).split(sep).join('/');
      const path = pieces.length === 1 ? pieces[0]! : await mergePieces(database, pieces.sort(), join(partitionFolder, `.${writeId}.merged.partial`));
      const key = `${tableName}/${partitionPath}/${sha256}.parquet`;
      await storage.putFile(key, path);
      keys.push(key);
    }
    if (inPlace) await removeAbandonedPieces([...piecesByFolder.keys()], sha256, new Set(written));
    return keys.sort();
  } catch (error) {
    // Nothing half-done stays beside the real files (a file already put in place is complete).
    if (inPlace) await Promise.all(written.map((path) => rm(path, { force: true })));
    throw error;
  }
}

/** A hidden piece older than this beside a partition's files was left by a write that was killed. */
const ABANDONED_PIECE_MS = 10 * 60 * 1000;

/**
 * Removes the hidden pieces an earlier, killed write of the same source left in these partition
 * folders (the source is written again because it has no manifest, into the same partitions). A
 * piece younger than `ABANDONED_PIECE_MS` may belong to a write still running, and is kept.
 */
async function removeAbandonedPieces(folders: readonly string[], sha256: string, ours: ReadonlySet<string>): Promise<void> {
  const prefix = `.${sha256.slice(0, 16)}-`;
  const now = Date.now();
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith('.partial') || ours.has(join(folder, name))) continue;
      const info = await stat(join(folder, name)).catch(() => null);
      if (info && now - info.mtimeMs > ABANDONED_PIECE_MS) await rm(join(folder, name), { force: true });
    }
  }
}

/**
 * DuckDB starts a second file for a partition when a write has more partitions open than it
 * allows at once; the layout has one file per source and partition, so the pieces become one.
 */
async function mergePieces(database: DuckDbDatabase, pieces: readonly string[], target: string): Promise<string> {
  const list = pieces.map((path) => quoteSqlString(path)).join(', ');
  await database.runStatement(`COPY (SELECT * FROM read_parquet([${list}], hive_partitioning = false)) TO ${quoteSqlString(target)} (FORMAT parquet, COMPRESSION snappy)`);
  await Promise.all(pieces.map((path) => rm(path)));
  return target;
}

function partitionOf(period: Period | null, province: string | null): [number, number, string] {
  return [period?.year ?? 0, period?.quarter ?? 0, province ?? UNKNOWN_PROVINCE];
}

function factRow(fact: FactDraft): AppendValue[] {
  return [
    ...partitionOf(fact.period, fact.province),
    formatPeriod(fact.period), fact.metric, fact.value, fact.denominator, fact.unit, fact.approx,
    fact.sourceRow, fact.evidence, fact.spanStart, fact.spanEnd, fact.note,
  ];
}

function rejectionRow(rejection: RejectionDraft): AppendValue[] {
  return [
    ...partitionOf(rejection.period, rejection.province),
    rejection.period ? formatPeriod(rejection.period) : null, rejection.sourceRow, rejection.column, rejection.rawValue, rejection.reason,
  ];
}
