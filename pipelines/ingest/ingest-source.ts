/**
 * One source through the pipeline: read and validate it (pure), then, unless the same bytes were
 * ingested before, write its facts, rejections and manifest to the warehouse.
 */
import { formatPeriod, type Period } from '../period.js';
import { describeProvince } from '../reference/provinces.js';
import { decodeText } from '../text/decode-text.js';
import { scanProvinceCsv, type SourceOutline } from '../csv/parse-province-csv.js';
import { unreadableSource, type FactDraft, type RejectionDraft, type SourceResult } from '../facts/source-result.js';
import { ManifestSchema, manifestKey, type SourceKind } from '../warehouse/manifest.js';
import { writeSourceStream } from '../warehouse/write-source.js';
import type { DuckDbDatabase } from '../warehouse/duckdb-database.js';
import type { WarehouseStorage } from '../warehouse/warehouse-storage.js';
import { readTextReport } from './read-text-report.js';
import { sourceKindOf, type Landing } from './landing-path.js';

/** Default size limit of one upload; larger files are rejected whole, never truncated. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

export interface SourceInput {
  readonly landing: Landing;
  readonly sizeBytes: number;
  readonly sha256: string;
  /** The file's bytes; null when it is over the size limit and was not read. */
  readonly bytes: Uint8Array | null;
}

export interface ReadContext {
  readonly now: Date;
  readonly maxBytes: number;
  /** `--province` / `--period` given on the command line: they fill in what the path does not say. */
  readonly province?: string | undefined;
  readonly period?: Period | undefined;
}

export type SourceStatus = 'ingested' | 'duplicate' | 'rejected';

export interface SourceSummary {
  readonly key: string;
  readonly sha256: string;
  readonly kind: SourceKind;
  readonly status: SourceStatus;
  readonly read: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Why the whole file was rejected. */
  readonly reason: string | null;
  readonly warnings: readonly string[];
  /** Periods the accepted values are for. */
  readonly periods: readonly string[];
  /**
   * The rejected records (for a file rejected whole, its one file-level record). An ingested
   * source lists at most the first 1,000; `rejectionsOmitted` counts the rest, which are in the
   * warehouse's rejections like every other.
   */
  readonly rejections: readonly RejectionReport[];
  /** Rejected records not listed in `rejections`; absent when they are all listed. */
  readonly rejectionsOmitted?: number;
}

/** A rejection as reports show it. */
export interface RejectionReport {
  readonly line: number | null;
  readonly column: string | null;
  readonly value: string | null;
  readonly reason: string;
}

/** The province and period a source is bound to: its folders, else the command line. */
function bindLanding(landing: Landing, context: ReadContext): { province: string | null; period: Period | null; problem?: string } {
  if (landing.problem) return { province: null, period: landing.period, problem: landing.problem };
  if (landing.province && context.province && landing.province !== context.province) {
    return { province: landing.province, period: landing.period, problem: `the file is in the folder of ${describeProvince(landing.province)} but --province says ${context.province}` };
  }
  if (landing.period && context.period && formatPeriod(landing.period) !== formatPeriod(context.period)) {
    return { province: landing.province, period: landing.period, problem: `the file is in the folder of ${formatPeriod(landing.period)} but --period says ${formatPeriod(context.period)}` };
  }
  return { province: landing.province ?? context.province ?? null, period: landing.period ?? context.period ?? null };
}

export interface SourceReading {
  readonly kind: SourceKind;
  /** The province and period the source is bound to. */
  readonly landing: { readonly province: string | null; readonly period: Period | null };
  readonly result: SourceResult;
}

/** Reads and validates a source without writing anything (what `provstat validate` shows). */
export function readSource(input: SourceInput, context: ReadContext): SourceReading {
  const kind = sourceKindOf(input.landing.key);
  const bound = bindLanding(input.landing, context);
  const facts: FactDraft[] = [];
  const outline = scanSource(input, context, kind, bound, (fact) => {
    facts.push(fact);
  });
  return { kind, landing: { province: bound.province, period: bound.period }, result: { facts, ...outline } };
}

/**
 * `readSource` with each accepted fact handed to `onFact` as soon as it is read instead of
 * collected, and with `onRejection`, each rejected record likewise.
 */
function scanSource(
  input: SourceInput,
  context: ReadContext,
  kind: SourceKind,
  bound: ReturnType<typeof bindLanding>,
  onFact: (fact: FactDraft) => void,
  onRejection?: (rejection: RejectionDraft) => void,
): SourceOutline {
  const landing = { province: bound.province, period: bound.period };
  const passOn = ({ facts, ...outline }: SourceResult): SourceOutline => {
    facts.forEach(onFact);
    return outline;
  };
  if (bound.problem) return passOn(unreadableSource(bound.problem, landing));
  if (kind === 'other') {
    return passOn(unreadableSource('this kind of file is not supported: send metric values as a .csv file and reports as plain text (.txt)', landing));
  }
  if (input.bytes === null || input.sizeBytes > context.maxBytes) {
    return passOn(unreadableSource(`the file is ${formatBytes(input.sizeBytes)}, over the ${formatBytes(context.maxBytes)} limit; split it into smaller files`, landing));
  }
  const decoded = decodeText(input.bytes, { keepForm: kind === 'text' });
  if (!decoded.ok) return passOn(unreadableSource(decoded.reason, landing));
  if (kind === 'csv') {
    return scanProvinceCsv(decoded.text, { landingProvince: landing.province, landingPeriod: landing.period, now: context.now }, onFact, onRejection);
  }
  return passOn(readTextReport(decoded.text, landing));
}

export interface IngestContext extends ReadContext {
  readonly storage: WarehouseStorage;
  readonly database: DuckDbDatabase;
  readonly pipelineVersion: string;
}

/**
 * Ingests one source; the same bytes ingested again change nothing. Facts go to the Parquet writer
 * as they are read, so a large CSV never holds its rows in memory.
 */
export async function ingestSource(input: SourceInput, context: IngestContext): Promise<SourceSummary> {
  const existing = await context.storage.readText(manifestKey(input.sha256));
  if (existing !== undefined) {
    const manifest = ManifestSchema.parse(JSON.parse(existing));
    return {
      key: input.landing.key, sha256: input.sha256, kind: manifest.source_kind, status: 'duplicate',
      read: 0, accepted: 0, rejected: 0, reason: null,
      warnings: [`the same bytes were ingested on ${manifest.ingested_at} as ${manifest.source_key}; nothing changed`], periods: [], rejections: [],
    };
  }
  const kind = sourceKindOf(input.landing.key);
  const bound = bindLanding(input.landing, context);
  const written = await writeSourceStream((onFact, onRejection) => scanSource(input, context, kind, bound, onFact, onRejection), {
    key: input.landing.key, sha256: input.sha256, kind, sizeBytes: input.sizeBytes, landingProvince: bound.province,
    landingPeriod: bound.period, ingestedAt: context.now, pipelineVersion: context.pipelineVersion,
  }, context.storage, context.database);
  return summariseOutline(input, kind, written.outline, written.manifest.accepted, written.periods, written.rejectionsOmitted);
}

/** The per-file line of the report, from a read result. */
export function summarise(input: SourceInput, kind: SourceKind, result: SourceResult): SourceSummary {
  const { facts, ...outline } = result;
  const periods = [...new Set(facts.map((fact) => formatPeriod(fact.period)))].sort();
  return summariseOutline(input, kind, outline, facts.length, periods);
}

function summariseOutline(
  input: SourceInput,
  kind: SourceKind,
  result: SourceOutline,
  accepted: number,
  periods: readonly string[],
  rejectionsOmitted = 0,
): SourceSummary {
  return {
    key: input.landing.key, sha256: input.sha256, kind, status: result.unreadable ? 'rejected' : 'ingested',
    read: result.read, accepted, rejected: result.unreadable ? 0 : result.rejections.length + rejectionsOmitted,
    reason: result.unreadable ?? null, warnings: result.warnings, periods,
    rejections: result.rejections.map((rejection) => ({ line: rejection.sourceRow, column: rejection.column, value: rejection.rawValue, reason: rejection.reason })),
    ...(rejectionsOmitted > 0 ? { rejectionsOmitted } : {}),
  };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
