/** `provstat ingest PATH...`: files and landing folders into the warehouse, with a per-file summary. */
import { messageOf, SourceReadError, WarehouseWriteError } from '../../pipelines/ingest/errors.js';
import { ingestBatch } from '../../pipelines/ingest/ingest-batch.js';
import { readSource, summarise, type SourceSummary } from '../../pipelines/ingest/ingest-source.js';
import { DEFAULT_MAX_BYTES } from '../../pipelines/ingest/limits.js';
import type { Period } from '../../pipelines/period.js';
import { PIPELINE_VERSION } from '../../pipelines/version.js';
import { CliError } from '../cli-error.js';
import { displayPath, findSourceFiles, findSources, readLocalSource } from '../local-sources.js';
import { openLocalWriters } from '../local-warehouse.js';
import { renderTable, wrapText } from '../output.js';
import { startProgress } from '../progress.js';

export interface IngestOptions {
  readonly warehouse: string;
  readonly province?: string | undefined;
  readonly period?: Period | undefined;
  readonly maxBytes?: number | undefined;
  /** When the files were uploaded; by default each file's modification time. */
  readonly uploadedAt?: Date | undefined;
}

export interface FileOutcome {
  readonly path: string;
  readonly summary: SourceSummary | null;
  /** The file could not be read from disk. */
  readonly failure: string | null;
}

/** Ingests every file under the paths; returns the outcomes (the CLI prints them), in path order. */
export async function ingestPaths(paths: readonly string[], options: IngestOptions): Promise<FileOutcome[]> {
  const { files, skipped } = await findSources(paths);
  const skippedOutcomes = skipped.map(
    (entry): FileOutcome => ({ path: displayPath(entry.path), summary: null, failure: entry.reason }),
  );
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const local = await openLocalWriters(options.warehouse, files.length).catch((error: unknown) => {
    throw new CliError(`cannot write to the warehouse ${options.warehouse}: ${messageOf(error)}`, 1, { cause: error });
  });
  const progress = startProgress(files.length, 'files');
  try {
    const outcomes = await ingestBatch({
      sources: files,
      readSource: (path) => readLocalSource(path, maxBytes, options.uploadedAt),
      writers: local.writers,
      context: {
        storage: local.storage,
        maxBytes,
        province: options.province,
        period: options.period,
        pipelineVersion: PIPELINE_VERSION,
      },
      onStart: (path) => progress.advance(displayPath(path)),
    });
    const read = outcomes.map(({ id, summary, failure }): FileOutcome => ({ path: displayPath(id), summary, failure }));
    if (skippedOutcomes.length === 0) return read;
    return [...read, ...skippedOutcomes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  } catch (error) {
    if (error instanceof SourceReadError)
      throw new CliError(`cannot read ${error.sourceKey}: ${messageOf(error.cause)}`, 1, { cause: error });
    if (error instanceof WarehouseWriteError) {
      throw new CliError(
        `cannot write ${error.sourceKey} to the warehouse ${options.warehouse}: ${messageOf(error.cause)}`,
        1,
        { cause: error },
      );
    }
    throw error;
  } finally {
    progress.stop();
    await local.close();
  }
}

/** Reads and checks files without writing anything; returns each file's summary. */
export async function validatePaths(
  paths: readonly string[],
  options: Omit<IngestOptions, 'warehouse'>,
): Promise<SourceSummary[]> {
  const results: SourceSummary[] = [];
  for (const path of await findSourceFiles(paths)) {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const input = await readLocalSource(path, maxBytes).catch((error: unknown) => {
      throw new CliError(`cannot read ${displayPath(path)}: ${messageOf(error)}`, 1, { cause: error });
    });
    const { kind, result } = readSource(input, {
      now: new Date(),
      maxBytes,
      province: options.province,
      period: options.period,
    });
    results.push(summarise(input, kind, result));
  }
  return results;
}

/** The per-file summary table, with totals; a dry run says "valid" where ingest says "ingested". */
export function renderIngestSummary(outcomes: readonly FileOutcome[], options: { dryRun?: boolean } = {}): string {
  const statusWord = (status: string): string => (options.dryRun && status === 'ingested' ? 'valid' : status);
  const rows = outcomes.map(({ path, summary, failure }) => [
    summary?.key ?? path,
    summary?.kind ?? '',
    statusWord(summary?.status ?? 'failed'),
    summary?.read ?? null,
    summary?.accepted ?? null,
    summary?.rejected ?? null,
    failure ?? summary?.reason ?? summary?.warnings.join('; ') ?? '',
  ]);
  const total = (field: 'read' | 'accepted' | 'rejected'): number =>
    outcomes.reduce((sum, outcome) => sum + (outcome.summary?.[field] ?? 0), 0);
  const count = (status: string): number =>
    outcomes.filter((outcome) => (outcome.summary?.status ?? 'failed') === status).length;
  const header = ['file', 'kind', 'status', 'read', 'accepted', 'rejected', 'note'];
  const cells = rows.map((row) =>
    row.map((cell) => (typeof cell === 'string' && cell.length > 70 ? `${cell.slice(0, 69)}…` : cell)),
  );
  const table = renderTable(header, cells);
  const files = `${outcomes.length} ${outcomes.length === 1 ? 'file' : 'files'}`;
  const totals = options.dryRun
    ? `${files}: ${count('ingested')} valid, ${count('rejected')} rejected whole; ` +
      `values read ${total('read')} = accepted ${total('accepted')} + rejected ${total('rejected')}; nothing was written`
    : `${files}: ${count('ingested')} ingested, ${count('duplicate')} already in the warehouse, ${count('rejected')} rejected whole, ${count('failed')} failed; ` +
      `values read ${total('read')} = accepted ${total('accepted')} + rejected ${total('rejected')}`;
  return `${table}\n${totals}`;
}

/** The rejected values under the summary, at most `limit` of them. */
export function renderRejections(summaries: readonly SourceSummary[], limit = Number.POSITIVE_INFINITY): string {
  const total = summaries.reduce(
    (sum, summary) => sum + summary.rejections.length + (summary.rejectionsOmitted ?? 0),
    0,
  );
  if (total === 0) return '';
  // Only the rows shown are built: a large file may have hundreds of thousands of rejections.
  const rows: (string | number | null)[][] = [];
  for (const summary of summaries) {
    for (const rejection of summary.rejections) {
      if (rows.length >= limit) break;
      rows.push([summary.key, rejection.line, rejection.column, rejection.value, rejection.reason]);
    }
  }
  const shown = rows.map((row) =>
    row.map((cell) => (typeof cell === 'string' && cell.length > 90 ? wrapText(cell, 90) : cell)),
  );
  const more =
    total > shown.length
      ? `\n… and ${total - shown.length} more: they are all in the rejections view (provstat query with a .sql file; --json lists up to 1000 per file)`
      : '';
  return `\nRejected:\n${renderTable(['file', 'line', 'column', 'value', 'reason'], shown)}${more}`;
}
