/**
 * Every entry of a landing folder is accounted for: links inside it are followed once, anything
 * else that is not a regular file is reported with its reason; a warehouse folder whose name has
 * glob characters is read as named.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder } from '../helpers.js';

let folder: string;
beforeEach(async () => {
  folder = await makeTemporaryFolder();
});
afterEach(async () => {
  await removeFolder(folder);
});

const csv = (value: number): string => `province,period,metric,value\nVN-22,2024Q3,border_posts,${value}\n`;

describe('a landing folder with special files', () => {
  it('follows a link to a file inside it and reports a FIFO and links leading outside or nowhere', async () => {
    const quarter = join(folder, 'incoming', 'VN-22', '2024Q3');
    await mkdir(quarter, { recursive: true });
    await writeFile(join(quarter, 'a.csv'), csv(16));
    await writeFile(join(folder, 'outside.csv'), csv(99));
    await mkdir(join(folder, 'incoming', 'VN-45', '2024Q3'), { recursive: true });
    await symlink(join(quarter, 'a.csv'), join(folder, 'incoming', 'VN-45', '2024Q3', 'linked.csv'));
    await symlink(join(folder, 'outside.csv'), join(quarter, 'escape.csv'));
    await symlink(join(folder, 'missing.csv'), join(quarter, 'dangling.csv'));
    expect(spawnSync('mkfifo', [join(quarter, 'pipe.csv')]).status).toBe(0);

    const outcomes = await ingestPaths([join(folder, 'incoming')], { warehouse: join(folder, 'warehouse') });
    const byName = Object.fromEntries(outcomes.map((outcome) => [outcome.path.split('/').at(-1), outcome]));
    expect(Object.keys(byName).sort()).toEqual(['a.csv', 'dangling.csv', 'escape.csv', 'linked.csv', 'pipe.csv']);
    expect(byName['a.csv']?.summary?.status).toBe('ingested');
    expect(byName['linked.csv']?.summary?.status).toBe('ingested');
    expect(byName['escape.csv']).toMatchObject({
      summary: null,
      failure: expect.stringMatching(/outside the landing folder/),
    });
    expect(byName['dangling.csv']).toMatchObject({ summary: null, failure: expect.stringMatching(/link to nothing/) });
    expect(byName['pipe.csv']).toMatchObject({ summary: null, failure: expect.stringMatching(/not a regular file/) });
  });
});

describe('a warehouse folder whose name has glob characters', () => {
  it('is written and read as named, not as a pattern matching another folder', async () => {
    const quarter = join(folder, 'incoming', 'VN-22', '2024Q3');
    await mkdir(quarter, { recursive: true });
    await writeFile(join(quarter, 'a.csv'), csv(16));
    const decoy = join(folder, 'wh1');
    await writeFile(join(folder, 'b.csv'), csv(5));
    await ingestPaths([join(folder, 'b.csv')], {
      warehouse: decoy,
      province: 'VN-22',
      period: { year: 2024, quarter: 3 },
    });
    // With `?` the views read the Parquet directly (no query cache); without it, through the cache.
    for (const name of ['wh[1]*', 'w?h[1]*']) {
      const warehouse = join(folder, name);
      await ingestPaths([join(folder, 'incoming')], { warehouse });
      expect(await queryWarehouse(warehouse, 'SELECT value FROM metrics')).toEqual([{ value: 16 }]);
      expect(await queryWarehouse(warehouse, 'SELECT value FROM facts')).toEqual([{ value: 16 }]);
    }
  });
});
