/**
 * The port through which ingest writes a source to the warehouse, whatever the engine and storage:
 * open a write, hand it each fact and rejection as they are read, then commit (the files, then the
 * manifest: only then is the source visible) or abort (nothing becomes visible).
 */
import type { FactDraft, RejectionDraft, SourceOutline } from '../facts/source-result.js';
import type { CheckedRows, TextRows } from '../facts/text-rows.js';
import { formatPeriod, type Period } from '../period.js';
import type { Manifest, SourceBinding, SourceKind } from './manifest.js';

/** Where a source came from and when it was ingested. */
export interface SourceProvenance {
  readonly key: string;
  readonly sha256: string;
  readonly kind: SourceKind;
  readonly sizeBytes: number;
  readonly landingProvince: string | null;
  readonly landingPeriod: Period | null;
  readonly ingestedAt: Date;
  readonly pipelineVersion: string;
  /** When the source was uploaded: what decides which value is current. */
  readonly uploadedAt: Date;
  /** The upload's S3 event sequencer, as `uploadSequence` makes it; null locally. */
  readonly uploadSequence: string | null;
}

/** The binding of a source, as its keys name it. */
export function bindingOf(provenance: SourceProvenance): SourceBinding {
  return {
    province: provenance.landingProvince,
    period: provenance.landingPeriod ? formatPeriod(provenance.landingPeriod) : null,
  };
}

/** How many rejected records a written source keeps for its summary; all of them go to the warehouse. */
export const REJECTIONS_KEPT = 1000;

export interface WrittenSource {
  readonly manifest: Manifest;
  /** The first `REJECTIONS_KEPT` rejected records written, for the summary. */
  readonly rejections: readonly RejectionDraft[];
  /** Rejected records written (0 for a source rejected whole, as in the manifest). */
  readonly rejected: number;
  /** Rejected records written beyond those in `rejections`. */
  readonly rejectionsOmitted: number;
  /** Periods of the accepted facts, sorted. */
  readonly periods: readonly string[];
}

/** One source being written. Rows go in one way; nothing is visible before `commit` returns. */
export interface SourceWrite {
  addFact(fact: FactDraft): void;
  addRejection(rejection: RejectionDraft): void;
  /**
   * Checks a table's records, handed over as text, with the upload contract's row rules in the
   * engine, and stages the facts and rejections they yield beside those added one by one. Absent
   * when the writer has no engine: the rows are then checked in JavaScript.
   */
  checkRows?(rows: TextRows): Promise<CheckedRows>;
  /** Writes the source's files, then its manifest, from the reading's outline (its count, warnings, reason). */
  commit(outline: Omit<SourceOutline, 'rejections'>): Promise<WrittenSource>;
  /** Gives up the write: what was staged goes, nothing becomes visible. Safe to call after `commit`. */
  abort(): Promise<void>;
}

/** Writes sources to one warehouse. */
export interface SourceWriter {
  open(provenance: SourceProvenance): Promise<SourceWrite>;
}

/**
 * Sources written together: each source opened from the group stages its rows beside the others',
 * and its `commit` waits for `flush`, which writes every committed source in one go (still one
 * file per source, table and partition, and one manifest per source, each manifest after its
 * files). A source aborted before the flush is left out. A group is flushed once.
 */
export interface SourceGroup extends SourceWriter {
  /** Writes the committed sources; each one's `commit` then settles, with its own outcome. */
  flush(): Promise<void>;
}

/** A writer that can also write sources in groups, for a batch of small sources. */
export interface GroupingSourceWriter extends SourceWriter {
  openGroup(): SourceGroup;
}

/** The manifest of a source whose files are written, from the reading's outline and what was written. */
export function buildManifest(
  provenance: SourceProvenance,
  outline: Omit<SourceOutline, 'rejections'>,
  written: {
    readonly accepted: number;
    readonly rejected: number;
    readonly partitions: readonly Manifest['partitions'][number][];
    readonly files: readonly string[];
  },
): Manifest {
  return {
    source_key: provenance.key,
    source_sha256: provenance.sha256,
    source_kind: provenance.kind,
    size_bytes: provenance.sizeBytes,
    status: outline.unreadable ? 'rejected' : 'ingested',
    reason: outline.unreadable ?? null,
    landing_province: provenance.landingProvince,
    landing_period: provenance.landingPeriod ? formatPeriod(provenance.landingPeriod) : null,
    read: outline.read,
    accepted: written.accepted,
    rejected: outline.unreadable ? 0 : written.rejected,
    warnings: [...outline.warnings],
    read_method: outline.format?.method ?? null,
    text_encoding: outline.format?.encoding ?? null,
    sheet: outline.format?.sheet ?? null,
    header_lines: [...(outline.format?.headerLines ?? [])],
    title_rows: (outline.format?.titleRows ?? []).map(({ line, text }) => ({ line, text })),
    partitions: [...written.partitions].sort(
      (a, b) => a.year - b.year || a.quarter - b.quarter || a.province.localeCompare(b.province),
    ),
    files: [...written.files],
    ingested_at: provenance.ingestedAt.toISOString(),
    pipeline_version: provenance.pipelineVersion,
    uploaded_at: provenance.uploadedAt.toISOString(),
    upload_sequence: provenance.uploadSequence,
  };
}
