import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbDatabase } from '../../../adapters/duckdb/duckdb-database.js';
import { openLambdaDatabase } from '../../../adapters/duckdb/lambda-database.js';
import { lambdaMemoryLimitMb } from '../../../adapters/duckdb/memory-limit.js';
import { makeTemporaryFolder, removeFolder } from '../../helpers.js';

describe('lambdaMemoryLimitMb', () => {
  it('gives DuckDB half of the memory the function is configured with', () => {
    expect(lambdaMemoryLimitMb('2048')).toBe(1024);
    expect(lambdaMemoryLimitMb('3008')).toBe(1504);
  });

  it('never goes below the smallest useful limit', () => {
    expect(lambdaMemoryLimitMb('128')).toBe(128);
  });

  it('leaves DuckDB its default when the size is unknown or not a size', () => {
    expect(lambdaMemoryLimitMb(undefined)).toBeUndefined();
    expect(lambdaMemoryLimitMb('')).toBeUndefined();
    expect(lambdaMemoryLimitMb('lots')).toBeUndefined();
    expect(lambdaMemoryLimitMb('-5')).toBeUndefined();
  });
});

describe('DuckDB memory settings', () => {
  let database: DuckDbDatabase | undefined;
  let folder: string | undefined;
  afterEach(async () => {
    database?.close();
    database = undefined;
    if (folder) await removeFolder(folder);
    folder = undefined;
  });

  const setting = async (name: string): Promise<unknown> =>
    (await database!.query('SELECT current_setting($1) AS value', [name])).rows[0]?.value;

  it('opens with the memory limit and spill folder it is given', async () => {
    folder = await makeTemporaryFolder();
    database = await DuckDbDatabase.open({ memoryLimitMb: 256, tempDirectory: folder });
    expect(await setting('memory_limit')).toBe('256.0 MiB');
    expect(await setting('temp_directory')).toBe(folder);
  });

  it("sets a Lambda's DuckDB to half the function's memory, spilling under the temp folder", async () => {
    folder = await makeTemporaryFolder();
    database = await openLambdaDatabase(folder, '2048');
    expect(await setting('memory_limit')).toBe('1.0 GiB');
    expect(String(await setting('temp_directory'))).toBe(`${folder}/duckdb-spill`);
  });
});
