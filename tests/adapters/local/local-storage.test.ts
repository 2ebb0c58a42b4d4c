/**
 * The local warehouse storage: files put in place whole under their keys, in folders made as
 * needed, and nothing half-written left beside them.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalWarehouseStorage } from '../../../adapters/local/local-storage.js';
import { makeTemporaryFolder, removeFolder } from '../../helpers.js';

let folder: string;
beforeEach(async () => {
  folder = await makeTemporaryFolder();
});
afterEach(async () => {
  await removeFolder(folder);
});

describe('LocalWarehouseStorage', () => {
  it('puts a text under a key whose folders do not exist yet, and over one that does', async () => {
    const storage = new LocalWarehouseStorage(folder);
    await storage.putText('ingestions/a/b/first.json', '{"n":1}\n');
    await storage.putText('ingestions/a/b/first.json', '{"n":2}\n');
    await storage.putText('ingestions/a/b/second.json', '{"n":3}\n');
    expect(await storage.readText('ingestions/a/b/first.json')).toBe('{"n":2}\n');
    expect(await storage.readText('ingestions/a/b/second.json')).toBe('{"n":3}\n');
    // Only the two files: no hidden partial file stays beside them.
    expect((await readdir(join(folder, 'ingestions', 'a', 'b'))).sort()).toEqual(['first.json', 'second.json']);
  });

  it('reads a missing key as undefined and throws on a key that cannot be read', async () => {
    const storage = new LocalWarehouseStorage(folder);
    expect(await storage.readText('ingestions/none.json')).toBeUndefined();
    await mkdir(join(folder, 'ingestions', 'folder.json'), { recursive: true });
    await expect(storage.readText('ingestions/folder.json')).rejects.toThrow();
  });

  it('moves a scratch file into a new partition folder and refuses a file that does not exist', async () => {
    const storage = new LocalWarehouseStorage(folder);
    const scratch = await storage.createScratch();
    await writeFile(join(scratch, 'facts.parquet'), 'bytes');
    const key = 'facts/year=2024/quarter=3/province=VN-22/abc.parquet';
    await storage.putFile(key, join(scratch, 'facts.parquet'));
    expect(await readFile(storage.locate(key), 'utf8')).toBe('bytes');
    expect(await readdir(scratch)).toEqual([]);
    await expect(
      storage.putFile('facts/year=2024/quarter=4/province=VN-22/abc.parquet', join(scratch, 'none')),
    ).rejects.toThrow(/ENOENT/);
    await storage.releaseScratch(scratch);
  });

  it('keeps a released scratch folder for the next write, without its subfolders', async () => {
    const storage = new LocalWarehouseStorage(folder, { reuseScratch: true });
    const scratch = await storage.createScratch();
    await mkdir(join(scratch, 'facts', 'year=2024'), { recursive: true });
    await writeFile(join(scratch, 'facts.ndjson'), '{}\n');
    await storage.releaseScratch(scratch);
    expect(await readdir(scratch)).toEqual(['facts.ndjson']);
    expect(await storage.createScratch()).toBe(scratch);
    await storage.close();
    expect(await readdir(join(folder, '.scratch'))).toEqual([]);
  });
});
