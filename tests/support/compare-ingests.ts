/**
 * Two ingests of the same files compared: their reports, the rows of a view and the manifests,
 * each without the times of its run.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileOutcome } from '../../cli/commands/ingest.js';
import { queryWarehouse } from '../helpers.js';

/** An outcome as the report shows it, without the times of the run. */
export function comparable(outcome: FileOutcome): unknown {
  const summary = outcome.summary;
  return {
    path: outcome.path,
    failure: outcome.failure,
    summary: summary && {
      ...summary,
      warnings: summary.warnings.map((warning) => warning.replace(/ingested on \S+/, 'ingested on <time>')),
    },
  };
}

/** Every row of a view, its time column left out, in one order. */
export async function viewRows(warehouse: string, view: string, without: string): Promise<string[]> {
  const rows = await queryWarehouse(warehouse, `SELECT * EXCLUDE (${without}) FROM ${view}`);
  return rows.map((row) => JSON.stringify(row)).sort();
}

/** Every manifest, by key, its ingestion time left out. */
export async function manifests(warehouse: string): Promise<Record<string, unknown>> {
  const folder = join(warehouse, 'ingestions');
  const entries: Record<string, unknown> = {};
  for (const name of (await readdir(folder)).sort()) {
    const { ingested_at: _time, ...rest } = JSON.parse(await readFile(join(folder, name), 'utf8'));
    entries[name] = rest;
  }
  return entries;
}
