/**
 * `provstat ingest` takes up to two sources at a time; what one-at-a-time ingestion promised must
 * still hold: ingestion times that strictly increase in path order, exactly one ingestion of the
 * same bytes named twice (the first in path order), outcomes in path order.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { Slots } from '../../pipelines/ingest/ingest-batch.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder } from '../helpers.js';

let folder: string;
beforeEach(async () => {
  folder = await makeTemporaryFolder();
});
afterEach(async () => {
  await removeFolder(folder);
});

const csv = (value: number): string => `province,period,metric,value\nVN-22,2024Q3,border_posts,${value}\n`;

async function landing(files: Record<string, string>): Promise<string> {
  const root = join(folder, 'incoming');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

describe('ingesting many files at once', () => {
  it('reports outcomes in path order with ingestion times that increase in path order, so the file named later wins', async () => {
    const files: Record<string, string> = {};
    // Corrections named in order: each file gives border_posts another value.
    for (let index = 0; index < 24; index++)
      files[`VN-22/2024Q3/bao-cao-${String(index).padStart(2, '0')}.csv`] = csv(100 + index);
    const root = await landing(files);
    const warehouse = join(folder, 'warehouse');

    const outcomes = await ingestPaths([root], { warehouse });
    const keys = outcomes.map((outcome) => outcome.summary?.key);
    expect(keys).toEqual(
      Object.keys(files)
        .map((path) => `incoming/${path}`)
        .sort(),
    );
    expect(outcomes.every((outcome) => outcome.summary?.status === 'ingested')).toBe(true);

    const history = await queryWarehouse(
      warehouse,
      'SELECT source_key, value, ingested_at FROM facts ORDER BY ingested_at',
    );
    expect(history.map((row) => row.source_key)).toEqual(keys);
    expect(new Set(history.map((row) => row.ingested_at)).size).toBe(history.length);
    const [current] = await queryWarehouse(
      warehouse,
      "SELECT value FROM metrics WHERE province = 'VN-22' AND period = '2024Q3' AND metric = 'border_posts'",
    );
    expect(current).toEqual({ value: 123 });
  });

  it('ingests the same bytes named twice in one run once, under the first name in path order', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 10; index++) files[`VN-22/2024Q3/a-${index}.csv`] = csv(index);
    // Next to each other, so two workers meet them at the same time, and again further on.
    files['VN-22/2024Q3/b-1.csv'] = csv(500);
    files['VN-22/2024Q3/b-2.csv'] = csv(500);
    files['VN-22/2024Q3/c-9.csv'] = csv(500);
    const root = await landing(files);
    const warehouse = join(folder, 'warehouse');

    const outcomes = await ingestPaths([root], { warehouse });
    const byKey = new Map(outcomes.map((outcome) => [outcome.summary?.key, outcome.summary]));
    expect(byKey.get('incoming/VN-22/2024Q3/b-1.csv')).toMatchObject({ status: 'ingested', accepted: 1 });
    expect(byKey.get('incoming/VN-22/2024Q3/b-2.csv')).toMatchObject({ status: 'duplicate', accepted: 0 });
    expect(byKey.get('incoming/VN-22/2024Q3/c-9.csv')).toMatchObject({ status: 'duplicate', accepted: 0 });
    expect(byKey.get('incoming/VN-22/2024Q3/b-2.csv')?.warnings[0]).toContain('incoming/VN-22/2024Q3/b-1.csv');
    const rows = await queryWarehouse(warehouse, 'SELECT source_key FROM facts WHERE value = 500');
    expect(rows).toEqual([{ source_key: 'incoming/VN-22/2024Q3/b-1.csv' }]);
  });

  it('runs a large source alone: its request waits for every slot and holds back the requests behind it', async () => {
    const slots = new Slots(4);
    const started: string[] = [];
    const run = async (name: string, weight: number): Promise<() => void> => {
      await slots.take(weight);
      started.push(name);
      return () => slots.give(weight);
    };
    const small1 = await run('small 1', 1);
    const small2 = await run('small 2', 1);
    const large = run('large', 4);
    const small3 = run('small 3', 1);
    await Promise.resolve();
    expect(started).toEqual(['small 1', 'small 2']);
    small1();
    await Promise.resolve();
    expect(started).toEqual(['small 1', 'small 2']);
    small2();
    (await large)();
    (await small3)();
    expect(started).toEqual(['small 1', 'small 2', 'large', 'small 3']);
  });
});
