/**
 * The manifest of one ingested source, `ingestions/<sha256>.json` (or, for a source bound to a
 * province or period, `ingestions/<sha256>--<province>-<period>.json`). It is the source's commit
 * record: written last, one line of JSON that DuckDB and Athena both read, and the views show only
 * the files a manifest lists. Its presence makes re-ingesting the same bytes under the same
 * binding a no-op.
 */
import { z } from 'zod';

export const SOURCE_KINDS = ['csv', 'text', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const PartitionCountSchema = z.object({
  year: z.number().int(),
  quarter: z.number().int(),
  province: z.string(),
  facts: z.number().int().nonnegative(),
  rejections: z.number().int().nonnegative(),
});

export const ManifestSchema = z.object({
  source_key: z.string(),
  source_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  source_kind: z.enum(SOURCE_KINDS),
  size_bytes: z.number().int().nonnegative(),
  /** `rejected`: the file could not be read at all; `reason` says why. */
  status: z.enum(['ingested', 'rejected']),
  reason: z.string().nullable(),
  landing_province: z.string().nullable(),
  landing_period: z.string().nullable(),
  read: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
  partitions: z.array(PartitionCountSchema),
  files: z.array(z.string()),
  ingested_at: z.string(),
  pipeline_version: z.string(),
  /** When the source was uploaded (ISO 8601); absent in manifests written before it was recorded. */
  uploaded_at: z.string().optional(),
  upload_sequence: z.string().nullable().optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** Where the manifests are: one file each, nothing else. */
export const MANIFEST_FOLDER = 'ingestions/';

/** The province and period a source is bound to by its landing (or the command line). */
export interface SourceBinding {
  readonly province: string | null;
  /** `2024Q3`. */
  readonly period: string | null;
}

/**
 * What tells two bindings of the same bytes apart in keys: empty for a source bound to nothing,
 * else `--<province>-<period>` with `none` for what is unbound.
 */
export function bindingSuffix(binding: SourceBinding): string {
  if (binding.province === null && binding.period === null) return '';
  return `--${binding.province ?? 'none'}-${binding.period ?? 'none'}`;
}

/** The manifest key of a source: its bytes and its binding. */
export function manifestKey(sha256: string, binding: SourceBinding): string {
  return `${MANIFEST_FOLDER}${sha256}${bindingSuffix(binding)}.json`;
}
