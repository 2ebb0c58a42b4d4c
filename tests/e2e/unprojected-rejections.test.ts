/**
 * A rejected row that names a province code or a year Athena's partition projection does not
 * enumerate is written into a projected partition, so Athena's `rejections` shows it as DuckDB's does.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalWarehouseStorage } from '../../adapters/local/local-storage.js';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { projectedYears, referenceProvinceCodes } from '../../infra/catalog/partition-projection.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder } from '../helpers.js';

let folder: string;
let warehouse: string;

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  warehouse = join(folder, 'warehouse');
  await mkdir(join(folder, 'backfill'), { recursive: true });
  const csv =
    'province,period,metric,value\nVN-99,2025Q2,border_posts,16\nVN-22,2003Q1,border_posts,15\nVN-22,2025Q2,border_posts,14\n';
  await writeFile(join(folder, 'backfill', 'national.csv'), csv);
  await ingestPaths([join(folder, 'backfill', 'national.csv')], { warehouse });
}, 120_000);
afterAll(async () => removeFolder(folder));

describe('rejections outside the projected partitions', () => {
  it('are written only into partitions the projection enumerates', async () => {
    const years = new Set(projectedYears().map(String));
    const provinces = new Set([...referenceProvinceCodes(), 'unknown']);
    const folders = (await new LocalWarehouseStorage(warehouse).list('rejections/')).map((key) =>
      key.split('/').slice(1, 4),
    );
    expect(folders.length).toBeGreaterThan(0);
    for (const [year, quarter, province] of folders) {
      expect(
        years.has(year!.replace('year=', '')) &&
          /^quarter=[0-4]$/.test(quarter!) &&
          provinces.has(province!.replace('province=', '')),
      ).toBe(true);
    }
  });

  it('keep the period and value they named in their columns', async () => {
    const rows = await queryWarehouse(
      warehouse,
      'SELECT year, quarter, province, period, source_row, raw_value FROM rejections ORDER BY source_row',
    );
    expect(rows.map((row) => [row.source_row, row.year, row.quarter, row.province])).toEqual([
      [2, 2025, 2, 'unknown'],
      [3, 0, 0, 'VN-22'],
    ]);
    expect(rows[0]).toMatchObject({ raw_value: 'VN-99', period: '2025Q2' });
    expect(rows[1]).toMatchObject({ period: '2003Q1' });
  });
});
