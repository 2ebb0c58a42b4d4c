/**
 * One source through the pipeline: read and validate it (pure), then, unless the same bytes were
 * ingested before, hand its facts and rejections to a source writer as they are read and commit.
 */
import {
  unreadableSource,
  type FactDraft,
  type RejectionDraft,
  type SourceFormat,
  type SourceOutline,
  type SourceResult,
} from '../facts/source-result.js';
import { formatPeriod, type Period } from '../period.js';
import { problem, type Problem, type RejectionCode } from '../facts/rejection-codes.js';
import { describeProvince } from '../reference/provinces.js';
import { ManifestSchema, manifestKey, type SourceBinding, type SourceKind } from '../warehouse/manifest.js';
import type { SourceProvenance, SourceWrite, SourceWriter, WrittenSource } from '../warehouse/source-writer.js';
import type { WarehouseStorage } from '../warehouse/warehouse-storage.js';
import { messageOf, SourceReadError, WarehouseWriteError } from './errors.js';
import { sourceKindOf, type Landing } from './landing-path.js';
import { scanSourceContent, type RowEngine } from './scan-source-content.js';
import { timeStageAsync, type StageObserver } from './stages.js';
import type { Upload } from './upload.js';

export interface SourceInput {
  readonly landing: Landing;
  readonly sizeBytes: number;
  readonly sha256: string;
  /** The file's bytes; null when it is over the size limit and was not read. */
  readonly bytes: Uint8Array | null;
  /** When the file was uploaded; without it, the ingestion time stands in. */
  readonly upload?: Upload | undefined;
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
  /** Why the whole file was rejected: its code and the reason in Vietnamese and in English. */
  readonly code: RejectionCode | null;
  readonly reason: string | null;
  readonly reasonEn: string | null;
  readonly warnings: readonly string[];
  /** Header cells that name no column of the format (reported, never dropped silently). */
  readonly unrecognisedColumns: readonly string[];
  /** How the file was read (its reader and encoding, the sheet, the header line, title rows); null when it was not. */
  readonly format: SourceFormat | null;
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
  /** Warehouse key of the manifest that records the source; absent when nothing was written. */
  readonly manifestKey?: string;
}

/** The manifest key of a source this run wrote or found written; a dry run (`validate`) has none. */
export function writtenManifestKey(summary: SourceSummary): string {
  if (summary.manifestKey === undefined) throw new Error(`${summary.key} was not written to the warehouse`);
  return summary.manifestKey;
}

/** A rejection as reports show it. */
export interface RejectionReport {
  readonly line: number | null;
  readonly column: string | null;
  readonly value: string | null;
  readonly code: RejectionCode;
  /** In Vietnamese. */
  readonly reason: string;
  readonly reasonEn: string;
}

interface BoundLanding {
  readonly province: string | null;
  readonly period: Period | null;
  readonly problem?: Problem;
}

/** The province and period a source is bound to: its folders, else the command line. */
function bindLanding(landing: Landing, context: ReadContext): BoundLanding {
  // A rejected key still names its uploader (its first folder), so the rejection is filed under it.
  if (landing.problem) {
    return {
      province: landing.province,
      period: landing.period,
      problem: problem('path-invalid', { detail: landing.problem }),
    };
  }
  if (landing.province && context.province && landing.province !== context.province) {
    const folder = describeProvince(landing.province);
    const found = problem('province-option-conflict', { folder, option: context.province });
    return { province: landing.province, period: landing.period, problem: found };
  }
  if (landing.period && context.period && formatPeriod(landing.period) !== formatPeriod(context.period)) {
    const options = { folder: formatPeriod(landing.period), option: formatPeriod(context.period) };
    const found = problem('period-option-conflict', options);
    return { province: landing.province, period: landing.period, problem: found };
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
export async function readSource(input: SourceInput, context: ReadContext): Promise<SourceReading> {
  const kind = sourceKindOf(input.landing.key);
  const bound = bindLanding(input.landing, context);
  const facts: FactDraft[] = [];
  const outline = await scanSource(input, context, kind, bound, (fact) => {
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
  engine?: RowEngine,
): Promise<SourceOutline> {
  return scanSourceContent(
    {
      name: input.landing.key,
      kind,
      sizeBytes: input.sizeBytes,
      bytes: input.bytes,
      maxBytes: context.maxBytes,
      now: context.now,
      landing: { province: bound.province, period: bound.period },
      landingProblem: bound.problem,
    },
    onFact,
    onRejection,
    engine,
  );
}

/** CSV files from this size on have their rows checked by the writer's engine, when it has one. */
export const ROWS_IN_ENGINE_FROM_BYTES = 1024 * 1024;

export interface IngestContext extends ReadContext {
  /** Where manifests are looked up: a source whose manifest exists is a duplicate. */
  readonly storage: WarehouseStorage;
  readonly writer: SourceWriter;
  readonly pipelineVersion: string;
  /** Told how long each source's checking took; for the benchmark. */
  readonly onStage?: StageObserver | undefined;
  /** CSV files from this size on are checked by the writer's engine (default `ROWS_IN_ENGINE_FROM_BYTES`). */
  readonly rowsInEngineFromBytes?: number | undefined;
}

/**
 * Ingests one source; the same bytes ingested again change nothing. Facts go to the writer as they
 * are read, so a large CSV never holds its rows in memory. Throws `SourceReadError` when reading
 * the file throws and `WarehouseWriteError` when the warehouse cannot be written.
 */
export async function ingestSource(input: SourceInput, context: IngestContext): Promise<SourceSummary> {
  const kind = sourceKindOf(input.landing.key);
  const bound = bindLanding(input.landing, context);
  const recordKey = manifestKey(input.sha256, bindingOf(bound));
  const existing = await readManifest(input, recordKey, context.storage);
  if (existing !== undefined) {
    const manifest = ManifestSchema.parse(JSON.parse(existing));
    return {
      key: input.landing.key,
      sha256: input.sha256,
      kind: manifest.source_kind,
      status: 'duplicate',
      read: 0,
      accepted: 0,
      rejected: 0,
      code: null,
      reason: null,
      reasonEn: null,
      unrecognisedColumns: [],
      format: null,
      warnings: [`the same bytes were ingested on ${manifest.ingested_at} as ${manifest.source_key}; nothing changed`],
      periods: [],
      rejections: [],
      manifestKey: recordKey,
    };
  }
  const write = await openWrite(input, kind, bound, context);
  try {
    let outline: SourceOutline;
    try {
      outline = await timeStageAsync(context.onStage, 'check', () =>
        scanSource(
          input,
          context,
          kind,
          bound,
          guard(input, (fact) => write.addFact(fact)),
          guard(input, (rejection) => write.addRejection(rejection)),
          rowEngine(input, write, context),
        ),
      );
    } catch (error) {
      if (error instanceof WarehouseWriteError) throw error;
      throw new SourceReadError(`reading ${input.landing.key} failed: ${messageOf(error)}`, input.landing.key, {
        cause: error,
      });
    }
    const written = await commit(input, write, outline);
    return {
      ...summariseOutline(
        input,
        kind,
        { ...outline, rejections: written.rejections },
        written.manifest.accepted,
        written.periods,
        written.rejectionsOmitted,
      ),
      manifestKey: recordKey,
    };
  } finally {
    await write.abort().catch(() => undefined);
  }
}

/**
 * Records a source as rejected whole (`file-unreadable`, with `detail` saying what failed), without
 * reading it: for a file whose reading threw, so it is not retried for ever.
 */
export async function ingestAsUnreadable(
  input: SourceInput,
  context: IngestContext,
  detail: string,
): Promise<SourceSummary> {
  const kind = sourceKindOf(input.landing.key);
  const landing = { province: input.landing.province, period: input.landing.period };
  const write = await openWrite(input, kind, landing, context);
  try {
    const outline = unreadableSource(problem('file-unreadable', { detail }), landing);
    const written = await commit(input, write, outline);
    return {
      ...summariseOutline(input, kind, { ...outline, rejections: written.rejections }, 0, [], 0),
      manifestKey: manifestKey(input.sha256, bindingOf(landing)),
    };
  } finally {
    await write.abort().catch(() => undefined);
  }
}

/** The binding a source is recorded under, as manifest keys name it. */
function bindingOf(landing: { readonly province: string | null; readonly period: Period | null }): SourceBinding {
  return { province: landing.province, period: landing.period ? formatPeriod(landing.period) : null };
}

/** The manifest of the same bytes under the same binding, if they were ingested before. */
async function readManifest(input: SourceInput, key: string, storage: WarehouseStorage): Promise<string | undefined> {
  try {
    return await storage.readText(key);
  } catch (error) {
    throw new WarehouseWriteError(
      `cannot look up ${input.landing.key} in the warehouse: ${messageOf(error)}`,
      input.landing.key,
      { cause: error },
    );
  }
}

async function openWrite(
  input: SourceInput,
  kind: SourceKind,
  landing: { readonly province: string | null; readonly period: Period | null },
  context: IngestContext,
): Promise<SourceWrite> {
  const provenance: SourceProvenance = {
    key: input.landing.key,
    sha256: input.sha256,
    kind,
    sizeBytes: input.sizeBytes,
    landingProvince: landing.province,
    landingPeriod: landing.period,
    ingestedAt: context.now,
    pipelineVersion: context.pipelineVersion,
    uploadedAt: input.upload?.at ?? context.now,
    uploadSequence: input.upload?.sequence ?? null,
  };
  try {
    return await context.writer.open(provenance);
  } catch (error) {
    throw new WarehouseWriteError(`cannot start writing ${input.landing.key}: ${messageOf(error)}`, input.landing.key, {
      cause: error,
    });
  }
}

/** The outline's own rejections (a file rejected whole has one) written, then the source committed. */
async function commit(input: SourceInput, write: SourceWrite, outline: SourceOutline): Promise<WrittenSource> {
  try {
    for (const rejection of outline.rejections) write.addRejection(rejection);
    return await write.commit(outline);
  } catch (error) {
    throw new WarehouseWriteError(`cannot write ${input.landing.key}: ${messageOf(error)}`, input.landing.key, {
      cause: error,
    });
  }
}

/** A writer call whose failure is reported as a write failure, not as a failure of reading. */
function guard<T>(input: SourceInput, add: (value: T) => void): (value: T) => void {
  return (value) => {
    try {
      add(value);
    } catch (error) {
      throw new WarehouseWriteError(`cannot stage ${input.landing.key}: ${messageOf(error)}`, input.landing.key, {
        cause: error,
      });
    }
  };
}

/** The writer's engine as the reader calls it, its failures reported as write failures; none without one. */
function rowEngine(input: SourceInput, write: SourceWrite, context: IngestContext): RowEngine | undefined {
  if (!write.checkRows) return undefined;
  const check = write.checkRows.bind(write);
  return {
    fromBytes: context.rowsInEngineFromBytes ?? ROWS_IN_ENGINE_FROM_BYTES,
    check: async (rows) => {
      try {
        return await check(rows);
      } catch (error) {
        const message = `cannot check the rows of ${input.landing.key}: ${messageOf(error)}`;
        throw new WarehouseWriteError(message, input.landing.key, { cause: error });
      }
    },
  };
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
    key: input.landing.key,
    sha256: input.sha256,
    kind,
    status: result.unreadable ? 'rejected' : 'ingested',
    read: result.read,
    accepted,
    rejected: result.unreadable ? 0 : result.rejections.length + rejectionsOmitted,
    ...fileReason(result),
    warnings: result.warnings,
    unrecognisedColumns: result.unrecognisedColumns ?? [],
    format: result.format ?? null,
    periods,
    rejections: result.rejections.map((rejection) => ({
      line: rejection.sourceRow,
      column: rejection.column,
      value: rejection.rawValue,
      code: rejection.code,
      reason: rejection.reason,
      reasonEn: rejection.reasonEn,
    })),
    ...(rejectionsOmitted > 0 ? { rejectionsOmitted } : {}),
  };
}

/** The file-level reason of a source rejected whole: its one record's code and messages. */
function fileReason(result: SourceOutline): Pick<SourceSummary, 'code' | 'reason' | 'reasonEn'> {
  const record = result.unreadable ? result.rejections[0] : undefined;
  if (!record) return { code: null, reason: null, reasonEn: null };
  return { code: record.code, reason: record.reason, reasonEn: record.reasonEn };
}
