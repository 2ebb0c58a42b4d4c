/**
 * The receipt an uploader gets back for each upload (what DHIS2's import summary gives): its
 * status, counts, every rejection listed with a stable code and its reason, and the current values
 * it replaced, old and new. Written beside `incoming/` as `receipts/<ISO>/<path under incoming/<ISO>/>.json`,
 * with its rejections as `.csv`, in the one place the province may read.
 */
import { writeCsv } from '../csv/write-csv.js';
import { INCOMING, type Landing } from './landing-path.js';
import type { SourceSummary } from './ingest-source.js';

export const RECEIPTS = 'receipts';

/** A current value this upload replaced or added. */
export interface ValueChange {
  readonly province: string;
  readonly period: string;
  readonly metric: string;
  /** The value current before this upload; null when there was none. */
  readonly oldValue: number | null;
  readonly oldDenominator: number | null;
  readonly oldSourceKey: string | null;
  readonly newValue: number;
  readonly newDenominator: number | null;
}

export interface Receipt {
  readonly source_key: string;
  readonly sha256: string;
  readonly status: SourceSummary['status'];
  /** Why the whole file was rejected, in Vietnamese, and in English. */
  readonly reason: string | null;
  readonly reason_en: string | null;
  readonly rows_read: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly periods: readonly string[];
  readonly warnings: readonly string[];
  /** How the file was read, as its manifest records it (null where it was not read). */
  readonly read_method: string | null;
  readonly text_encoding: string | null;
  /** Workbooks: the sheet that was read. */
  readonly sheet: string | null;
  /** Metric tables: the header's line(s), and the rows above it that were not read as data. */
  readonly header_lines: readonly number[];
  readonly title_rows: readonly { readonly line: number; readonly text: string }[];
  /** Current values that existed and now have another value ("updated"). */
  readonly values_updated: number;
  /** Current values that did not exist before ("imported"). */
  readonly values_added: number;
  /** The current values this upload replaced, old and new. */
  readonly changes: readonly {
    readonly province: string;
    readonly period: string;
    readonly metric: string;
    readonly old_value: number | null;
    readonly old_denominator: number | null;
    readonly old_source_key: string | null;
    readonly new_value: number;
    readonly new_denominator: number | null;
  }[];
  readonly rejections: readonly ReceiptRejection[];
  /** Rejections counted in `rejected` but not listed (a file with very many). */
  readonly rejections_not_listed: number;
}

export interface ReceiptRejection {
  readonly line: number | null;
  readonly column: string | null;
  readonly value: string | null;
  /** A stable code for the kind of rejection; null where the pipeline gives none. */
  readonly code: string | null;
  /** In Vietnamese. */
  readonly reason: string;
  readonly reason_en: string | null;
}

/** A segment S3 stores as written but a file system or a path resolver would not. */
const UNSAFE_SEGMENT = /^(?:|\.|\.\.)$/;

/**
 * Where the receipt of an upload goes, without its `.json`/`.csv` extension: under the uploader's
 * own `receipts/<ISO>/`, the same path as under `incoming/<ISO>/`. Null for a source not under
 * `incoming/<province>/` (a national backfill, or a key whose first folder is not a province):
 * there is no province to hand it to.
 */
export function receiptBaseKey(landing: Landing): string | null {
  if (landing.province === null) return null;
  const prefix = `${INCOMING}/${landing.province}/`;
  if (!landing.key.startsWith(prefix)) return null;
  // An empty, "." or ".." folder in a rejected key is kept visible but can never climb out of the prefix.
  const rest = landing.key
    .slice(prefix.length)
    .split('/')
    .map((segment) => (UNSAFE_SEGMENT.test(segment) ? `_${segment}_` : segment));
  return `${RECEIPTS}/${landing.province}/${rest.join('/')}`;
}

/**
 * What an upload did to the current values: each value it added or replaced, or how many it added
 * and each value it replaced.
 */
export type ValueChanges =
  | readonly ValueChange[]
  | { readonly added: number; readonly replaced?: readonly ValueChange[] | undefined };

/** The receipt of one ingested (or duplicate, or rejected) source. */
export function buildReceipt(summary: SourceSummary, valueChanges: ValueChanges): Receipt {
  const changes =
    'added' in valueChanges ? (valueChanges.replaced ?? []) : valueChanges.filter((change) => change.oldValue !== null);
  const added =
    'added' in valueChanges ? valueChanges.added : valueChanges.filter((change) => change.oldValue === null).length;
  const sorted = [...changes].sort(
    (a, b) =>
      a.province.localeCompare(b.province) || a.period.localeCompare(b.period) || a.metric.localeCompare(b.metric),
  );
  return {
    source_key: summary.key,
    sha256: summary.sha256,
    status: summary.status,
    reason: summary.reason,
    reason_en: summary.reasonEn ?? null,
    rows_read: summary.read,
    accepted: summary.accepted,
    rejected: summary.rejected,
    periods: summary.periods,
    warnings: summary.warnings,
    read_method: summary.format?.method ?? null,
    text_encoding: summary.format?.encoding ?? null,
    sheet: summary.format?.sheet ?? null,
    header_lines: summary.format?.headerLines ?? [],
    title_rows: summary.format?.titleRows ?? [],
    values_updated: changes.length,
    values_added: added,
    changes: sorted.map((change) => ({
      province: change.province,
      period: change.period,
      metric: change.metric,
      old_value: change.oldValue,
      old_denominator: change.oldDenominator,
      old_source_key: change.oldSourceKey,
      new_value: change.newValue,
      new_denominator: change.newDenominator,
    })),
    rejections: summary.rejections.map((rejection) => ({
      line: rejection.line,
      column: rejection.column,
      value: rejection.value,
      code: rejection.code ?? null,
      reason: rejection.reason,
      reason_en: rejection.reasonEn ?? null,
    })),
    rejections_not_listed: summary.rejectionsOmitted ?? 0,
  };
}

/** The receipt as the `.json` file. */
export function receiptJson(receipt: Receipt): string {
  return `${JSON.stringify(receipt, null, 2)}\n`;
}

/** The receipt's rejections as the `.csv` file (a header only when there are none), cells neutralised. */
export function receiptCsv(receipt: Receipt): string {
  const columns = ['line', 'column', 'value', 'code', 'reason', 'reason_en'];
  return writeCsv(
    columns,
    receipt.rejections.map((rejection) => ({ ...rejection })),
  );
}

/** Where receipts are kept: beside the landing folder's `incoming/`, or in the raw bucket. */
export interface ReceiptStore {
  /** Whether a receipt is already stored at this base key. */
  exists(baseKey: string): Promise<boolean>;
  /** Stores the receipt as `<baseKey>.json` and its rejections as `<baseKey>.csv`. */
  put(baseKey: string, files: { readonly json: string; readonly csv: string }): Promise<void>;
}

/**
 * Writes the receipt of one source and returns its base key, or null when it has none (not under
 * `incoming/<province>/`, or a duplicate of the same key whose first receipt is kept: a redelivery
 * must not replace the receipt that says what the upload did). `changes` is asked only for an
 * ingested source with accepted values.
 */
export async function deliverReceipt(
  summary: SourceSummary,
  landing: Landing,
  store: ReceiptStore,
  changes: () => Promise<ValueChanges>,
): Promise<string | null> {
  const base = receiptBaseKey(landing);
  if (base === null) return null;
  if (summary.status === 'duplicate' && (await store.exists(base))) return null;
  const receipt = buildReceipt(summary, summary.status === 'ingested' && summary.accepted > 0 ? await changes() : []);
  await store.put(base, { json: receiptJson(receipt), csv: receiptCsv(receipt) });
  return base;
}
