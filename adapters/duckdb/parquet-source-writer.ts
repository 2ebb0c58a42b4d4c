/**
 * The DuckDB implementation of the source-writer port: a source's facts and rejections staged as
 * they are read, then written as Parquet, one file per table and Hive partition, each put in place
 * whole, and the manifest last.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { FactDraft, RejectionDraft, SourceOutline } from '../../pipelines/facts/source-result.js';
import type { CheckedRows, TextRows } from '../../pipelines/facts/text-rows.js';
import {
  PARTITION_NAMES,
  sourceFileKey,
  type Partition,
  type PartitionedTable,
} from '../../pipelines/warehouse/layout.js';
import { manifestKey, type SourceBinding } from '../../pipelines/warehouse/manifest.js';
import {
  bindingOf,
  buildManifest,
  type SourceProvenance,
  type SourceWrite,
  type SourceWriter,
  type WrittenSource,
} from '../../pipelines/warehouse/source-writer.js';
import { FACT_COLUMNS, REJECTION_COLUMNS } from '../../pipelines/warehouse/table-columns.js';
import type { WarehouseStorage } from '../../pipelines/warehouse/warehouse-storage.js';
import type { SqlValue } from '../../pipelines/query/query-runner.js';
import { forEachAtOnce } from '../../pipelines/ingest/at-once.js';
import { timeStageAsync, type StageObserver } from '../../pipelines/ingest/stages.js';
import { literalPath, quoteSqlIdentifier, quoteSqlString, type DuckDbDatabase } from './duckdb-database.js';
import {
  FACT_STAGING_COLUMNS,
  factRow,
  REJECTION_STAGING_COLUMNS,
  rejectionRow,
  ROW_NUMBER,
  RowFile,
} from './row-file.js';
import { CheckedSource, type StagedRows } from './row-checks/checked-source.js';
import { type PartitionCount, SourceTally } from './source-tally.js';

export interface ParquetSourceWriterOptions {
  readonly storage: WarehouseStorage;
  /** A connection of its own: writes on one connection run one at a time. */
  readonly database: DuckDbDatabase;
  /**
   * The warehouse's local folder, when the storage is one: a source spanning several partitions is
   * then written straight into its partition folders under hidden names and renamed into place,
   * instead of through a scratch tree of thousands of folders.
   */
  readonly localRoot?: string | undefined;
  /** Told how long each source's `write` (its Parquet files) and `commit` (its manifest) took. */
  readonly onStage?: StageObserver | undefined;
}

/** Writes sources as Parquet with DuckDB into a warehouse storage. */
export class ParquetSourceWriter implements SourceWriter {
  constructor(private readonly options: ParquetSourceWriterOptions) {}

  async open(provenance: SourceProvenance): Promise<SourceWrite> {
    const scratch = await timeStageAsync(this.options.onStage, 'write', () => this.options.storage.createScratch());
    return new ParquetSourceWrite(this.options, provenance, scratch);
  }
}

/** One source's write: rows staged in the scratch folder, so memory does not grow with the rows. */
class ParquetSourceWrite implements SourceWrite {
  private readonly facts: RowFile;
  private readonly rejections: RowFile;
  private readonly tally = new SourceTally();
  private released = false;
  /** The rows the engine checked, if it did. */
  private checked: CheckedSource | undefined;

  constructor(
    private readonly options: ParquetSourceWriterOptions,
    private readonly provenance: SourceProvenance,
    private readonly scratch: string,
  ) {
    this.facts = new RowFile(join(scratch, 'facts.ndjson'), FACT_STAGING_COLUMNS);
    this.rejections = new RowFile(join(scratch, 'rejections.ndjson'), REJECTION_STAGING_COLUMNS);
  }

  addFact(fact: FactDraft): void {
    const row = factRow(fact);
    this.facts.append(row);
    this.tally.fact(row);
  }

  addRejection(rejection: RejectionDraft): void {
    const row = rejectionRow(rejection);
    this.rejections.append(row);
    this.tally.rejection(row, rejection);
  }

  async checkRows(rows: TextRows): Promise<CheckedRows> {
    if (this.checked) throw new Error('the rows of a source are checked once');
    this.checked = await CheckedSource.check(this.options.database, this.scratch, rows, this.tally);
    return this.checked.checked;
  }

  async commit(outline: Omit<SourceOutline, 'rejections'>): Promise<WrittenSource> {
    const { storage, database, localRoot } = this.options;
    const { provenance, scratch } = this;
    try {
      this.facts.close();
      this.rejections.close();
      const constants = sourceConstants(provenance);
      const binding = bindingOf(provenance);
      const target = {
        database,
        storage,
        scratch,
        localRoot,
        sha256: provenance.sha256,
        binding,
        partitions: this.tally.partitions,
        constants,
      };
      const { onStage } = this.options;
      const facts = this.checked?.staged('facts', this.facts) ?? this.facts;
      const rejections = this.checked?.staged('rejections', this.rejections) ?? this.rejections;
      const [factFiles, rejectionFiles] = await timeStageAsync(onStage, 'write', async () => [
        await writeTableFiles(target, 'facts', facts),
        await writeTableFiles(target, 'rejections', rejections),
      ]);
      const manifest = buildManifest(provenance, outline, {
        accepted: facts.rows,
        rejected: rejections.rows,
        partitions: [...this.tally.partitions.values()],
        files: [...factFiles, ...rejectionFiles],
      });
      // One line: Athena's JSON SerDe reads one record per line.
      await timeStageAsync(onStage, 'commit', () =>
        storage.putText(manifestKey(provenance.sha256, binding), `${JSON.stringify(manifest)}\n`),
      );
      return {
        manifest,
        rejections: this.tally.kept,
        rejected: manifest.rejected,
        rejectionsOmitted: this.tally.rejectionsOmitted,
        periods: this.tally.periods,
      };
    } finally {
      await this.abort();
    }
  }

  async abort(): Promise<void> {
    this.facts.close();
    this.rejections.close();
    if (this.released) return;
    this.released = true;
    try {
      await this.checked?.release();
    } finally {
      await this.options.storage.releaseScratch(this.scratch);
    }
  }
}

/** Where and how a source's tables are written. */
interface WriteTarget {
  readonly database: DuckDbDatabase;
  readonly storage: WarehouseStorage;
  readonly scratch: string;
  readonly localRoot: string | undefined;
  readonly sha256: string;
  readonly binding: SourceBinding;
  readonly partitions: ReadonlyMap<string, PartitionCount>;
  readonly constants: SourceConstants;
}

/** The columns every row of a source shares, from its provenance. */
export function sourceConstants(provenance: SourceProvenance): SourceConstants {
  return {
    kind: provenance.kind,
    key: provenance.key,
    sha256: provenance.sha256,
    at: provenance.ingestedAt,
    version: provenance.pipelineVersion,
    uploaded: provenance.uploadedAt,
    sequence: provenance.uploadSequence,
  };
}

export interface SourceConstants {
  readonly kind: string;
  readonly key: string;
  readonly sha256: string;
  readonly at: Date;
  readonly version: string;
  readonly uploaded: Date;
  readonly sequence: string | null;
}

/** Alias of the source's constants, one row joined to every staged row in the grouped Parquet write. */
export const CONSTANTS_ALIAS = 'source_constants';

/** A source's constants as the JSON record the grouped Parquet write reads (see `CONSTANT_TYPES`). */
export function constantsRecord(constants: SourceConstants): Record<string, string | number | null> {
  return {
    kind: constants.kind,
    key: constants.key,
    sha256: constants.sha256,
    at: timestampText(constants.at),
    version: constants.version,
    uploaded: timestampText(constants.uploaded),
    sequence: constants.sequence,
  };
}

/** The fields of `constantsRecord` with their DuckDB types, for `read_json`'s `columns`. */
export const CONSTANT_TYPES =
  "'kind': 'VARCHAR', 'key': 'VARCHAR', 'sha256': 'VARCHAR', 'at': 'TIMESTAMP', 'version': 'VARCHAR', " +
  "'uploaded': 'TIMESTAMP', 'sequence': 'VARCHAR'";

/**
 * The table's data columns in warehouse order, the source's constants from their joined row or,
 * with `bound`, from the parameters `$1` to `$5` (values from `constantParameters`).
 */
export function selectDataColumns(tableName: PartitionedTable, bound = false): string {
  const constant = (field: string, parameter: number, type: string): string =>
    bound ? `CAST($${parameter} AS ${type})` : `${quoteSqlIdentifier(CONSTANTS_ALIAS)}.${quoteSqlIdentifier(field)}`;
  const fromConstants: Record<string, string> = {
    source_kind: constant('kind', 1, 'VARCHAR'),
    source_key: constant('key', 2, 'VARCHAR'),
    source_sha256: constant('sha256', 3, 'VARCHAR'),
    ingested_at: constant('at', 4, 'TIMESTAMP'),
    rejected_at: constant('at', 4, 'TIMESTAMP'),
    pipeline_version: constant('version', 5, 'VARCHAR'),
    uploaded_at: constant('uploaded', 6, 'TIMESTAMP'),
    upload_sequence: constant('sequence', 7, 'VARCHAR'),
  };
  return (tableName === 'facts' ? FACT_COLUMNS : REJECTION_COLUMNS)
    .map(
      (column) =>
        `${fromConstants[column.name] ?? `${quoteSqlIdentifier(ROWS_ALIAS)}.${quoteSqlIdentifier(column.name)}`} AS ${quoteSqlIdentifier(column.name)}`,
    )
    .join(', ');
}
export const ROWS_ALIAS = 'staged';

function constantParameters(constants: SourceConstants): SqlValue[] {
  return [
    constants.kind,
    constants.key,
    constants.sha256,
    timestampText(constants.at),
    constants.version,
    timestampText(constants.uploaded),
    constants.sequence,
  ];
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
async function writeTableFiles(target: WriteTarget, tableName: PartitionedTable, rows: StagedRows): Promise<string[]> {
  const { database, storage, scratch, localRoot, sha256, binding, partitions, constants } = target;
  if (rows.rows === 0) return [];
  const used = [...partitions.values()].filter((partition) => partition[tableName] > 0);
  const only = used.length === 1 ? used[0] : undefined;
  const order = quoteSqlIdentifier(ROW_NUMBER);
  if (only && PLAIN_PARTITION_VALUE.test(only.province)) {
    const path = join(scratch, `${tableName}.parquet`);
    // The constants are bound, not joined, and the rows need no sort (staged in source order, they
    // are written in the order read): a small source's write is then one short plan, and the text
    // is the same for every source written through a reused scratch folder, so it is prepared once.
    // Snappy, as in the partitioned write: zstd's setup per column costs more than it saves here
    // (one partition holds at most one value per metric, so its facts are always few).
    const staged = `${rows.source()} ${quoteSqlIdentifier(ROWS_ALIAS)}`;
    const select = `SELECT ${selectDataColumns(tableName, true)} FROM ${staged}`;
    await database.runPrepared(
      `COPY (${select}) TO ${quoteSqlString(path)} (FORMAT parquet, COMPRESSION snappy)`,
      constantParameters(constants),
    );
    const key = sourceFileKey(tableName, only, sha256, binding);
    await storage.putFile(key, path);
    return [key];
  }
  // Local storage: the partitioned write goes straight into the table's partition folders under
  // hidden names, each file then renamed into place in its own folder; no scratch tree of
  // thousands of folders to create and delete. Other storage: the scratch folder, then uploads.
  const inPlace = localRoot !== undefined;
  const folder = inPlace ? join(localRoot, tableName) : join(scratch, tableName);
  const writeId = `${sha256.slice(0, 16)}-${randomUUID()}`;
  if (inPlace) await mkdir(folder, { recursive: true });
  const partitionList = PARTITION_NAMES.map((name) => quoteSqlIdentifier(name)).join(', ');
  // DuckDB holds up to half a million rows before writing partitions out; with thousands of
  // partitions that costs far more memory (about 400 MB more for a million rows) than time.
  await database.runStatement(`SET partitioned_write_flush_threshold = ${PARTITIONED_WRITE_FLUSH_ROWS}`);
  const copyOf = (from: string, where: string) =>
    `COPY (SELECT ${partitionList}, ${selectDataColumns(tableName, true)} FROM ${from} ${quoteSqlIdentifier(ROWS_ALIAS)}${where} ORDER BY ${partitionList}, ${order}) TO ${quoteSqlString(folder)} ` +
    `(FORMAT parquet, COMPRESSION snappy, PARTITION_BY (${partitionList}), FILENAME_PATTERN ${quoteSqlString(`.${writeId}-{i}`)}, ` +
    `FILE_EXTENSION 'partial', OVERWRITE_OR_IGNORE true, RETURN_FILES true)`;
  const quarters = quartersOf(used);
  const written: string[] = [];
  if (quarters.length === 1 || used.length <= PARTITIONS_IN_ONE_WRITE) {
    written.push(...(await database.copyReturningFiles(copyOf(rows.source(), ''), constantParameters(constants))));
  } else {
    // DuckDB reserves memory for every partition a partitioned write has open, whether it holds one
    // row or thousands: a source whose rows are spread over thousands of partitions (a rejection in
    // each quarter of a decade) exceeds any memory limit in one write. Read once, it is written a
    // quarter at a time (at most one partition per province open at once).
    // Sorted by partition, each quarter's rows are in a few blocks of the table, which its write
    // reads alone (DuckDB skips blocks whose year and quarter cannot match).
    const copy = rows.partitionOrdered === undefined;
    const table = quoteSqlIdentifier(rows.partitionOrdered ?? `staged_${writeId}`);
    if (copy)
      await database.runStatement(
        `CREATE TEMP TABLE ${table} AS SELECT * FROM ${rows.source()} ORDER BY ${partitionList}, ${order}`,
      );
    try {
      const where = ` WHERE ${quoteSqlIdentifier('year')} = $8 AND ${quoteSqlIdentifier('quarter')} = $9`;
      for (const { year, quarter } of quarters) {
        const parameters = [...constantParameters(constants), year, quarter];
        written.push(...(await database.copyReturningFiles(copyOf(table, where), parameters)));
      }
    } catch (error) {
      if (inPlace) await Promise.all(written.map((path) => rm(path, { force: true })));
      throw error;
    } finally {
      if (copy) await database.runStatement(`DROP TABLE IF EXISTS ${table}`);
    }
  }
  try {
    const piecesByFolder = new Map<string, string[]>();
    for (const path of written) piecesByFolder.set(dirname(path), [...(piecesByFolder.get(dirname(path)) ?? []), path]);
    const files: { key: string; path: string }[] = [];
    for (const [partitionFolder, pieces] of piecesByFolder) {
      const partitionPath = relative(folder, partitionFolder).split(sep).join('/');
      const path =
        pieces.length === 1
          ? pieces[0]!
          : await mergePieces(database, pieces.sort(), join(partitionFolder, `.${writeId}.merged.partial`));
      files.push({ key: sourceFileKey(tableName, partitionOfPath(partitionPath), sha256, binding), path });
    }
    await forEachAtOnce(files, PUTS_AT_ONCE, ({ key, path }) => storage.putFile(key, path));
    if (inPlace) await removeAbandonedPieces([...piecesByFolder.keys()], sha256, new Set(written));
    return files.map(({ key }) => key).sort();
  } catch (error) {
    // Nothing half-done stays beside the real files (a file already put in place is complete).
    if (inPlace) await Promise.all(written.map((path) => rm(path, { force: true })));
    throw error;
  }
}

/**
 * Partitions a source may span and still be written in one partitioned write: DuckDB reserves
 * about 256 KiB a partition and thread, a few tens of MiB here, well within any memory limit.
 */
const PARTITIONS_IN_ONE_WRITE = 64;

/** The quarters of these partitions, in order. */
function quartersOf(partitions: readonly Partition[]): { year: number; quarter: number }[] {
  const quarters = new Map<number, { year: number; quarter: number }>();
  for (const { year, quarter } of partitions) quarters.set(year * 4 + quarter, { year, quarter });
  return [...quarters.entries()].sort(([a], [b]) => a - b).map(([, value]) => value);
}

/** The partition a Hive path such as `year=2024/quarter=3/province=VN-22` names. */
function partitionOfPath(path: string): Partition {
  const values = new Map(path.split('/').map((segment) => segment.split('=', 2) as [string, string]));
  const year = Number(values.get('year'));
  const quarter = Number(values.get('quarter'));
  const province = values.get('province');
  if (!Number.isInteger(year) || !Number.isInteger(quarter) || province === undefined)
    throw new Error(`DuckDB wrote to an unexpected folder ${path}`);
  return { year, quarter, province };
}

/** A hidden piece older than this beside a partition's files was left by a write that was killed. */
const ABANDONED_PIECE_MS = 10 * 60 * 1000;

/**
 * Removes the hidden pieces an earlier, killed write of the same source left in these partition
 * folders (the source is written again because it has no manifest, into the same partitions). A
 * piece younger than `ABANDONED_PIECE_MS` may belong to a write still running, and is kept.
 */
async function removeAbandonedPieces(
  folders: readonly string[],
  sha256: string,
  ours: ReadonlySet<string>,
): Promise<void> {
  const prefix = `.${sha256.slice(0, 16)}-`;
  const now = Date.now();
  await forEachAtOnce(folders, PUTS_AT_ONCE, async (folder) => {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith('.partial') || ours.has(join(folder, name))) continue;
      const info = await stat(join(folder, name)).catch(() => null);
      if (info && now - info.mtimeMs > ABANDONED_PIECE_MS) await rm(join(folder, name), { force: true });
    }
  });
}

/**
 * Files put in place, manifests written and partition folders looked through at the same time:
 * each waits on the file system or the bucket.
 */
export const PUTS_AT_ONCE = 16;

/**
 * DuckDB starts a second file for a partition when a write has more partitions open than it
 * allows at once; the layout has one file per source and partition, so the pieces become one.
 */
export async function mergePieces(
  database: DuckDbDatabase,
  pieces: readonly string[],
  target: string,
): Promise<string> {
  const list = pieces.map((path) => quoteSqlString(literalPath(path))).join(', ');
  await database.runStatement(
    `COPY (SELECT * FROM read_parquet([${list}], hive_partitioning = false)) TO ${quoteSqlString(target)} (FORMAT parquet, COMPRESSION snappy)`,
  );
  await Promise.all(pieces.map((path) => rm(path)));
  return target;
}
