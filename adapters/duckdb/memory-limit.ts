/**
 * How much memory DuckDB may use while ingesting; past it, it spills to its temp directory. The
 * limit is set so that the whole process (Node, the file being read, DuckDB) stays within what it
 * is given: a Lambda's configured memory, or a fixed budget on an operator's machine.
 */

/**
 * DuckDB's memory limit for `provstat ingest`, in MiB: a bulk file's sort and partitioned write
 * spill past it. Each read of staged rows holds a 32 MiB buffer, and up to four sources are
 * written at once with two reads each, so less than 256 MiB fails where nothing needs to spill.
 */
export const CLI_INGEST_MEMORY_MB = 512;

/** The part of a Lambda's memory DuckDB may use; the rest is Node's heap and the object being ingested. */
const LAMBDA_DUCKDB_SHARE = 0.5;

/** The smallest limit DuckDB is given, whatever the function's size: below it a write spills on every row group. */
const MINIMUM_MB = 128;

/**
 * DuckDB's memory limit in a Lambda, in MiB, from its configured memory size
 * (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, which Lambda sets from the function's configuration).
 * Undefined when the size is not known (outside Lambda): DuckDB's own default then applies.
 */
export function lambdaMemoryLimitMb(functionMemory: string | undefined): number | undefined {
  const megabytes = Number(functionMemory);
  if (!functionMemory || !Number.isInteger(megabytes) || megabytes <= 0) return undefined;
  return Math.max(MINIMUM_MB, Math.floor(megabytes * LAMBDA_DUCKDB_SHARE));
}
