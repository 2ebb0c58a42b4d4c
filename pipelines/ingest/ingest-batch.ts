/**
 * Ingests a batch of sources, several at once, with the order kept wherever it matters: sources
 * are taken in the order given and each gets its ingestion time as it is taken, so times strictly
 * increase in that order (which value is current is decided by upload time, not by these); sources are read
 * one after another in that order, and a source with the same bytes as an earlier one waits for
 * it, so the first is ingested and the others are reported as duplicates.
 */
import { ingestSource, type IngestContext, type SourceInput, type SourceSummary } from './ingest-source.js';
import { messageOf } from './errors.js';
import type { SourceWriter } from '../warehouse/source-writer.js';

/**
 * A source at least this large is ingested alone: a bulk file holds hundreds of megabytes while
 * it is written, and several at once would hold several times that.
 */
export const ALONE_BYTES = 8 * 1024 * 1024;

export interface BatchOptions<Id> {
  /** The sources, in the order their ingestion times follow. */
  readonly sources: readonly Id[];
  /** Reads one source; called in order, one at a time. A source it cannot read is reported, not ingested. */
  readSource(id: Id): Promise<SourceInput>;
  /** One writer per source ingested at the same time (each on a connection of its own). */
  readonly writers: readonly SourceWriter[];
  readonly context: Omit<IngestContext, 'writer' | 'now'>;
  /** Called as each source is taken, for progress. */
  onStart?(id: Id): void;
  /** @default a clock whose successive readings never tie */
  readonly clock?: () => Date;
}

export interface BatchOutcome<Id> {
  readonly id: Id;
  readonly summary: SourceSummary | null;
  /** Why the source could not be read from where it is (never a rejection: nothing was ingested). */
  readonly failure: string | null;
}

/**
 * Ingests every source; returns the outcomes in the order given. The first source whose ingestion
 * throws (in that order) stops the run and its error is thrown.
 */
export async function ingestBatch<Id>(options: BatchOptions<Id>): Promise<BatchOutcome<Id>[]> {
  const { sources, writers } = options;
  if (writers.length === 0) throw new Error('a batch needs at least one writer');
  const clock = options.clock ?? strictlyIncreasingClock();
  const outcomes = new Array<BatchOutcome<Id>>(sources.length);
  const slots = new Slots(writers.length);
  const failures: { index: number; error: unknown }[] = [];
  // Reads happen one after another in order; `settledBySha` holds, per content, the ingestion of
  // its first source in this batch.
  let reading: Promise<unknown> = Promise.resolve();
  const settledBySha = new Map<string, Promise<unknown>>();
  let next = 0;
  let stopped = false;

  const ingestOne = async (index: number, writer: SourceWriter): Promise<void> => {
    const id = sources[index] as Id;
    options.onStart?.(id);
    const now = clock();
    const read = reading.then(() => options.readSource(id));
    reading = read.catch(() => undefined);
    let input: SourceInput;
    try {
      input = await read;
    } catch (error) {
      outcomes[index] = { id, summary: null, failure: `cannot read the file: ${messageOf(error)}` };
      return;
    }
    const earlier = settledBySha.get(input.sha256);
    let done!: () => void;
    settledBySha.set(
      input.sha256,
      new Promise<void>((resolve) => {
        done = resolve;
      }),
    );
    try {
      if (earlier) await earlier;
      // Every slot for a large source, one for any other; taken after waiting for the earlier
      // source with the same bytes, so no slot is held while waiting for it.
      const weight = input.sizeBytes >= ALONE_BYTES ? writers.length : 1;
      await slots.take(weight);
      try {
        const summary = await ingestSource(input, { ...options.context, writer, now });
        outcomes[index] = { id, summary, failure: null };
      } finally {
        slots.give(weight);
      }
    } finally {
      done();
    }
  };

  const work = async (writer: SourceWriter): Promise<void> => {
    while (!stopped && next < sources.length) {
      const index = next++;
      try {
        await ingestOne(index, writer);
      } catch (error) {
        stopped = true;
        failures.push({ index, error });
      }
    }
  };
  await Promise.all(writers.slice(0, Math.max(1, Math.min(writers.length, sources.length))).map(work));
  // As one source at a time would: the first failing source in order stops the run.
  const first = failures.sort((a, b) => a.index - b.index)[0];
  if (first) throw first.error;
  return outcomes;
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
export function strictlyIncreasingClock(): () => Date {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return new Date(last);
  };
}
