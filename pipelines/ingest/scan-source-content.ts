/**
 * The file-level checks every source goes through before its rows are read (kind, size, text
 * encoding), then the reader for its kind. Each refusal is a file-level rejection with its code.
 */
import { scanProvinceCsv } from '../csv/parse-province-csv.js';
import { problem, type Problem } from '../facts/rejection-codes.js';
import {
  unreadableSource,
  type FactDraft,
  type RejectionDraft,
  type SourceOutline,
  type SourceResult,
} from '../facts/source-result.js';
import type { Period } from '../period.js';
import { decodeText } from '../text/decode-text.js';
import type { SourceKind } from '../warehouse/manifest.js';
import { readTextReport } from './read-text-report.js';

/** The formats each kind of upload may take, as messages list them. */
export const ACCEPTED_FORMATS = { metric: '.csv', report: '.txt' } as const;

export interface SourceContent {
  readonly kind: SourceKind;
  readonly sizeBytes: number;
  /** The file's bytes; null when it is over the size limit and was not read. */
  readonly bytes: Uint8Array | null;
  readonly maxBytes: number;
  readonly now: Date;
  /** The province and period the source is bound to, or why it cannot be bound. */
  readonly landing: { readonly province: string | null; readonly period: Period | null };
  readonly landingProblem?: Problem | undefined;
}

/**
 * Reads one source's content, handing accepted facts to `onFact` (and, with `onRejection`, rejected
 * records to it) as they are read; returns the rest of the result.
 */
export function scanSourceContent(
  content: SourceContent,
  onFact: (fact: FactDraft) => void,
  onRejection?: (rejection: RejectionDraft) => void,
): SourceOutline {
  const { landing } = content;
  const passOn = ({ facts, ...outline }: SourceResult): SourceOutline => {
    facts.forEach(onFact);
    return outline;
  };
  if (content.landingProblem) return passOn(unreadableSource(content.landingProblem, landing));
  if (content.kind === 'other') {
    return passOn(
      unreadableSource(
        problem('file-unsupported', { metricFormats: ACCEPTED_FORMATS.metric, reportFormats: ACCEPTED_FORMATS.report }),
        landing,
      ),
    );
  }
  if (content.bytes === null || content.sizeBytes > content.maxBytes) {
    return passOn(
      unreadableSource(
        problem('file-too-large', { size: formatBytes(content.sizeBytes), limit: formatBytes(content.maxBytes) }),
        landing,
      ),
    );
  }
  const decoded = decodeText(content.bytes, { keepForm: content.kind === 'text' });
  if (!decoded.ok)
    return passOn(
      unreadableSource(problem(/binary/.test(decoded.reason) ? 'file-not-text' : 'file-encoding-unknown'), landing),
    );
  if (content.kind === 'csv') {
    return scanProvinceCsv(
      decoded.text,
      { landingProvince: landing.province, landingPeriod: landing.period, now: content.now },
      onFact,
      onRejection,
    );
  }
  return passOn(readTextReport(decoded.text, landing));
}

/** A size as messages give it. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
