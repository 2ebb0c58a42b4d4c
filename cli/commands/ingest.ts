/** `provstat ingest PATH...`: files and landing folders into the warehouse, with a per-file summary. */
import { availableParallelism } from 'node:os';
import { ingestSource, readSource, summarise, DEFAULT_MAX_BYTES, type SourceInput, type SourceSummary } from '../../pipelines/ingest/ingest-source.js';
import type { Period } from '../../pipelines/period.js';
import { PIPELINE_VERSION } from '../../pipelines/version.js';
import { DuckDbDatabase } from '../../pipelines/warehouse/duckdb-database.js';
import { LocalWarehouseStorage } from '../../pipelines/warehouse/local-storage.js';
import { ensureReferenceTables } from '../../pipelines/warehouse/reference-tables.js';
import { CliError } from '../cli-error.js';
import { displayPath, findSourceFiles, readLocalSource } from '../local-sources.js';
import { fitText, renderTable, wrapText } from '../output.js';
import { startProgress } from '../progress.js';

export interface IngestOptions {
  readonly warehouse: string;
  readonly province?: string | undefined;
  readonly period?: Period | undefined;
  readonly maxBytes?: number | undefined;
}

export interface FileOutcome {
  readonly path: string;
  readonly summary: SourceSummary | null;
  /** The file could not be read from disk. */
  readonly failure: string | null;
}

/**
 * Sources ingested at the same time, each on its own DuckDB connection: two per core, at most
 * four. A small source spends most of its time waiting for DuckDB and the file system, so while
 * one waits another is read and checked.
 */
const CONCURRENCY = Math.max(1, Math.min(4, availableParallelism() * 2));

/**
 * A source at least this large is ingested alone: a bulk file holds hundreds of megabytes while
 * it is written, and several at once would hold several times that.
 */
const ALONE_BYTES = 8 * 1024 * 1024;

/**
 * Ingests every file under the paths; returns the outcomes (the CLI prints them), in path order.
 *
 * Several sources are ingested at once, each on its own DuckDB connection, while the order is
 * kept wherever it matters: files are taken in path order and each gets its ingestion time as it
 * is taken, so times strictly increase in path order (a correction named later wins over what it
 * corrects); files are read and hashed one after another in path order, and a file with the same
 * bytes as an earlier one waits for that one to finish, so the first is ingested and the others
 * are reported as duplicates.
 */
export async function ingestPaths(paths: readonly string[], options: IngestOptions): Promise<FileOutcome[]> {
  const files = await findSourceFiles(paths);
  const storage = new LocalWarehouseStorage(options.warehouse, { reuseScratch: true });
  const database = await DuckDbDatabase.open();
  const connections: DuckDbDatabase[] = [database];
  const outcomes: FileOutcome[] = new Array<FileOutcome>(files.length);
  const progress = startProgress(files.length, 'files');
  const clock = strictlyIncreasingClock();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    await ensureReferenceTables(storage, database).catch((error: unknown) => {
      throw new CliError(`cannot write to the warehouse ${options.warehouse}: ${messageOf(error)}`, 1, { cause: error });
    });
    while (connections.length < Math.min(CONCURRENCY, files.length)) connections.push(await database.connect());

    let next = 0;
    let stopped = false;
    const failures: { index: number; error: unknown }[] = [];
    // Reads happen one after another in path order; `settledBySha` holds, per content, the
    // ingestion of its first file in this run.
    let reading: Promise<unknown> = Promise.resolve();
    const settledBySha = new Map<string, Promise<unknown>>();
    const slots = new Slots(connections.length);

    const ingestOne = async (index: number, connection: DuckDbDatabase): Promise<void> => {
      const path = files[index]!;
      progress.advance(displayPath(path));
      const now = clock();
      const read = reading.then(() => readLocalSource(path, maxBytes));
      reading = read.catch(() => undefined);
      let input: SourceInput;
      try {
        input = await read;
      } catch (error) {
        outcomes[index] = { path: displayPath(path), summary: null, failure: `cannot read the file: ${messageOf(error)}` };
        return;
      }
      const earlier = settledBySha.get(input.sha256);
      let done!: () => void;
      settledBySha.set(input.sha256, new Promise<void>((resolve) => {
        done = resolve;
      }));
      try {
        if (earlier) await earlier;
        // Every slot for a large source, one for any other; taken after waiting for the earlier
        // file with the same bytes, so no slot is held while waiting for it.
        const weight = input.sizeBytes >= ALONE_BYTES ? connections.length : 1;
        await slots.take(weight);
        try {
          const summary = await ingestSource(input, {
            storage, database: connection, now, maxBytes, province: options.province, period: options.period, pipelineVersion: PIPELINE_VERSION,
          }).catch((error: unknown) => {
            throw new CliError(`cannot write ${input.landing.key} to the warehouse ${options.warehouse}: ${messageOf(error)}`, 1, { cause: error });
          });
          outcomes[index] = { path: displayPath(path), summary, failure: null };
        } finally {
          slots.give(weight);
        }
      } finally {
        done();
      }
    };

    const work = async (connection: DuckDbDatabase): Promise<void> => {
      while (!stopped && next < files.length) {
        const index = next++;
        try {
          await ingestOne(index, connection);
        } catch (error) {
          stopped = true;
          failures.push({ index, error });
        }
      }
    };
    await Promise.all(connections.map(work));
    // As one file at a time would: the first failing file in path order stops the run.
    const first = failures.sort((a, b) => a.index - b.index)[0];
    if (first) throw first.error;
  } finally {
    progress.stop();
    for (const connection of connections.slice(1)) connection.close();
    database.close();
    await storage.close();
  }
  return outcomes;
}

/** Reads and checks files without writing anything; returns each file's summary. */
export async function validatePaths(paths: readonly string[], options: Omit<IngestOptions, 'warehouse'>): Promise<SourceSummary[]> {
  const results: SourceSummary[] = [];
  for (const path of await findSourceFiles(paths)) {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const input = await readLocalSource(path, maxBytes).catch((error: unknown) => {
      throw new CliError(`cannot read ${displayPath(path)}: ${messageOf(error)}`, 1, { cause: error });
    });
    const { kind, result } = readSource(input, { now: new Date(), maxBytes, province: options.province, period: options.period });
    results.push(summarise(input, kind, result));
  }
  return results;
}

/**
 * The per-file summary table, with totals; a dry run says "valid" where ingest says "ingested".
 * `width` keeps it within a terminal's width (see `renderTable`).
 */
export function renderIngestSummary(
  outcomes: readonly FileOutcome[], options: { dryRun?: boolean; width?: number | undefined } = {},
): string {
  const statusWord = (status: string): string => (options.dryRun && status === 'ingested' ? 'valid' : status);
  const rows = outcomes.map(({ path, summary, failure }) => [
    summary?.key ?? path, summary?.kind ?? '', statusWord(summary?.status ?? 'failed'), summary?.read ?? null, summary?.accepted ?? null,
    summary?.rejected ?? null, failure ?? summary?.reason ?? summary?.warnings.join('; ') ?? '',
  ]);
  const total = (field: 'read' | 'accepted' | 'rejected'): number => outcomes.reduce((sum, outcome) => sum + (outcome.summary?.[field] ?? 0), 0);
  const count = (status: string): number => outcomes.filter((outcome) => (outcome.summary?.status ?? 'failed') === status).length;
  const header = ['file', 'kind', 'status', 'read', 'accepted', 'rejected', 'note'];
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'string' && cell.length > 70 ? `${cell.slice(0, 69)}…` : cell)));
  const table = renderTable(header, cells, { width: options.width });
  const files = `${outcomes.length} ${outcomes.length === 1 ? 'file' : 'files'}`;
  const totals = options.dryRun
    ? `${files}: ${count('ingested')} valid, ${count('rejected')} rejected whole; ` +
      `values read ${total('read')} = accepted ${total('accepted')} + rejected ${total('rejected')}; nothing was written`
    : `${files}: ${count('ingested')} ingested, ${count('duplicate')} already in the warehouse, ${count('rejected')} rejected whole, ${count('failed')} failed; ` +
    `values read ${total('read')} = accepted ${total('accepted')} + rejected ${total('rejected')}`;
  return `${table}\n${fitText(totals, options.width)}`;
}


/** The rejected values under the summary, at most `limit` of them, kept within `width` when given. */
export function renderRejections(
  summaries: readonly SourceSummary[], limit = Number.POSITIVE_INFINITY, width?: number,
): string {
  const total = summaries.reduce((sum, summary) => sum + summary.rejections.length + (summary.rejectionsOmitted ?? 0), 0);
  if (total === 0) return '';
  // Only the rows shown are built: a large file may have hundreds of thousands of rejections.
  const rows: (string | number | null)[][] = [];
  for (const summary of summaries) {
    for (const rejection of summary.rejections) {
      if (rows.length >= limit) break;
      rows.push([summary.key, rejection.line, rejection.column, rejection.value, rejection.reason]);
    }
  }
  // Without a width to fit, long reasons are broken at 90 characters; with one, the table wraps them.
  const breakLong = (cell: string | number | null): string | number | null =>
    (width === undefined && typeof cell === 'string' && cell.length > 90 ? wrapText(cell, 90) : cell);
  const shown = rows.map((row) => row.map(breakLong));
  const omitted = `… and ${total - shown.length} more: they are all in the rejections view ` +
    '(provstat query with a .sql file; --json lists up to 1000 per file)';
  const more = total > shown.length ? `\n${fitText(omitted, width)}` : '';
  return `\nRejected:\n${renderTable(['file', 'line', 'column', 'value', 'reason'], shown, { width })}${more}`;
}

/** Slots for sources being written, handed out first come, first served. */
export class Slots {
  private readonly waiting: { readonly weight: number; readonly start: () => void }[] = [];

  constructor(private free: number) {}

  /** Waits until `weight` slots are free and no earlier request is still waiting, then takes them. */
  take(weight: number): Promise<void> {
    if (this.waiting.length === 0 && this.free >= weight) {
      this.free -= weight;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push({ weight, start: resolve });
    });
  }

  give(weight: number): void {
    this.free += weight;
    for (let first = this.waiting[0]; first && this.free >= first.weight; first = this.waiting[0]) {
      this.waiting.shift();
      this.free -= first.weight;
      first.start();
    }
  }
}

/** Timestamps for successive sources that never tie, so "the later ingestion wins" is always decided. */
function strictlyIncreasingClock(): () => Date {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return new Date(last);
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
