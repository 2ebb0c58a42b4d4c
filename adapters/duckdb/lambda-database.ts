/**
 * DuckDB inside a Lambda: its home and spill folders under the writable temp folder (the rest of
 * the file system is read-only there), a memory limit of half the function's memory (it spills
 * past it), and never fetching extensions (there is no internet to fetch them from; Parquet is
 * built in).
 */
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbDatabase, quoteSqlString } from './duckdb-database.js';
import { lambdaMemoryLimitMb } from './memory-limit.js';

/** Opens an in-memory DuckDB configured for a Lambda's read-only file system. */
export async function openLambdaDatabase(
  scratchParent: string = tmpdir(),
  functionMemory: string | undefined = process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
): Promise<DuckDbDatabase> {
  const spill = join(scratchParent, 'duckdb-spill');
  await mkdir(spill, { recursive: true });
  const database = await DuckDbDatabase.open({ memoryLimitMb: lambdaMemoryLimitMb(functionMemory) });
  try {
    // Paths are quoted with DuckDB's helper; SET takes no bound parameters.
    await database.run(`SET home_directory = ${quoteSqlString(scratchParent)}`);
    await database.run(`SET temp_directory = ${quoteSqlString(spill)}`);
    await database.run('SET autoinstall_known_extensions = false');
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}
