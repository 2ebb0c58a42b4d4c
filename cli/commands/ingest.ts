/** `provstat ingest PATH...`: files and landing folders into the warehouse, with a per-file summary. */
import { messageOf, SourceReadError, WarehouseWriteError } from '../../pipelines/ingest/errors.js';
import { ingestBatch, type GroupLimits } from '../../pipelines/ingest/ingest-batch.js';
import { readSource, summarise, type SourceSummary } from '../../pipelines/ingest/ingest-source.js';
import { DEFAULT_MAX_BYTES } from '../../pipelines/ingest/limits.js';
import type { Period } from '../../pipelines/period.js';
import { PIPELINE_VERSION } from '../../pipelines/version.js';
import { DuckDbDatabase } from '../../adapters/duckdb/duckdb-database.js';
import { CliError } from '../cli-error.js';
import { type ReceiptStores, writeLocalReceipt } from '../local-receipts.js';
import { displayPath, findSourceFiles, findSources, readLocalSource } from '../local-sources.js';
import { openLocalWriters } from '../local-warehouse.js';
import { fitText, renderTable, wrapText } from '../output.js';
import { startProgress } from '../progress.js';
import { openValueChangeLookup, readRunChanges, type RunSourceChanges } from '../value-changes.js';
import type { WarehouseStorage } from '../../pipelines/warehouse/warehouse-storage.js';
import type { ValueChanges } from '../../pipelines/ingest/value-changes.js';
import type { StageObserver } from '../../pipelines/ingest/stages.js';
import { RunValues } from '../../pipelines/ingest/run-values.js';
import { forEachAtOnce } from '../../pipelines/ingest/at-once.js';

export interface IngestOptions {
  readonly warehouse: string;
  readonly province?: string | undefined;
  readonly period?: Period | undefined;
  readonly maxBytes?: number | undefined;
  /**
   * How small sources are grouped, each group written in one go; `false` writes every source on
   * its own. @default the scheduler's limits
   */
  readonly groups?: GroupLimits | false | undefined;
  /** Told how long each stage of each source took (the benchmark's breakdown). */
  readonly onStage?: StageObserver | undefined;
  /** When the files were uploaded; by default each file's modification time. */
  readonly uploadedAt?: Date | undefined;
  /** CSV files from this size on have their rows checked in DuckDB. @default ROWS_IN_ENGINE_FROM_BYTES */
  readonly rowsInEngineFromBytes?: number | undefined;
}

export interface FileOutcome {
  readonly path: string;
  readonly summary: SourceSummary | null;
  /** The file could not be read from disk. */
  readonly failure: string | null;
  /** The receipt written for the uploader, under `receipts/` beside the landing folder's `incoming/`. */
  readonly receipt?: string;
  /** What the file changed (or would change) in the current values; null when not compared. */
  readonly changes?: ValueChanges | null;
}

/** Ingests every file under the paths; returns the outcomes (the CLI prints them), in path order. */
export async function ingestPaths(paths: readonly string[], options: IngestOptions): Promise<FileOutcome[]> {
  const { files, skipped } = await findSources(paths);
  const skippedOutcomes = skipped.map(
    (entry): FileOutcome => ({ path: displayPath(entry.path), summary: null, failure: entry.reason }),
  );
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const local = await openLocalWriters(options.warehouse, files.length, { onStage: options.onStage }).catch(
    (error: unknown) => {
      throw new CliError(`cannot write to the warehouse ${options.warehouse}: ${messageOf(error)}`, 1, {
        cause: error,
      });
    },
  );
  const progress = startProgress(files.length, 'files');
  // What the run writes, kept for the comparison below, so its files are not read back.
  const kept = new RunValues();
  let closed = false;
  try {
    const outcomes = await ingestBatch({
      sources: files,
      readSource: (path) => readLocalSource(path, maxBytes, options.uploadedAt),
      writers: local.writers.map((writer) => kept.recording(writer)),
      groupWriter: options.groups === false ? undefined : kept.recordingGroups(local.groupWriter),
      groupLimits: options.groups || undefined,
      context: {
        storage: local.storage,
        maxBytes,
        province: options.province,
        period: options.period,
        pipelineVersion: PIPELINE_VERSION,
        onStage: options.onStage,
        rowsInEngineFromBytes: options.rowsInEngineFromBytes,
      },
      onStart: (path) => progress.advance(displayPath(path)),
    });
    const reportStarted = performance.now();
    const receipts = new Map<string, string>();
    const changes = await readChanges(local.storage, outcomes, kept);
    const stores: ReceiptStores = new Map();
    const writeReceipt = async ({ id, summary }: (typeof outcomes)[number]): Promise<void> => {
      if (!summary) return;
      const compared = summary.manifestKey === undefined ? undefined : changes.get(summary.manifestKey);
      const receipt = await writeLocalReceipt(id, summary, compared?.receipt ?? { added: 0 }, stores).catch(
        (error: unknown) => {
          throw new CliError(`cannot write the receipt of ${summary.key}: ${messageOf(error)}`, 1, { cause: error });
        },
      );
      if (receipt) receipts.set(id, displayPath(receipt));
    };
    await forEachAtOnce(outcomes, RECEIPTS_AT_ONCE, writeReceipt);
    await local.close();
    closed = true;
    options.onStage?.('report', performance.now() - reportStarted);
    const read = outcomes.map(
      ({ id, summary, failure }): FileOutcome => ({
        path: displayPath(id),
        summary,
        failure,
        ...(receipts.has(id) ? { receipt: receipts.get(id) } : {}),
        changes: (summary?.manifestKey !== undefined && changes.get(summary.manifestKey)?.summary) || null,
      }),
    );
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
    if (!closed) await local.close();
  }
}

/** Receipts written at the same time. */
const RECEIPTS_AT_ONCE = 16;

/** What each source of the run changed: against the sources before it, and against the values before the run. */
async function readChanges(
  storage: WarehouseStorage,
  outcomes: readonly { readonly summary: SourceSummary | null }[],
  kept: RunValues,
): Promise<Map<string, RunSourceChanges>> {
  const summaries = outcomes.flatMap(({ summary }) => (summary ? [summary] : []));
  if (!summaries.some((summary) => summary.status === 'ingested' && summary.accepted > 0)) return new Map();
  const database = await DuckDbDatabase.open();
  try {
    return await readRunChanges(summaries, storage, database, kept);
  } finally {
    database.close();
  }
}

export interface ValidateOptions extends Omit<IngestOptions, 'warehouse'> {
  /** A warehouse folder to compare the values with (read, never written). */
  readonly warehouse?: string | undefined;
}

export interface ValidatedFile {
  readonly summary: SourceSummary;
  /** What the file would change in the warehouse's current values; null without a warehouse. */
  readonly changes: ValueChanges | null;
}

/** Reads and checks files without writing anything; returns each file's summary. */
export async function validatePaths(paths: readonly string[], options: ValidateOptions): Promise<ValidatedFile[]> {
  const results: ValidatedFile[] = [];
  const files = await findSourceFiles(paths);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const lookup = options.warehouse
    ? await openValueChangeLookup(options.warehouse).catch((error: unknown) => {
        throw new CliError(`cannot read the warehouse ${options.warehouse}: ${messageOf(error)}`, 1, { cause: error });
      })
    : null;
  const progress = startProgress(files.length, 'files');
  try {
    for (const path of files) {
      progress.advance(displayPath(path));
      const input = await readLocalSource(path, maxBytes).catch((error: unknown) => {
        throw new CliError(`cannot read ${displayPath(path)}: ${messageOf(error)}`, 1, { cause: error });
      });
      const context = { now: new Date(), maxBytes, province: options.province, period: options.period };
      const { kind, result } = await readSource(input, context);
      const pending = { kind, key: input.landing.key, sha256: input.sha256, facts: result.facts };
      const upload = { uploadedAt: input.upload?.at ?? context.now, uploadSequence: input.upload?.sequence ?? null };
      const changes = lookup && result.facts.length > 0 ? await lookup.compare({ ...pending, ...upload }) : null;
      results.push({ summary: summarise(input, kind, result), changes });
    }
  } finally {
    progress.stop();
    await lookup?.close();
  }
  return results;
}

/** Whether every file and every value of a validation would be accepted. */
export function isValid(files: readonly ValidatedFile[]): boolean {
  return files.every(({ summary }) => summary.status !== 'rejected' && summary.rejected === 0);
}

/** The values the files change, under the summary: totals, then each file that changes any, with its changes. */
export function renderValueChanges(outcomes: readonly FileOutcome[], limit = 20): string {
  const compared = outcomes.flatMap(({ path, summary, changes }) =>
    changes ? [{ key: summary?.key ?? path, changes }] : [],
  );
  if (compared.length === 0) return '';
  const sum = (field: 'changed' | 'added' | 'unchanged'): number =>
    compared.reduce((total, { changes }) => total + changes[field], 0);
  const lines = [
    `\nValues against the warehouse: ${sum('changed')} changed, ${sum('added')} new, ${sum('unchanged')} unchanged` +
      ` / So với kho: ${sum('changed')} thay đổi, ${sum('added')} mới, ${sum('unchanged')} không đổi`,
  ];
  for (const { key, changes } of compared) {
    if (changes.changed === 0) continue;
    lines.push(`${key}: ${changes.changed} changed / ${changes.changed} thay đổi`);
    for (const change of changes.changes.slice(0, limit)) {
      const from = change.fromDenominator === null ? change.from : `${change.from}/${change.fromDenominator}`;
      const to = change.toDenominator === null ? change.to : `${change.to}/${change.toDenominator}`;
      const what = `${change.province} ${change.period} ${change.metric}`;
      lines.push(`  ${what}: ${from} → ${to} (was from ${change.fromSource})`);
    }
    if (changes.changed > limit) lines.push(`  … and ${changes.changed - limit} more (--json lists up to 1000)`);
  }
  return lines.join('\n');
}

/** The per-file summary table, with totals; a dry run says "valid" where ingest says "ingested". */
export function renderIngestSummary(
  outcomes: readonly FileOutcome[],
  options: { dryRun?: boolean; width?: number | undefined } = {},
): string {
  const statusWord = (status: string): string => (options.dryRun && status === 'ingested' ? 'valid' : status);
  const rows = outcomes.map(({ path, summary, failure }) => [
    summary?.key ?? path,
    summary?.kind ?? '',
    statusWord(summary?.status ?? 'failed'),
    summary?.read ?? null,
    summary?.accepted ?? null,
    summary?.rejected ?? null,
    wrapText(failure ?? noteOf(summary), NOTE_WIDTH),
  ]);
  const total = (field: 'read' | 'accepted' | 'rejected'): number =>
    outcomes.reduce((sum, outcome) => sum + (outcome.summary?.[field] ?? 0), 0);
  const count = (status: string): number =>
    outcomes.filter((outcome) => (outcome.summary?.status ?? 'failed') === status).length;
  const header = ['file', 'kind', 'status', 'read', 'accepted', 'rejected', 'note'];
  const cells = rows;
  const table = renderTable(header, cells, { width: options.width });
  const files = `${outcomes.length} ${outcomes.length === 1 ? 'file' : 'files'}`;
  const totals = options.dryRun
    ? `${files}: ${count('ingested')} valid, ${count('rejected')} rejected whole; ` +
      `values read ${total('read')} = accepted ${total('accepted')} + rejected ${total('rejected')}; nothing was written`
    : `${files}: ${count('ingested')} ingested, ${count('duplicate')} already in the warehouse, ${count('rejected')} rejected whole, ${count('failed')} failed; ` +
      `values read ${total('read')} = accepted ${total('accepted')} + rejected ${total('rejected')}`;
  return `${table}\n${fitText(totals, options.width)}`;
}

/** Notes are wrapped at word boundaries, never cut: a clerk reads the whole sentence. */
const NOTE_WIDTH = 70;

/** A file's note: why it was rejected whole (Vietnamese, then English), else how it was read and its warnings. */
function noteOf(summary: SourceSummary | null): string {
  if (!summary) return '';
  if (summary.reason) return `${summary.reason}\n${summary.reasonEn ?? ''}`.trim();
  return [readAsOf(summary.format), ...summary.warnings].filter((line) => line !== '').join('\n');
}

/** How a file was read, when it is worth a line: the sheet of a workbook, a document's reader, a legacy encoding. */
function readAsOf(format: SourceSummary['format']): string {
  if (!format) return '';
  if (format.sheet !== undefined) return `Trang tính "${format.sheet}" / sheet "${format.sheet}"`;
  if (format.method === 'csv') return format.encoding?.startsWith('utf-8') ? '' : `csv (${format.encoding})`;
  return format.method === 'txt:utf-8' ? '' : format.method;
}

/** The rejected values under the summary, at most `limit` of them. */
export function renderRejections(
  summaries: readonly SourceSummary[],
  limit = Number.POSITIVE_INFINITY,
  width?: number,
): string {
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
      const reason = `${wrapText(rejection.reason, 70)}\n${wrapText(rejection.reasonEn, 70)}`;
      rows.push([summary.key, rejection.line, rejection.column, rejection.value, rejection.code, reason]);
    }
  }
  const shown = rows;
  const more =
    total > shown.length
      ? `\n… and ${total - shown.length} more: they are all in the rejections view (provstat query with a .sql file; --json lists up to 1000 per file)`
      : '';
  const table = renderTable(['file', 'line', 'column', 'value', 'code', 'lý do / reason'], shown, { width });
  return `\nRejected:\n${table}${more && fitText(more, width)}`;
}
