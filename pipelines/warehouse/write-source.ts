/**
 * Writes one source's facts and rejections as Parquet: one DuckDB write per table per source,
 * split into Hive partitions, each file put in place whole, then the manifest last.
 */
import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { formatPeriod, type Period } from '../period.js';
import type { FactDraft, RejectionDraft, SourceResult } from '../facts/source-result.js';
import { quoteSqlIdentifier, quoteSqlString, type AppendValue, type DuckDbDatabase } from './duckdb-database.js';
import { FACT_COLUMNS, PARTITION_COLUMNS, REJECTION_COLUMNS } from './table-columns.js';
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

/** Reads a source, handing each accepted fact to `onFact` as it goes; returns the rest of the result. */
export type SourceReader = (onFact: (fact: FactDraft) => void) => Omit<SourceResult, 'facts'>;

export interface WrittenSource {
  readonly manifest: Manifest;
  /** The reading without its facts, which went straight to the Parquet writer. */
  readonly outline: Omit<SourceResult, 'facts'>;
  /** Periods of the accepted facts, sorted. */
  readonly periods: readonly string[];
}

/**
 * Like `writeSource`, for a source read as a stream: each fact goes into DuckDB as soon as it is
 * read, so memory does not grow with the number of rows (still one Parquet write per table).
 */
export async function writeSourceStream(
  read: SourceReader,
  provenance: SourceProvenance,
  storage: WarehouseStorage,
  database: DuckDbDatabase,
): Promise<WrittenSource> {
  const scratch = await storage.createScratch();
  const tableSuffix = randomUUID().replaceAll('-', '');
  const factTable = `facts_${tableSuffix}`;
  const rejectionTable = `rejections_${tableSuffix}`;
  try {
    const partitions = new Map<string, Manifest['partitions'][number]>();
    const count = (row: readonly AppendValue[], field: 'facts' | 'rejections'): void => {
      const [year, quarter, province] = row as [number, number, string];
      const id = `${year}|${quarter}|${province}`;
      const entry = partitions.get(id) ?? { year, quarter, province, facts: 0, rejections: 0 };
      entry[field]++;
      partitions.set(id, entry);
    };
    const periods = new Set<string>();

    const factWriter = await database.createTableWriter(factTable, FACT_TABLE_COLUMNS);
    let outline: Omit<SourceResult, 'facts'>;
    try {
      outline = read((fact) => {
        const row = factRow(fact, provenance);
        factWriter.append(row);
        count(row, 'facts');
        periods.add(row[3] as string);
      });
    } finally {
      factWriter.close();
    }
    const factFiles = await writeTableFiles(database, storage, scratch, 'facts', provenance.sha256, factTable, factWriter.rows, partitions, 'facts');

    const rejectionWriter = await database.createTableWriter(rejectionTable, REJECTION_TABLE_COLUMNS);
    try {
      for (const rejection of outline.rejections) {
        const row = rejectionRow(rejection, provenance);
        rejectionWriter.append(row);
        count(row, 'rejections');
      }
    } finally {
      rejectionWriter.close();
    }
    const rejectionFiles = await writeTableFiles(database, storage, scratch, 'rejections', provenance.sha256, rejectionTable, rejectionWriter.rows, partitions, 'rejections');

    const accepted = factWriter.rows;
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
      rejected: outline.unreadable ? 0 : outline.rejections.length,
      warnings: [...outline.warnings],
      partitions: [...partitions.values()].sort((a, b) => a.year - b.year || a.quarter - b.quarter || a.province.localeCompare(b.province)),
      files: [...factFiles, ...rejectionFiles],
      ingested_at: provenance.ingestedAt.toISOString(),
      pipeline_version: provenance.pipelineVersion,
    };
    await storage.putText(manifestKey(provenance.sha256), `${JSON.stringify(manifest, null, 2)}\n`);
    return { manifest, outline, periods: [...periods].sort() };
  } finally {
    await database.dropTable(factTable).catch(() => undefined);
    await database.dropTable(rejectionTable).catch(() => undefined);
    await storage.releaseScratch(scratch);
  }
}

const FACT_TABLE_COLUMNS = [...PARTITION_COLUMNS, ...FACT_COLUMNS];
const REJECTION_TABLE_COLUMNS = [...PARTITION_COLUMNS, ...REJECTION_COLUMNS];

// A partition value DuckDB writes into a Hive path as it is, with nothing to escape.
const PLAIN_PARTITION_VALUE = /^[A-Za-z0-9-]+$/;

/**
 * Writes a loaded table as one Parquet file per partition and puts each in place. A source with
 * one partition (the usual quarterly upload) is written straight to one file; a source spanning
 * several goes through DuckDB's partitioned write, whose pieces of one partition are merged.
 */
async function writeTableFiles(
  database: DuckDbDatabase,
  storage: WarehouseStorage,
  scratch: string,
  tableName: 'facts' | 'rejections',
  sha256: string,
  table: string,
  rows: number,
  partitions: ReadonlyMap<string, Manifest['partitions'][number]>,
  field: 'facts' | 'rejections',
): Promise<string[]> {
  if (rows === 0) return [];
  const used = [...partitions.values()].filter((partition) => partition[field] > 0);
  const only = used.length === 1 ? used[0] : undefined;
  if (only && PLAIN_PARTITION_VALUE.test(only.province)) {
    const path = join(scratch, `${tableName}.parquet`);
    const dataColumns = (tableName === 'facts' ? FACT_COLUMNS : REJECTION_COLUMNS).map((column) => quoteSqlIdentifier(column.name)).join(', ');
    await database.run(`COPY (SELECT ${dataColumns} FROM ${quoteSqlIdentifier(table)}) TO ${quoteSqlString(path)} (FORMAT parquet, COMPRESSION zstd)`);
    const key = `${tableName}/year=${only.year}/quarter=${only.quarter}/province=${only.province}/${sha256}.parquet`;
    await storage.putFile(key, path);
    return [key];
  }
  const folder = join(scratch, tableName);
  await database.writePartitionedParquet(table, PARTITION_NAMES, folder);
  const piecesByPartition = new Map<string, string[]>();
  for (const path of await listFiles(folder)) {
    const partitionPath = relative(folder, path).split(sep).slice(0, -1).join('/');
    piecesByPartition.set(partitionPath, [...(piecesByPartition.get(partitionPath) ?? []), path]);
  }
  const keys: string[] = [];
  for (const [partitionPath, pieces] of piecesByPartition) {
    const path = pieces.length === 1 ? pieces[0]! : await mergePieces(database, pieces, join(folder, partitionPath, 'merged.parquet.tmp'));
    const key = `${tableName}/${partitionPath}/${sha256}.parquet`;
    await storage.putFile(key, path);
    keys.push(key);
  }
  return keys.sort();
}

/**
 * DuckDB starts a second file for a partition when a write has more partitions open than it
 * allows at once; the layout has one file per source and partition, so the pieces become one.
 */
async function mergePieces(database: DuckDbDatabase, pieces: readonly string[], target: string): Promise<string> {
  const list = pieces.map((path) => quoteSqlString(path)).join(', ');
  await database.run(`COPY (SELECT * FROM read_parquet([${list}], hive_partitioning = false)) TO ${quoteSqlString(target)} (FORMAT parquet, COMPRESSION zstd)`);
  await Promise.all(pieces.map((path) => rm(path)));
  return target;
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.parquet')).map((entry) => join(entry.parentPath, entry.name)).sort();
}

function partitionOf(period: Period | null, province: string | null): [number, number, string] {
  return [period?.year ?? 0, period?.quarter ?? 0, province ?? UNKNOWN_PROVINCE];
}

function factRow(fact: FactDraft, provenance: SourceProvenance): AppendValue[] {
  return [
    ...partitionOf(fact.period, fact.province),
    formatPeriod(fact.period), fact.metric, fact.value, fact.denominator, fact.unit, fact.approx,
    provenance.kind, provenance.key, provenance.sha256, fact.sourceRow, fact.evidence, fact.spanStart, fact.spanEnd,
    fact.note, provenance.ingestedAt, provenance.pipelineVersion,
  ];
}

function rejectionRow(rejection: RejectionDraft, provenance: SourceProvenance): AppendValue[] {
  return [
    ...partitionOf(rejection.period, rejection.province),
    rejection.period ? formatPeriod(rejection.period) : null, provenance.kind, provenance.key, provenance.sha256,
    rejection.sourceRow, rejection.column, rejection.rawValue, rejection.reason, provenance.ingestedAt, provenance.pipelineVersion,
  ];
}
