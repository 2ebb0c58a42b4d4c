/** `provstat ingest PATH...`: files and landing folders into the warehouse, with a per-file summary. */
import { ingestSource, readSource, summarise, DEFAULT_MAX_BYTES, type SourceSummary } from '../../pipelines/ingest/ingest-source.js';
import type { Period } from '../../pipelines/period.js';
import { PIPELINE_VERSION } from '../../pipelines/version.js';
import { DuckDbDatabase } from '../../pipelines/warehouse/duckdb-database.js';
import { LocalWarehouseStorage } from '../../pipelines/warehouse/local-storage.js';
import { ensureReferenceTables } from '../../pipelines/warehouse/reference-tables.js';
import type { RejectionDraft } from '../../pipelines/facts/source-result.js';
import { CliError } from '../cli-error.js';
import { displayPath, findSourceFiles, readLocalSource } from '../local-sources.js';
import { renderTable } from '../output.js';
import { startProgress } from '../progress.js';

export interface IngestOptions {
  readonly warehouse: string;
  readonly province?: string | undefined;
  readonly period?: Period | undefined;
  readonly maxBytes?: number | undefined;
  readonly json: boolean;
}

export interface FileOutcome {
  readonly path: string;
  readonly summary: SourceSummary | null;
  /** The file could not be read from disk. */
  readonly failure: string | null;
}

/** Ingests every file under the paths; returns the outcomes (the CLI prints them). */
export async function ingestPaths(paths: readonly string[], options: IngestOptions): Promise<FileOutcome[]> {
  const files = await findSourceFiles(paths);
  const storage = new LocalWarehouseStorage(options.warehouse);
  const database = await DuckDbDatabase.open();
  const outcomes: FileOutcome[] = [];
  const progress = startProgress(files.length, 'files');
  const clock = strictlyIncreasingClock();
  try {
    await ensureReferenceTables(storage, database).catch((error: unknown) => {
      throw new CliError(`cannot write to the warehouse ${options.warehouse}: ${messageOf(error)}`, 1, { cause: error });
    });
    for (const path of files) {
      progress.advance(displayPath(path));
      const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
      let input;
      try {
        input = await readLocalSource(path, maxBytes);
      } catch (error) {
        outcomes.push({ path: displayPath(path), summary: null, failure: `cannot read the file: ${messageOf(error)}` });
        continue;
      }
      const summary = await ingestSource(input, {
        storage, database, now: clock(), maxBytes, province: options.province, period: options.period, pipelineVersion: PIPELINE_VERSION,
      }).catch((error: unknown) => {
        throw new CliError(`cannot write ${input.landing.key} to the warehouse ${options.warehouse}: ${messageOf(error)}`, 1, { cause: error });
      });
      outcomes.push({ path: displayPath(path), summary, failure: null });
    }
  } finally {
    progress.stop();
    database.close();
  }
  return outcomes;
}

/** Reads and checks files without writing anything; returns each summary with its rejections. */
export async function validatePaths(paths: readonly string[], options: Omit<IngestOptions, 'warehouse'>): Promise<{ summary: SourceSummary; rejections: readonly RejectionDraft[] }[]> {
  const results = [];
  for (const path of await findSourceFiles(paths)) {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const input = await readLocalSource(path, maxBytes).catch((error: unknown) => {
      throw new CliError(`cannot read ${displayPath(path)}: ${messageOf(error)}`, 1, { cause: error });
    });
    const { kind, result } = readSource(input, { now: new Date(), maxBytes, province: options.province, period: options.period });
    results.push({ summary: summarise(input, kind, result), rejections: result.rejections });
  }
  return results;
}

/** The per-file summary table, with totals. */
export function renderIngestSummary(outcomes: readonly FileOutcome[]): string {
  const rows = outcomes.map(({ path, summary, failure }) => [
    summary?.key ?? path, summary?.kind ?? '', summary?.status ?? 'failed', summary?.read ?? null, summary?.accepted ?? null,
    summary?.rejected ?? null, failure ?? summary?.reason ?? summary?.warnings.join('; ') ?? '',
  ]);
  const total = (field: 'read' | 'accepted' | 'rejected'): number => outcomes.reduce((sum, outcome) => sum + (outcome.summary?.[field] ?? 0), 0);
  const count = (status: string): number => outcomes.filter((outcome) => (outcome.summary?.status ?? 'failed') === status).length;
  const table = renderTable(['file', 'kind', 'status', 'read', 'accepted', 'rejected', 'note'], rows.map((row) => row.map((cell) => (typeof cell === 'string' && cell.length > 70 ? `${cell.slice(0, 69)}…` : cell))));
  const totals = `${outcomes.length} files: ${count('ingested')} ingested, ${count('duplicate')} already in the warehouse, ${count('rejected')} rejected whole, ${count('failed')} failed; ` +
    `values read ${total('read')} = accepted ${total('accepted')} + rejected ${total('rejected')}`;
  return `${table}\n${totals}`;
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
