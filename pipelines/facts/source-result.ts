/**
 * What reading one source yields, before the warehouse adds provenance: accepted facts and
 * rejected records. Every record read ends up in exactly one of the two lists.
 */
import type { MetricUnit } from '../reference/catalog.js';
import type { Period } from '../period.js';

export interface FactDraft {
  readonly province: string;
  readonly period: Period;
  readonly metric: string;
  readonly value: number;
  readonly denominator: number | null;
  readonly unit: MetricUnit;
  readonly approx: boolean;
  /** CSV line the value came from. */
  readonly sourceRow: number | null;
  /** Text reports: the sentence and the offsets of the number in the original text. */
  readonly evidence: string | null;
  readonly spanStart: number | null;
  readonly spanEnd: number | null;
  readonly note: string | null;
}

export interface RejectionDraft {
  /** Best-known province and period, for partitioning; null when the record did not say. */
  readonly province: string | null;
  readonly period: Period | null;
  readonly sourceRow: number | null;
  /** Header name of the offending column, as written in the file. */
  readonly column: string | null;
  readonly rawValue: string | null;
  readonly reason: string;
}

export interface SourceResult {
  readonly facts: readonly FactDraft[];
  readonly rejections: readonly RejectionDraft[];
  /** Records read: CSV values (a row in the long layout, a filled cell in the wide one). */
  readonly read: number;
  /** Things worth telling the sender that rejected nothing. */
  readonly warnings: readonly string[];
  /** Set when the source could not be read at all; `rejections` then holds one file-level record. */
  readonly unreadable?: string;
}

/** What reading a source yields besides its facts, when the facts went elsewhere as they were read. */
export type SourceOutline = Omit<SourceResult, 'facts'>;

/** A source that could not be read at all: one file-level rejection. */
export function unreadableSource(
  reason: string,
  landing: { province: string | null; period: Period | null },
): SourceResult {
  return {
    facts: [],
    rejections: [
      { province: landing.province, period: landing.period, sourceRow: null, column: null, rawValue: null, reason },
    ],
    read: 0,
    warnings: [],
    unreadable: reason,
  };
}
