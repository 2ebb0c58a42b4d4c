/**
 * What ingesting sources changes (or would change) in a local warehouse's `metrics` view: read
 * from the partition folders the sources wrote to, without the query cache, and compared in the core.
 */
import { DuckDbDatabase } from '../adapters/duckdb/duckdb-database.js';
import {
  type KeptValues,
  readPendingValueChanges,
  readValueChanges,
  type PendingSource,
} from '../adapters/duckdb/value-changes.js';
import { LocalWarehouseStorage } from '../adapters/local/local-storage.js';
import { type SourceSummary, writtenManifestKey } from '../pipelines/ingest/ingest-source.js';
import type { ValueChanges as ReceiptValueChanges } from '../pipelines/ingest/receipt.js';
import { receiptValueChanges, summariseValueChanges, type ValueChanges } from '../pipelines/ingest/value-changes.js';
import { ManifestSchema, type Manifest } from '../pipelines/warehouse/manifest.js';
import type { WarehouseStorage } from '../pipelines/warehouse/warehouse-storage.js';

/** What one source of a run changed: for its receipt, and for the summary (against the values before the run). */
export interface RunSourceChanges {
  readonly receipt: ReceiptValueChanges;
  readonly summary: ValueChanges;
}

/** Manifests read at once: enough to keep the disk busy, few enough to stay clear of the open-file limit. */
const MANIFEST_READS = 64;

/**
 * What each ingested source with accepted values changed, in one query over the partitions the
 * run wrote to; keyed by the source's manifest key.
 */
export async function readRunChanges(
  summaries: readonly SourceSummary[],
  storage: WarehouseStorage,
  database: DuckDbDatabase,
  kept?: KeptValues,
): Promise<Map<string, RunSourceChanges>> {
  const keys = summaries
    .filter((summary) => summary.status === 'ingested' && summary.accepted > 0)
    .map((summary) => writtenManifestKey(summary));
  const manifests: Manifest[] = [];
  const readManifest = async (key: string): Promise<Manifest> =>
    kept?.get(key)?.manifest ?? ManifestSchema.parse(JSON.parse((await storage.readText(key)) ?? 'null'));
  for (let start = 0; start < keys.length; start += MANIFEST_READS)
    manifests.push(...(await Promise.all(keys.slice(start, start + MANIFEST_READS).map(readManifest))));
  const source = { database, storage, localPath: async (key: string) => storage.locate(key) };
  const changes = await readValueChanges(manifests, source, kept);
  return new Map(
    keys.map((key, index) => {
      const compared = changes[index] ?? { receipt: [], summary: [], unopposed: 0 };
      return [
        key,
        {
          receipt: receiptValueChanges(compared.receipt, compared.unopposed),
          summary: summariseValueChanges(compared.summary, compared.unopposed),
        },
      ];
    }),
  );
}

export interface ValueChangeLookup {
  /** What a source would change in the current values, were it ingested now. */
  compare(source: PendingSource): Promise<ValueChanges>;
  close(): Promise<void>;
}

/** Opens the warehouse folder for reading current values; nothing is written to it. */
export async function openValueChangeLookup(root: string): Promise<ValueChangeLookup> {
  const storage = new LocalWarehouseStorage(root);
  const database = await DuckDbDatabase.open();
  return {
    async compare(source) {
      const compared = await readPendingValueChanges(source, {
        database,
        storage,
        localPath: async (key) => storage.locate(key),
      });
      return summariseValueChanges(compared);
    },
    async close() {
      database.close();
      await storage.close();
    },
  };
}
