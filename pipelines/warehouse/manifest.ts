/**
 * The manifest of one ingested source, `ingestions/<sha256>.json`. It is written last: its presence
 * means every Parquet file of the source is in place, and it makes re-ingesting the same bytes a no-op.
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
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** The manifest key of a source. */
export function manifestKey(sha256: string): string {
  return `ingestions/${sha256}.json`;
}
