import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths, validatePaths } from '../../cli/commands/ingest.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder } from '../helpers.js';

let folder: string;
let warehouse: string;
const quarter = (name: string) => join(folder, name, 'VN-22', '2024Q3');

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  warehouse = join(folder, 'warehouse');
  for (const name of ['first', 'correction']) await mkdir(quarter(name), { recursive: true });
  await writeFile(
    join(quarter('first'), 'q3.csv'),
    'province,period,metric,value\nVN-22,2024Q3,border_posts,16\nVN-22,2024Q3,border_communes,9\nVN-22,2024Q3,crime_cases_detected,N/A\n',
  );
  await writeFile(
    join(quarter('correction'), 'q3-sua.csv'),
    'Mã tỉnh;Quý;Chỉ tiêu;Số liệu\nVN-22;2024Q3;border_posts;17\nVN-22;2024Q3;border_communes;9\nVN-22;2024Q3;drugs_seized_kg;2.100 kg\n',
  );
  // The correction was uploaded a day after the original (upload times are the files' modification times).
  const day = 24 * 60 * 60;
  const now = Date.now() / 1000;
  await utimes(join(quarter('first'), 'q3.csv'), now - day, now - day);
  await utimes(join(quarter('correction'), 'q3-sua.csv'), now, now);
});
afterAll(async () => removeFolder(folder));

describe('values a corrected file changes', () => {
  it('are counted by validate --warehouse without writing, and by ingest, against the values current before', async () => {
    const [first] = await ingestPaths([join(folder, 'first')], { warehouse });
    expect(first?.changes).toMatchObject({ changed: 0, added: 2, unchanged: 0 });

    const [validated] = await validatePaths([join(folder, 'correction')], { warehouse });
    expect(validated?.changes).toMatchObject({
      changed: 1,
      added: 1,
      unchanged: 1,
      changes: [expect.objectContaining({ metric: 'border_posts', from: 16, to: 17 })],
    });
    expect(await queryWarehouse(warehouse, 'SELECT value FROM metrics WHERE metric = ?', ['border_posts'])).toEqual([
      { value: 16 },
    ]);

    const [ingested] = await ingestPaths([join(folder, 'correction')], { warehouse });
    expect(ingested?.changes).toEqual(validated?.changes);
    expect(await queryWarehouse(warehouse, 'SELECT value FROM metrics WHERE metric = ?', ['border_posts'])).toEqual([
      { value: 17 },
    ]);
    expect(await queryWarehouse(warehouse, 'SELECT value FROM metrics WHERE metric = ?', ['drugs_seized_kg'])).toEqual([
      { value: 2100 },
    ]);
  });

  it('store each rejection with its code and both messages', async () => {
    expect(await queryWarehouse(warehouse, 'SELECT raw_value, code, reason, reason_en FROM rejections', [])).toEqual([
      {
        raw_value: 'N/A',
        code: 'value-missing',
        reason: expect.stringMatching(/^Không có số liệu/),
        reason_en: expect.stringMatching(/^No value given/),
      },
    ]);
  });
});
