import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepAbandoned } from '../../../adapters/local/sweep-abandoned.js';
import { makeTemporaryFolder, removeFolder } from '../../helpers.js';

let root: string;
beforeEach(async () => {
  root = await makeTemporaryFolder();
});
afterEach(async () => {
  await removeFolder(root);
});

async function put(path: string, ageMs: number): Promise<string> {
  const full = join(root, path);
  await mkdir(join(full, '..'), { recursive: true });
  await writeFile(full, 'x');
  const at = new Date(Date.now() - ageMs);
  await utimes(full, at, at);
  return full;
}

describe('sweeping a local warehouse', () => {
  it('removes old pieces and scratch folders of any source, and keeps young ones and real files', async () => {
    const hour = 60 * 60 * 1000;
    await put('facts/year=2024/quarter=3/province=VN-22/.aaaa-1-0.partial', 2 * hour);
    await put('rejections/year=0/quarter=0/province=unknown/.bbbb-2.merged.partial', 2 * hour);
    await put('ingestions/.cccc.partial', 2 * hour);
    await put('facts/year=2024/quarter=3/province=VN-22/.dddd-3-0.partial', 60_000);
    await put('facts/year=2024/quarter=3/province=VN-22/eeee.parquet', 2 * hour);
    const scratch = await put('.scratch/write-old/facts.ndjson', 2 * hour);
    await utimes(join(scratch, '..'), new Date(Date.now() - 2 * hour), new Date(Date.now() - 2 * hour));
    await put('.scratch/write-new/facts.ndjson', 1000);
    // A folder made long ago whose file was just overwritten belongs to a run still writing.
    await put('.scratch/write-reused/facts.ndjson', 1000);
    await utimes(join(root, '.scratch/write-reused'), new Date(Date.now() - 2 * hour), new Date(Date.now() - 2 * hour));

    const removed = await sweepAbandoned(root);
    expect(removed.map((path) => path.slice(root.length + 1))).toEqual([
      '.scratch/write-old',
      'facts/year=2024/quarter=3/province=VN-22/.aaaa-1-0.partial',
      'ingestions/.cccc.partial',
      'rejections/year=0/quarter=0/province=unknown/.bbbb-2.merged.partial',
    ]);
    expect((await readdir(join(root, 'facts/year=2024/quarter=3/province=VN-22'))).sort()).toEqual([
      '.dddd-3-0.partial',
      'eeee.parquet',
    ]);
    expect((await readdir(join(root, '.scratch'))).sort()).toEqual(['write-new', 'write-reused']);
  });
});
