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
  /**
   * How the bytes were read: `csv`, `xlsx:exceljs`, `txt:utf-8`, `docx:mammoth`, `pdf:text-layer (2 pages)`,
   * `html:article` ...; null for a file refused before it was read (and in manifests written before it was kept).
   */
  read_method: z.string().nullable().default(null),
  /** The text encoding chosen (`utf-8`, `windows-1258`, `tcvn3` ...) when text was decoded. */
  text_encoding: z.string().nullable().default(null),
  /** Workbooks: the sheet that was read. */
  sheet: z.string().nullable().default(null),
  /** Metric tables: the header's line (two for a header with merged group cells) and the rows above it. */
  header_lines: z.array(z.number().int()).default([]),
  title_rows: z.array(z.object({ line: z.number().int(), text: z.string() })).default([]),
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
