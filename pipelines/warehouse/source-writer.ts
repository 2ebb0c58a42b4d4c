/**
 * The port through which ingest writes a source to the warehouse, whatever the engine and storage:
 * open a write, hand it each fact and rejection as they are read, then commit (the files, then the
 * manifest: only then is the source visible) or abort (nothing becomes visible).
 */
import type { FactDraft, RejectionDraft, SourceOutline } from '../facts/source-result.js';
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
  /** Writes the source's files, then its manifest, from the reading's outline (its count, warnings, reason). */
  commit(outline: Omit<SourceOutline, 'rejections'>): Promise<WrittenSource>;
  /** Gives up the write: what was staged goes, nothing becomes visible. Safe to call after `commit`. */
  abort(): Promise<void>;
}

/** Writes sources to one warehouse. */
export interface SourceWriter {
  open(provenance: SourceProvenance): Promise<SourceWrite>;
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
