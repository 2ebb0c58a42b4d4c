/**
 * `provstat ingest` of a landing folder in which VN-22's uploads name other provinces deeper in
 * their keys: each file is rejected whole and nothing is written for the province it names.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalWarehouseStorage } from '../../adapters/local/local-storage.js';
import { ingestPaths, type FileOutcome } from '../../cli/commands/ingest.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder } from '../helpers.js';
import { expectSpoofsRejected, PROVINCE_SPOOFS } from '../support/landing-spoofs.js';

let folder: string;
let landing: string;
let warehouse: string;
let outcomes: FileOutcome[];
const GENUINE = {
  key: 'incoming/VN-22/2025Q2/bao-cao.csv',
  text: 'province,period,metric,value\nVN-22,2025Q2,border_posts,16\n',
};

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  // The operator keeps the landing folder inside a folder that is itself called incoming.
  landing = join(folder, 'incoming', 'provstat');
  warehouse = join(folder, 'warehouse');
  for (const { key, bytes } of [...PROVINCE_SPOOFS, { key: GENUINE.key, bytes: Buffer.from(GENUINE.text) }]) {
    await mkdir(dirname(join(landing, key)), { recursive: true });
    await writeFile(join(landing, key), bytes);
  }
  outcomes = await ingestPaths([join(landing, 'incoming')], { warehouse });
}, 120_000);
afterAll(async () => removeFolder(folder));

describe('provstat ingest of keys that name another province deeper in the key', () => {
  it('rejects each one whole, with a reason, and writes nothing for the province it names', async () => {
    expect(outcomes.map((outcome) => [outcome.summary?.key, outcome.summary?.status]).sort()).toEqual(
      [[GENUINE.key, 'ingested'], ...PROVINCE_SPOOFS.map((spoof) => [spoof.key, 'rejected'])].sort(),
    );
    await expectSpoofsRejected(warehouse, await new LocalWarehouseStorage(warehouse).list(''), PROVINCE_SPOOFS);
  });

  it('still ingests a file in an accepted shape, keyed from the landing folder', async () => {
    expect(await queryWarehouse(warehouse, 'SELECT province, period, value, source_key FROM metrics')).toEqual([
      { province: 'VN-22', period: '2025Q2', value: 16, source_key: GENUINE.key },
    ]);
  });
});
