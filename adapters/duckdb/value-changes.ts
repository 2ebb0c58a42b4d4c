/**
 * The values sources changed in the `metrics` view, for many sources in one query: for each value
 * a source gives, the value current before it beside its own, ranked by the warehouse's
 * `CURRENT_VALUE_ORDER`. Two "befores" are read at once: among the sources ingested before it (its
 * receipt; exact whenever it is computed, since only sources ingested up to it count), and among
 * every source outside the run (the ingest summary). Only the partition folders the sources wrote
 * facts to are read.
 */
import { randomUUID } from 'node:crypto';
import type { ComparedValue, RankedValue } from '../../pipelines/ingest/value-changes.js';
import { formatPeriod } from '../../pipelines/period.js';
import type { FactDraft } from '../../pipelines/facts/source-result.js';
import { partitionFolderKey, partitionOf, type Partition } from '../../pipelines/warehouse/layout.js';
import { type Manifest, manifestKey, type SourceKind } from '../../pipelines/warehouse/manifest.js';
import type { RunSourceValues, RunValue } from '../../pipelines/ingest/run-values.js';
import { PARTITION_COLUMNS, type TableColumn } from '../../pipelines/warehouse/table-columns.js';
import { CURRENT_VALUE_ORDER } from '../../pipelines/warehouse/views.js';
import type { WarehouseStorage } from '../../pipelines/warehouse/warehouse-storage.js';
import { quoteSqlIdentifier, quoteSqlString, type DuckDbDatabase } from './duckdb-database.js';
import type { ResultRow } from '../../pipelines/query/query-runner.js';

export interface ValueChangeSource {
  readonly database: DuckDbDatabase;
  readonly storage: WarehouseStorage;
  /** A local path DuckDB can read the warehouse key from (the file itself, or a downloaded copy). */
  localPath(key: string): Promise<string>;
}

/** What one source changed: against the sources ingested before it, and against those outside its run. */
export interface SourceValueChanges {
  readonly receipt: readonly ComparedValue[];
  readonly summary: readonly ComparedValue[];
  /**
   * Its values (one per province, period and metric) that no other row of the warehouse shares:
   * nothing was current before them, for the receipt or the summary. Counted, not listed.
   */
  readonly unopposed: number;
}

/** A source not in the warehouse (a dry run): its facts, as they would be written. */
export interface PendingSource {
  readonly kind: SourceKind;
  readonly key: string;
  readonly sha256: string;
  readonly uploadedAt: Date;
  readonly uploadSequence: string | null;
  readonly facts: readonly FactDraft[];
}

/** Values of the run's sources kept in memory as they were written, by manifest key. */
export interface KeptValues {
  get(manifestKey: string): RunSourceValues | undefined;
}

/**
 * The values each committed source changed, in the order given; a run's sources are compared in
 * one query. Sources whose values were kept are not read back from their files.
 */
export async function readValueChanges(
  manifests: readonly Manifest[],
  source: ValueChangeSource,
  kept?: KeptValues,
): Promise<SourceValueChanges[]> {
  const partitions = manifests.flatMap((manifest) => manifest.partitions.filter((entry) => entry.facts > 0));
  const run = manifests.map(
    (manifest): RunSource => [manifest.source_sha256, manifest.source_key, manifest.ingested_at],
  );
  const inMemory: [number, RunSourceValues][] = [];
  const skipped = new Set<string>();
  for (const [index, manifest] of manifests.entries()) {
    const binding = { province: manifest.landing_province, period: manifest.landing_period };
    const values = kept?.get(manifestKey(manifest.source_sha256, binding));
    if (!values) continue;
    inMemory.push([index, values]);
    for (const file of manifest.files) skipped.add(file);
  }
  const [only] = manifests;
  if (manifests.length === 1 && only && inMemory.length === 0 && (await aloneInItsPartitions(only, partitions, source)))
    return [{ receipt: [], summary: [], unopposed: only.accepted }];
  return compareSources(run, partitions, skipped, source, (occupied) => keptRows(inMemory, run.length, occupied));
}

/**
 * Whether a CSV is the only source with facts in every partition it wrote to (a first upload, a
 * national backfill file): nothing was current before any of its values, and a CSV gives each
 * province, period and metric once, so each accepted value is new, without reading its files back.
 */
async function aloneInItsPartitions(
  manifest: Manifest,
  partitions: readonly Partition[],
  source: ValueChangeSource,
): Promise<boolean> {
  if (manifest.source_kind !== 'csv') return false;
  const own = new Set(manifest.files);
  const folders = new Set(partitions.map((partition) => partitionFolderKey('facts', partition)));
  for (const folder of folders) {
    for (const key of await source.storage.list(`${folder}/`)) {
      if (key.endsWith('.parquet') && !key.slice(folder.length + 1).includes('/') && !own.has(key)) return false;
    }
  }
  return true;
}

/** What a source would change if it were ingested now, against the values current in the warehouse. */
export async function readPendingValueChanges(
  pending: PendingSource,
  source: ValueChangeSource,
): Promise<readonly ComparedValue[]> {
  // Later than every source in the warehouse, so the receipt's "before" is the whole warehouse too.
  const ingestedAt = new Date(8640000000000000);
  const partitions = pending.facts.map((fact) => partitionOf(fact.period, fact.province));
  const rows = pendingRows(pending, ingestedAt);
  const run: RunSource[] = [[pending.sha256, pending.key, ingestedAt.toISOString()]];
  const [changes] = await compareSources(run, partitions, new Set(), source, () => ({ rows, unopposed: [] }));
  return changes?.summary ?? [];
}

/** Value columns the ranking and the comparison read. */
const FACT_VALUE_COLUMNS: readonly TableColumn[] = [
  { name: 'province', type: 'VARCHAR', nullable: false, description: '' },
  { name: 'period', type: 'VARCHAR', nullable: false, description: '' },
  { name: 'metric', type: 'VARCHAR', nullable: false, description: '' },
  { name: 'value', type: 'DOUBLE', nullable: false, description: '' },
  { name: 'denominator', type: 'DOUBLE', nullable: true, description: '' },
  { name: 'source_kind', type: 'VARCHAR', nullable: false, description: '' },
  { name: 'source_key', type: 'VARCHAR', nullable: false, description: '' },
  { name: 'source_sha256', type: 'VARCHAR', nullable: false, description: '' },
  { name: 'source_row', type: 'INTEGER', nullable: true, description: '' },
  { name: 'span_start', type: 'INTEGER', nullable: true, description: '' },
  { name: 'uploaded_at', type: 'TIMESTAMP', nullable: false, description: '' },
  { name: 'upload_sequence', type: 'VARCHAR', nullable: true, description: '' },
  { name: 'ingested_at', type: 'TIMESTAMP', nullable: false, description: '' },
];

const RUN_COLUMNS: readonly TableColumn[] = [
  { name: 'run_index', type: 'INTEGER', nullable: false, description: '' },
  { name: 'source_sha256', type: 'VARCHAR', nullable: false, description: '' },
  { name: 'source_key', type: 'VARCHAR', nullable: false, description: '' },
  { name: 'ingested_at', type: 'TIMESTAMP', nullable: false, description: '' },
];

/** A source of the run: its SHA-256, landing key and ingestion time, which find its rows. */
type RunSource = readonly [sha256: string, key: string, ingestedAt: string];

/** Rows held in memory for the comparison, and each source's unopposed values. */
interface InMemoryRows {
  readonly rows: readonly ValueRow[];
  readonly unopposed: readonly number[];
}

/**
 * Compares the run's sources with the rows of the partition files (but the skipped ones) and the
 * rows held in memory, given once the folders that have files to read are known.
 */
async function compareSources(
  run: readonly RunSource[],
  partitions: readonly Partition[],
  skipped: ReadonlySet<string>,
  source: ValueChangeSource,
  rowsInMemory: (occupied: ReadonlySet<string>) => InMemoryRows,
): Promise<SourceValueChanges[]> {
  const { paths, occupied } = await partitionFiles(partitions, skipped, source);
  const { rows: inMemory, unopposed } = rowsInMemory(occupied);
  const results = run.map((_, index) => ({
    receipt: [] as ComparedValue[],
    summary: [] as ComparedValue[],
    unopposed: unopposed[index] ?? 0,
  }));
  if (paths.length === 0 && inMemory.length === 0) return results;
  const suffix = randomUUID().replaceAll('-', '');
  const runTable = `value_change_run_${suffix}`;
  const pendingTable = `value_change_values_${suffix}`;
  const { database } = source;
  try {
    await database.loadTable(
      runTable,
      RUN_COLUMNS,
      run.map(([sha256, key, ingestedAt], index) => [index, sha256, key, ingestedAt]),
    );
    const inputs: string[] = [];
    const columns = FACT_VALUE_COLUMNS.map((column) => quoteSqlIdentifier(column.name)).join(', ');
    if (paths.length > 0) {
      const hiveTypes = PARTITION_COLUMNS.map((column) => `${quoteSqlString(column.name)}: ${column.type}`).join(', ');
      inputs.push(
        `SELECT ${columns} FROM read_parquet([${paths.map(quoteSqlString).join(', ')}], ` +
          `hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = true)`,
      );
    }
    if (inMemory.length > 0) {
      await database.loadTable(pendingTable, FACT_VALUE_COLUMNS, inMemory);
      inputs.push(`SELECT ${columns} FROM ${quoteSqlIdentifier(pendingTable)}`);
    }
    const result = await database.query(comparisonSql(inputs.join(' UNION ALL BY NAME '), runTable));
    for (const row of result.rows) {
      const target = results[Number(row.run_index)];
      if (!target) continue;
      const value = {
        province: String(row.province),
        period: String(row.period),
        metric: String(row.metric),
        value: Number(row.value),
        denominator: numberOrNull(row.denominator),
      };
      const sourcePosition = numberOrNull(row.source_before_position);
      const runPosition = numberOrNull(row.run_before_position);
      const position = Number(row.position);
      target.receipt.push({
        ...value,
        before: rankedValue(row, 'source_before'),
        becomesCurrent: sourcePosition === null || position < sourcePosition,
      });
      target.summary.push({
        ...value,
        before: rankedValue(row, 'run_before'),
        becomesCurrent: runPosition === null || position < runPosition,
      });
    }
    return results;
  } finally {
    await database.dropTable(runTable);
    await database.dropTable(pendingTable);
  }
}

/**
 * Every value row of the sources' provinces, periods and metrics gets its place in the ranking
 * (`position`, 1 is current); then, for each source and key, its own first place, the first place
 * among the rows ingested before it, and the first among the rows of no source of the run.
 */
function comparisonSql(input: string, runTable: string): string {
  const run = quoteSqlIdentifier(runTable);
  const sameKey = (a: string, b: string) =>
    `${a}.province = ${b}.province AND ${a}.period = ${b}.period AND ${a}.metric = ${b}.metric`;
  const at = (alias: string, position: string) =>
    `LEFT JOIN ranked ${alias} ON ${sameKey(alias, 'p')} AND ${alias}.position = p.${position}`;
  return (
    `WITH f AS (${input}), ` +
    `tagged AS (SELECT f.*, r.run_index AS owner FROM f LEFT JOIN ${run} r ON r.source_sha256 = f.source_sha256 ` +
    'AND r.source_key = f.source_key AND r.ingested_at = f.ingested_at), ' +
    'run_keys AS (SELECT DISTINCT province, period, metric FROM tagged WHERE owner IS NOT NULL), ' +
    'ranked AS MATERIALIZED (SELECT t.*, ROW_NUMBER() OVER (PARTITION BY t.province, t.period, t.metric ' +
    `ORDER BY ${CURRENT_VALUE_ORDER}) AS position FROM tagged t SEMI JOIN run_keys k ON ${sameKey('t', 'k')}), ` +
    'own AS (SELECT owner, province, period, metric, MIN(position) AS position FROM ranked ' +
    'WHERE owner IS NOT NULL GROUP BY owner, province, period, metric), ' +
    'p AS (SELECT o.owner, o.province, o.period, o.metric, o.position, ' +
    'MIN(r.position) FILTER (WHERE r.ingested_at < s.ingested_at) AS source_before, ' +
    'MIN(r.position) FILTER (WHERE r.owner IS NULL) AS run_before ' +
    `FROM own o JOIN ${run} s ON s.run_index = o.owner JOIN ranked r ON ${sameKey('r', 'o')} ` +
    'GROUP BY o.owner, o.province, o.period, o.metric, o.position) ' +
    'SELECT p.owner AS run_index, p.province, p.period, p.metric, p.position, n.value, n.denominator, ' +
    'p.source_before AS source_before_position, b.value AS source_before_value, ' +
    'b.denominator AS source_before_denominator, b.source_key AS source_before_key, ' +
    'p.run_before AS run_before_position, c.value AS run_before_value, c.denominator AS run_before_denominator, ' +
    `c.source_key AS run_before_key FROM p JOIN ranked n ON ${sameKey('n', 'p')} AND n.position = p.position ` +
    `${at('b', 'source_before')} ${at('c', 'run_before')} ` +
    // A source's values in its own order: the summary lists its changes as the file gives them.
    'ORDER BY p.owner, n.source_row NULLS LAST, n.span_start NULLS LAST, p.province, p.period, p.metric'
  );
}

/**
 * The Parquet files directly in the partition folders (each once, but the skipped keys), as paths
 * DuckDB reads, and the folders (`facts/year=…/quarter=…/province=…`) that hold any of them.
 */
async function partitionFiles(
  partitions: readonly Partition[],
  skipped: ReadonlySet<string>,
  source: ValueChangeSource,
): Promise<{ paths: string[]; occupied: Set<string> }> {
  const folders = new Set(partitions.map((partition) => partitionFolderKey('facts', partition)));
  const paths: string[] = [];
  const occupied = new Set<string>();
  for (const folder of folders) {
    for (const key of await source.storage.list(`${folder}/`)) {
      if (skipped.has(key) || !key.endsWith('.parquet') || key.slice(folder.length + 1).includes('/')) continue;
      paths.push(await source.localPath(key));
      occupied.add(folder);
    }
  }
  return { paths, occupied };
}

/** A row of `FACT_VALUE_COLUMNS`. */
type ValueRow = readonly (string | number | Date | null)[];

/**
 * The kept values DuckDB must rank: those of a province, period and metric that another source
 * of the run also gives, or whose partition has files to read. Each other key is counted as its
 * source's unopposed value: no row but its own holds it.
 */
function keptRows(
  sources: readonly (readonly [number, RunSourceValues])[],
  runLength: number,
  occupied: ReadonlySet<string>,
): InMemoryRows {
  const keyOf = (value: RunValue) => `${value.province}|${value.period}|${value.metric}`;
  // The one source giving each key, or -1 when several do.
  const giver = new Map<string, number>();
  for (const [index, { values }] of sources) {
    for (const value of values) {
      const key = keyOf(value);
      const other = giver.get(key);
      giver.set(key, other === undefined || other === index ? index : -1);
    }
  }
  const rows: ValueRow[] = [];
  const unopposed = new Array<number>(runLength).fill(0);
  for (const [index, { provenance, values }] of sources) {
    const { kind, key, sha256, uploadedAt, uploadSequence, ingestedAt } = provenance;
    const counted = new Set<string>();
    for (const value of values) {
      const valueKey = keyOf(value);
      if (giver.get(valueKey) === index && !occupied.has(partitionFolderKey('facts', value.partition))) {
        if (!counted.has(valueKey)) unopposed[index] = (unopposed[index] ?? 0) + 1;
        counted.add(valueKey);
        continue;
      }
      rows.push([
        value.province,
        value.period,
        value.metric,
        value.value,
        value.denominator,
        kind,
        key,
        sha256,
        value.sourceRow,
        value.spanStart,
        uploadedAt,
        uploadSequence,
        ingestedAt,
      ]);
    }
  }
  return { rows, unopposed };
}

function pendingRows(pending: PendingSource, ingestedAt: Date): ValueRow[] {
  return pending.facts.map((fact) => [
    partitionOf(fact.period, fact.province).province,
    formatPeriod(fact.period),
    fact.metric,
    fact.value,
    fact.denominator,
    pending.kind,
    pending.key,
    pending.sha256,
    fact.sourceRow,
    fact.spanStart,
    pending.uploadedAt,
    pending.uploadSequence,
    ingestedAt,
  ]);
}

function rankedValue(row: ResultRow, prefix: 'source_before' | 'run_before'): RankedValue | null {
  if (row[`${prefix}_position`] === null || row[`${prefix}_position`] === undefined) return null;
  return {
    value: Number(row[`${prefix}_value`]),
    denominator: numberOrNull(row[`${prefix}_denominator`]),
    sourceKey: String(row[`${prefix}_key`]),
  };
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
