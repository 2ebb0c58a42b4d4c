/**
 * The stages a source goes through, for an observer that wants to know where ingest spends its
 * time (the benchmark). Without an observer nothing is timed.
 */

/**
 * `read`: the file's bytes and hash, and the lookup of its manifest; `check`: parsing and checking
 * its rows, each staged for the write as it is read; `write`: its Parquet files written and put in
 * place; `commit`: its manifest written, which makes it visible; `report`: after every source,
 * the receipts and the comparison with the values current before (once per run, not per source).
 */
export const INGEST_STAGES = ['read', 'check', 'write', 'commit', 'report'] as const;
export type IngestStage = (typeof INGEST_STAGES)[number];

/** Told how long one stage of one source took, in milliseconds. */
export type StageObserver = (stage: IngestStage, milliseconds: number) => void;

/** Runs `body`, telling the observer how long it took (also when it throws). */
export function timeStage<T>(observer: StageObserver | undefined, stage: IngestStage, body: () => T): T {
  if (!observer) return body();
  const started = performance.now();
  try {
    return body();
  } finally {
    observer(stage, performance.now() - started);
  }
}

/** `timeStage` for asynchronous work: the time until its promise settles. */
export async function timeStageAsync<T>(
  observer: StageObserver | undefined,
  stage: IngestStage,
  body: () => Promise<T>,
): Promise<T> {
  if (!observer) return body();
  const started = performance.now();
  try {
    return await body();
  } finally {
    observer(stage, performance.now() - started);
  }
}

/** Totals per stage, in milliseconds, as an observer gathers them. */
export function stageTotals(): { readonly observe: StageObserver; readonly totals: Record<IngestStage, number> } {
  const totals: Record<IngestStage, number> = { read: 0, check: 0, write: 0, commit: 0, report: 0 };
  return {
    totals,
    observe: (stage, milliseconds) => {
      totals[stage] += milliseconds;
    },
  };
}
