/**
 * Prose reports read in worker threads while the main thread checks and stages other sources:
 * reading a report (decoding, then the extractor) is pure JavaScript and is most of a backfill's
 * CPU, so on its own thread it runs beside the CSV checks and DuckDB's writes.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ReportReader } from '../../pipelines/ingest/scan-source-content.js';
import type { SourceResult } from '../../pipelines/facts/source-result.js';
import type { ReportTask } from './report-worker.js';

/**
 * A worker thread's start (loading the readers and the extractor, about half a second) pays off
 * only over many reports, each a few milliseconds.
 */
export const REPORTS_FOR_WORKERS = 50;

export interface ReportReaderPool {
  readonly read: ReportReader;
  /** Stops the workers (once, however often called); reports still being read fail. */
  close(): Promise<void>;
}

/**
 * Starts `threads` workers (by default one fewer than the processors, at least one, at most four).
 * The worker runs the compiled JavaScript beside this file; from the TypeScript sources (tests,
 * tsx) it loads the TypeScript through tsx.
 */
export function startReportReaders(threads = defaultThreads()): ReportReaderPool {
  const here = import.meta.url;
  const worker = here.endsWith('.ts') ? './report-worker-from-sources.mjs' : './report-worker.js';
  const pool = new Piscina<ReportTask, SourceResult>({
    filename: new URL(worker, here).href,
    minThreads: threads,
    maxThreads: threads,
    // A worker of a long run stays; one idle for a while (between runs of a long-lived process) stops.
    idleTimeout: 30_000,
  });
  let closed: Promise<void> | undefined;
  return {
    read: (bytes, name, landing) => pool.run({ bytes, name, landing }),
    close: () => {
      closed ??= pool.destroy();
      return closed;
    },
  };
}

function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}
