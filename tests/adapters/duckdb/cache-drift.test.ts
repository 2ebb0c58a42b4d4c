import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCacheDrift, dropQueryCache } from '../../../adapters/duckdb/cache-drift.js';
import { LocalWarehouseStorage } from '../../../adapters/local/local-storage.js';
import { ingestPaths } from '../../../cli/commands/ingest.js';
import { checkCommits } from '../../../pipelines/warehouse/commit-check.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder, SAMPLES } from '../../helpers.js';

let folder: string;
let warehouse: string;

async function drift() {
  return checkCacheDrift(warehouse, (await checkCommits(new LocalWarehouseStorage(warehouse))).listedBy);
}

async function sourcesInView(): Promise<string[]> {
  const rows = await queryWarehouse(warehouse, 'SELECT DISTINCT source_sha256 FROM facts ORDER BY 1');
  return rows.map((row) => String(row.source_sha256));
}

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  warehouse = join(folder, 'warehouse');
  await cp(join(SAMPLES, 'VN-22'), join(folder, 'incoming', 'VN-22'), { recursive: true });
  await ingestPaths([join(folder, 'incoming')], { warehouse });
});
afterAll(async () => removeFolder(folder));

describe('query cache drift', () => {
  it('is absent before a query and current after one', async () => {
    await dropQueryCache(warehouse);
    expect((await drift()).state).toBe('absent');
    await queryWarehouse(warehouse, 'SELECT COUNT(*) FROM facts');
    expect(await drift()).toMatchObject({
      state: 'current',
      folders: { added: [], removed: [], changed: [] },
      manifests: { added: [], removed: [], changed: [] },
    });
  });

  it('shows a manifest whose files changed under its name, which the cache alone never notices', async () => {
    const before = await sourcesInView();
    const names = (await readdir(join(warehouse, 'ingestions'))).filter((name) => name.endsWith('.json')).sort();
    const name = names.find((entry) => before.includes(entry.slice(0, 64)))!;
    const text = await readFile(join(warehouse, 'ingestions', name), 'utf8');
    // Damaged after the cache was built: the cache still shows the source the manifest no longer commits.
    await writeFile(join(warehouse, 'ingestions', name), text.slice(0, 30));
    expect(await sourcesInView()).toEqual(before);
    expect(await drift()).toMatchObject({ state: 'drifted', manifests: { added: [], removed: [], changed: [name] } });

    await dropQueryCache(warehouse);
    expect(await sourcesInView()).toEqual(before.filter((sha) => sha !== name.slice(0, 64)));
    // Repaired under the same name: only dropping the cache brings the source back.
    await writeFile(join(warehouse, 'ingestions', name), text);
    expect(await sourcesInView()).not.toContain(name.slice(0, 64));
    expect((await drift()).manifests.changed).toEqual([name]);
    await dropQueryCache(warehouse);
    expect(await sourcesInView()).toEqual(before);
    expect((await drift()).state).toBe('current');
  });
});
