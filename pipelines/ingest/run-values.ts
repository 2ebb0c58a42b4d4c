/**
 * The values a run wrote, kept as they went to the writer, so what they changed can be compared
 * without reading back every file the run wrote (thousands of small Parquet files in a backfill).
 * Only committed sources are kept; a source whose kept values do not add up to its manifest's
 * count, or that has very many, is not, and its files are read instead.
 */
import type { FactDraft } from '../facts/source-result.js';
import { formatPeriod } from '../period.js';
import { type Partition, partitionOf } from '../warehouse/layout.js';
import { type Manifest, manifestKey } from '../warehouse/manifest.js';
import {
  bindingOf,
  type GroupingSourceWriter,
  type SourceGroup,
  type SourceProvenance,
  type SourceWrite,
  type SourceWriter,
} from '../warehouse/source-writer.js';

/** A value as the `facts` view shows it: the province is its partition's. */
export interface RunValue {
  readonly partition: Partition;
  readonly province: string;
  readonly period: string;
  readonly metric: string;
  readonly value: number;
  readonly denominator: number | null;
  readonly sourceRow: number | null;
  readonly spanStart: number | null;
}

/** The values of one committed source, with what ranks them. */
export interface RunSourceValues {
  readonly manifest: Manifest;
  readonly provenance: SourceProvenance;
  readonly values: readonly RunValue[];
}

/**
 * A source with more values than this is read back from its files instead: a bulk file's values
 * would hold the heap, and one large file costs little to read.
 */
export const KEPT_VALUES_PER_SOURCE = 10_000;

export class RunValues {
  private readonly committed = new Map<string, RunSourceValues>();

  /** The committed source whose manifest is `manifestKey`, when its values were kept. */
  get(manifestKey: string): RunSourceValues | undefined {
    return this.committed.get(manifestKey);
  }

  /** Keeps the values of every source written through `writer`. */
  recording(writer: SourceWriter): SourceWriter {
    return { open: async (provenance) => this.recordWrite(provenance, await writer.open(provenance)) };
  }

  /** The same for a grouping writer and its groups. */
  recordingGroups(writer: GroupingSourceWriter): GroupingSourceWriter {
    return {
      open: async (provenance) => this.recordWrite(provenance, await writer.open(provenance)),
      openGroup: (): SourceGroup => {
        const group = writer.openGroup();
        return {
          open: async (provenance) => this.recordWrite(provenance, await group.open(provenance)),
          flush: () => group.flush(),
        };
      },
    };
  }

  private recordWrite(provenance: SourceProvenance, write: SourceWrite): SourceWrite {
    let values: RunValue[] | null = [];
    // Rows the writer's engine checks never pass through `addFact`: such a source is not kept (its
    // count cannot match), and its values are read back from its files.
    const checkRows = write.checkRows?.bind(write);
    return {
      ...(checkRows ? { checkRows } : {}),
      addFact: (fact) => {
        if (values && values.length < KEPT_VALUES_PER_SOURCE) values.push(runValueOf(fact));
        else values = null;
        write.addFact(fact);
      },
      addRejection: (rejection) => write.addRejection(rejection),
      commit: async (outline) => {
        const written = await write.commit(outline);
        const { manifest } = written;
        if (values && manifest.status === 'ingested' && manifest.accepted === values.length) {
          this.committed.set(manifestKey(provenance.sha256, bindingOf(provenance)), { manifest, provenance, values });
        }
        values = [];
        return written;
      },
      abort: async () => {
        values = [];
        await write.abort();
      },
    };
  }
}

function runValueOf(fact: FactDraft): RunValue {
  const partition = partitionOf(fact.period, fact.province);
  return {
    partition,
    province: partition.province,
    period: formatPeriod(fact.period),
    metric: fact.metric,
    value: fact.value,
    denominator: fact.denominator,
    sourceRow: fact.sourceRow,
    spanStart: fact.spanStart,
  };
}
