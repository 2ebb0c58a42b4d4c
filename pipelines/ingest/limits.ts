/**
 * The limits of one upload, in one place for the CLI, the Lambda and the stack. This module
 * imports nothing, so the rollup bundle can read a limit without carrying the ingest pipeline.
 */

/** Default size limit of one upload; larger files are rejected whole, never truncated. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
