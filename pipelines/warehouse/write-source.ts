/**
 * Writes one source's facts and rejections as Parquet: one DuckDB write per table per source,
 * split into Hive partitions, each file put in place whole, then the manifest last.
 */
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { formatPeriod, type Period } from '../period.js';
import type { FactDraft, RejectionDraft, SourceResult } from '../facts/source-result.js';
import type { AppendValue, DuckDbDatabase } from './duckdb-database.js';
import { FACT_COLUMNS, PARTITION_COLUMNS, REJECTION_COLUMNS, type TableColumn } from './table-columns.js';
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
  const scratch = await storage.createScratch();
  const tableSuffix = randomUUID().replaceAll('-', '');
  try {
    const factRows = result.facts.map((fact) => factRow(fact, provenance));
    const rejectionRows = result.rejections.map((rejection) => rejectionRow(rejection, provenance));
    const factFiles = await writeTable(database, storage, scratch, 'facts', provenance.sha256, `facts_${tableSuffix}`,
      [...PARTITION_COLUMNS, ...FACT_COLUMNS], factRows);
    const rejectionFiles = await writeTable(database, storage, scratch, 'rejections', provenance.sha256, `rejections_${tableSuffix}`,
      [...PARTITION_COLUMNS, ...REJECTION_COLUMNS], rejectionRows);

    const partitions = new Map<string, Manifest['partitions'][number]>();
    const count = (row: readonly AppendValue[], field: 'facts' | 'rejections'): void => {
      const [year, quarter, province] = row as [number, number, string];
      const id = `${year}|${quarter}|${province}`;
      const entry = partitions.get(id) ?? { year, quarter, province, facts: 0, rejections: 0 };
      entry[field]++;
      partitions.set(id, entry);
    };
    factRows.forEach((row) => count(row, 'facts'));
    rejectionRows.forEach((row) => count(row, 'rejections'));

    const manifest: Manifest = {
      source_key: provenance.key,
      source_sha256: provenance.sha256,
      source_kind: provenance.kind,
      size_bytes: provenance.sizeBytes,
      status: result.unreadable ? 'rejected' : 'ingested',
      reason: result.unreadable ?? null,
      landing_province: provenance.landingProvince,
      landing_period: provenance.landingPeriod ? formatPeriod(provenance.landingPeriod) : null,
      read: result.read,
      accepted: result.facts.length,
      rejected: result.unreadable ? 0 : result.rejections.length,
      warnings: [...result.warnings],
      partitions: [...partitions.values()].sort((a, b) => a.year - b.year || a.quarter - b.quarter || a.province.localeCompare(b.province)),
      files: [...factFiles, ...rejectionFiles],
      ingested_at: provenance.ingestedAt.toISOString(),
      pipeline_version: provenance.pipelineVersion,
    };
    await storage.putText(manifestKey(provenance.sha256), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    await storage.releaseScratch(scratch);
  }
}

async function writeTable(
  database: DuckDbDatabase,
  storage: WarehouseStorage,
  scratch: string,
  tableName: 'facts' | 'rejections',
  sha256: string,
  temporaryTable: string,
  columns: readonly TableColumn[],
  rows: readonly (readonly AppendValue[])[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const folder = join(scratch, tableName);
  try {
    await database.loadTable(temporaryTable, columns, rows);
    await database.writePartitionedParquet(temporaryTable, PARTITION_NAMES, folder);
  } finally {
    await database.dropTable(temporaryTable);
  }
  const keys: string[] = [];
  for (const path of await listFiles(folder)) {
    const partitionPath = relative(folder, path).split(sep).slice(0, -1).join('/');
    const key = `${tableName}/${partitionPath}/${sha256}.parquet`;
    await storage.putFile(key, path);
    keys.push(key);
  }
  return keys.sort();
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
