/**
 * Receipts of a local ingest: under `receipts/` beside the landing folder's `incoming/`, as the
 * ingest Lambda writes them into the raw bucket.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { SourceSummary } from '../pipelines/ingest/ingest-source.js';
import { describeLandingKey } from '../pipelines/ingest/landing-path.js';
import { deliverReceipt, type ReceiptStore, type ValueChanges } from '../pipelines/ingest/receipt.js';

/** Receipts kept in a landing folder (the folder holding `incoming/`). */
export class FolderReceiptStore implements ReceiptStore {
  /** Folders known to exist: a run's receipts share a few, and each is made once. */
  private readonly made = new Set<string>();

  constructor(private readonly root: string) {}

  async exists(baseKey: string): Promise<boolean> {
    return (await stat(this.pathOf(`${baseKey}.json`)).catch(() => undefined)) !== undefined;
  }

  async put(baseKey: string, files: { readonly json: string; readonly csv: string }): Promise<void> {
    const csv = this.pathOf(`${baseKey}.csv`);
    const json = this.pathOf(`${baseKey}.json`);
    if (!this.made.has(dirname(json))) {
      await mkdir(dirname(json), { recursive: true });
      this.made.add(dirname(json));
    }
    // Names of their own, so two ingests writing the same receipt never rename each other's files.
    const partial = (path: string) => `${path}.${randomUUID()}.partial`;
    const [csvPartial, jsonPartial] = [partial(csv), partial(json)];
    await Promise.all([writeFile(csvPartial, files.csv), writeFile(jsonPartial, files.json)]);
    // The CSV first and the JSON last, each renamed into place: a receipt's JSON is never half written.
    await rename(csvPartial, csv);
    await rename(jsonPartial, json);
  }

  private pathOf(key: string): string {
    return join(this.root, ...key.split('/'));
  }
}

/**
 * The landing folder of a local file whose landing key is `key`: the path before the key. Null
 * for a file with no `incoming/` key (a national backfill).
 */
export function landingRootOf(path: string, key: string): string | null {
  const suffix = `${sep}${key.split('/').join(sep)}`;
  return key.startsWith('incoming/') && path.endsWith(suffix) ? path.slice(0, path.length - suffix.length) : null;
}

/** Receipt stores by landing folder, for the receipts of one run. */
export type ReceiptStores = Map<string, FolderReceiptStore>;

/**
 * Writes the receipt of one ingested file, with the values it changed (computed for the whole run);
 * returns the receipt's `.json` path, or null when it has none.
 */
export async function writeLocalReceipt(
  path: string,
  summary: SourceSummary,
  changes: ValueChanges,
  stores: ReceiptStores = new Map(),
): Promise<string | null> {
  const root = landingRootOf(path, summary.key);
  if (root === null) return null;
  const store = stores.get(root) ?? new FolderReceiptStore(root);
  stores.set(root, store);
  const landing = describeLandingKey(summary.key);
  const base = await deliverReceipt(summary, landing, store, async () => changes);
  return base === null ? null : join(root, ...`${base}.json`.split('/'));
}
