/**
 * What reading one source yields, before the warehouse adds provenance: accepted facts and
 * rejected records. Every record read ends up in exactly one of the two lists.
 */
import type { MetricUnit } from '../reference/catalog.js';
import type { FactScope } from '../extract/fact-scope.js';
import type { Period } from '../period.js';
import { rejectionFields, type Problem, type RejectionCode } from './rejection-codes.js';

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
  /** Whose figure it is (text reports); a CSV value is the report's own. */
  readonly scope?: FactScope;
  /** The figure's time span, normalised (`2024H1`), and the phrase that gave it; null when the text gave none. */
  readonly timeSpan?: string | null;
  readonly timeSpanText?: string | null;
}

export interface RejectionDraft {
  /** Best-known province and period, for partitioning; null when the record did not say. */
  readonly province: string | null;
  readonly period: Period | null;
  readonly sourceRow: number | null;
  /** Header name of the offending column, as written in the file. */
  readonly column: string | null;
  readonly rawValue: string | null;
  /** Stable code of the reason (see `rejection-codes.ts`). */
  readonly code: RejectionCode;
  /** Why, in Vietnamese: what the clerk who sent the file reads first. */
  readonly reason: string;
  /** Why, in English. */
  readonly reasonEn: string;
}

export interface SourceResult {
  readonly facts: readonly FactDraft[];
  readonly rejections: readonly RejectionDraft[];
  /** Records read: CSV values (a row in the long layout, a filled cell in the wide one). */
  readonly read: number;
  /** Things worth telling the sender that rejected nothing. */
  readonly warnings: readonly string[];
  /**
   * Set (to the reason in English, as the manifest records it for operators) when the source could
   * not be read at all; `rejections` then holds one file-level record with its code and both messages.
   */
  readonly unreadable?: string;
  /** Header cells that name no column of the format, as written; reported, never dropped silently. */
  readonly unrecognisedColumns?: readonly string[];
}

/** What reading a source yields besides its facts, when the facts went elsewhere as they were read. */
export type SourceOutline = Omit<SourceResult, 'facts'>;

/** A source that could not be read at all: one file-level rejection. */
export function unreadableSource(
  found: Problem,
  landing: { province: string | null; period: Period | null },
): SourceResult {
  return {
    facts: [],
    rejections: [
      {
        province: landing.province,
        period: landing.period,
        sourceRow: null,
        column: null,
        rawValue: null,
        ...rejectionFields(found),
      },
    ],
    read: 0,
    warnings: [],
    unreadable: found.en,
  };
}
