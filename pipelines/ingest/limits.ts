/**
 * The limits of one upload, in one place for the CLI, the Lambda and the stack. This module
 * imports nothing, so the rollup bundle can read a limit without carrying the ingest pipeline.
 */

/** Default size limit of one upload; larger files are rejected whole, never truncated. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

/**
 * Limits within a CSV upload, checked while it is read so a hostile file costs time in proportion
 * to them, not to its size. Real uploads stay far below: a header of a few hundred characters,
 * cells of a few dozen.
 */
export const CSV_LIMITS = {
  /** Characters of the header line; a longer one rejects the file. */
  headerChars: 64 * 1024,
  /** Characters of any line; a longer one rejects the file. */
  lineChars: 1024 * 1024,
  /** Characters of one cell; a record with a longer one is rejected. */
  cellChars: 64 * 1024,
} as const;
