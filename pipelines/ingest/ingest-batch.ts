/**
 * Ingests a batch of sources, several at once, with the order kept wherever it matters: sources
 * are taken in the order given and each gets its ingestion time as it is taken, so times strictly
 * increase in that order (which value is current is decided by upload time, not by these); sources are read
 * one after another in that order, and a source with the same bytes as an earlier one waits for
 * it, so the first is ingested and the others are reported as duplicates.
 */
import { ingestSource, type IngestContext, type SourceInput, type SourceSummary } from './ingest-source.js';
import { messageOf } from './errors.js';
import { timeStageAsync } from './stages.js';
import type { GroupingSourceWriter, SourceGroup, SourceWrite, SourceWriter } from '../warehouse/source-writer.js';

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
  /**
   * Writes small sources in groups, each group in one write (see `ingestInGroups`); without it,
   * each source is written on its own by one of `writers`.
   */
  readonly groupWriter?: GroupingSourceWriter | undefined;
  /** @default at most GROUP_SOURCES sources and GROUP_BYTES bytes in a group */
  readonly groupLimits?: GroupLimits | undefined;
}

export interface GroupLimits {
  readonly sources: number;
  readonly bytes: number;
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
  if (options.groupWriter) return ingestInGroups(options, options.groupWriter);
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
    const read = reading.then(() => timeStageAsync(options.context.onStage, 'read', () => options.readSource(id)));
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

/** A source larger than this is written on its own, never in a group. */
export const GROUPED_MAX_BYTES = 1024 * 1024;
/** At most this many sources in one group, */
export const GROUP_SOURCES = 500;
/** and at most this many of their bytes (all of them are held until the group is written). */
export const GROUP_BYTES = 32 * 1024 * 1024;

interface ReadSource {
  readonly index: number;
  readonly input: SourceInput;
  readonly now: Date;
}

/**
 * `ingestBatch` with small sources written in groups: consecutive sources are gathered, in order,
 * into a group (up to the limits), each read, checked and staged,
 * then the group is written in one go (each source still committed on its own, manifest last).
 * A source over `GROUPED_MAX_BYTES` is written alone. A group is gathered while the one before
 * it is written, never further ahead. A source with the same bytes as one of its group ends the
 * group and starts the next, and one with the same bytes as a source of the group before waits
 * until that group is written: either way it finds the earlier source's manifest.
 */
async function ingestInGroups<Id>(
  options: BatchOptions<Id>,
  groupWriter: GroupingSourceWriter,
): Promise<BatchOutcome<Id>[]> {
  const { sources } = options;
  const clock = options.clock ?? strictlyIncreasingClock();
  const limits = options.groupLimits ?? { sources: GROUP_SOURCES, bytes: GROUP_BYTES };
  const outcomes = new Array<BatchOutcome<Id>>(sources.length);
  const failures: { index: number; error: unknown }[] = [];
  let next = 0;
  let ahead: ReadSource | undefined;

  const readNext = async (): Promise<ReadSource | undefined> => {
    while (next < sources.length) {
      const index = next++;
      const id = sources[index] as Id;
      options.onStart?.(id);
      const now = clock();
      try {
        const input = await timeStageAsync(options.context.onStage, 'read', () => options.readSource(id));
        return { index, input, now };
      } catch (error) {
        outcomes[index] = { id, summary: null, failure: `cannot read the file: ${messageOf(error)}` };
      }
    }
    return undefined;
  };

  const ingestOne = async (source: ReadSource, writer: SourceWriter): Promise<void> => {
    const id = sources[source.index] as Id;
    try {
      const summary = await ingestSource(source.input, { ...options.context, writer, now: source.now });
      outcomes[source.index] = { id, summary, failure: null };
    } catch (error) {
      failures.push({ index: source.index, error });
    }
  };

  let previous: { readonly done: Promise<void>; readonly shas: ReadonlySet<string> } = {
    done: Promise.resolve(),
    shas: new Set(),
  };
  while (failures.length === 0) {
    const group: ReadSource[] = [];
    const shas = new Set<string>();
    let bytes = 0;
    for (let source = ahead ?? (await readNext()); source; source = await readNext()) {
      ahead = undefined;
      const large = source.input.sizeBytes > GROUPED_MAX_BYTES;
      const full = group.length >= limits.sources || bytes + source.input.sizeBytes > limits.bytes;
      if (group.length > 0 && (large || full || shas.has(source.input.sha256))) {
        ahead = source;
        break;
      }
      group.push(source);
      shas.add(source.input.sha256);
      bytes += source.input.sizeBytes;
      if (large) break;
    }
    if (group.length === 0) break;
    const [first] = group;
    if (group.length === 1 && first && first.input.sizeBytes > GROUPED_MAX_BYTES) {
      // Alone: after the group before it is written, so the two never hold memory at once.
      await previous.done;
      await ingestOne(first, options.writers[0] as SourceWriter);
      previous = { done: Promise.resolve(), shas };
      continue;
    }
    if ([...shas].some((sha) => previous.shas.has(sha))) await previous.done;
    const written = writeGroup(group, groupWriter.openGroup(), previous.done, ingestOne).catch((error: unknown) => {
      failures.push({ index: first?.index ?? 0, error });
    });
    // The group before this one is done before a third is gathered.
    await previous.done;
    previous = { done: written, shas };
  }
  await previous.done;
  const firstFailure = failures.sort((a, b) => a.index - b.index)[0];
  if (firstFailure) throw firstFailure.error;
  return outcomes;
}

/**
 * Ingests the sources of a group at once and writes the group when every one of them is either
 * waiting for its commit or finished (a duplicate, or failed), after the group before it.
 */
async function writeGroup(
  sources: readonly ReadSource[],
  group: SourceGroup,
  before: Promise<void>,
  ingestOne: (source: ReadSource, writer: SourceWriter) => Promise<void>,
): Promise<void> {
  const parked = new Set<number>();
  let flushed: Promise<void> | undefined;
  const park = (index: number): void => {
    parked.add(index);
    if (!flushed && parked.size === sources.length) flushed = before.then(() => group.flush());
  };
  const writerFor = (index: number): SourceWriter => ({
    open: async (provenance) => {
      const write = await group.open(provenance);
      const tracked: SourceWrite = {
        addFact: (fact) => write.addFact(fact),
        addRejection: (rejection) => write.addRejection(rejection),
        commit: (outline) => {
          const committed = write.commit(outline);
          park(index);
          return committed;
        },
        abort: () => write.abort(),
      };
      return tracked;
    },
  });
  await Promise.all(
    sources.map(async (source) => {
      try {
        await ingestOne(source, writerFor(source.index));
      } finally {
        park(source.index);
      }
    }),
  );
  await flushed;
}
