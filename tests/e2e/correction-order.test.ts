/**
 * A correction wins over the value it corrects because it was uploaded later, whatever order the
 * files are processed in: a run killed and re-run, two runs at once, a name that sorts first.
 */
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder } from '../helpers.js';

let folder: string;
let warehouse: string;
beforeEach(async () => {
  folder = await makeTemporaryFolder();
  warehouse = join(folder, 'warehouse');
});
afterEach(async () => {
  await removeFolder(folder);
});

const ORIGINAL_AT = new Date('2024-10-05T08:00:00Z');
const CORRECTION_AT = new Date('2024-10-09T15:30:00Z');

/** A landing file giving border_posts a value, last modified (uploaded) at `uploadedAt`. */
async function upload(name: string, value: number, uploadedAt: Date): Promise<string> {
  const path = join(folder, 'incoming', 'VN-22', '2024Q3', name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `province,period,metric,value\nVN-22,2024Q3,border_posts,${value}\n`);
  await utimes(path, uploadedAt, uploadedAt);
  return path;
}

async function currentValue(): Promise<unknown> {
  const rows = await queryWarehouse(
    warehouse,
    "SELECT value FROM metrics WHERE province = 'VN-22' AND period = '2024Q3' AND metric = 'border_posts'",
  );
  expect(rows).toHaveLength(1);
  return rows[0]?.value;
}

describe('the current value', () => {
  it('is the correction when the run that ingested it was killed before the original and the original came in on the re-run', async () => {
    const original = await upload('bao-cao.csv', 100, ORIGINAL_AT);
    const correction = await upload('bao-cao-sua.csv', 120, CORRECTION_AT);
    await ingestPaths([correction], { warehouse });
    const rerun = await ingestPaths([original, correction], { warehouse });
    expect(Object.fromEntries(rerun.map((outcome) => [outcome.summary?.key, outcome.summary?.status]))).toEqual({
      'incoming/VN-22/2024Q3/bao-cao.csv': 'ingested',
      'incoming/VN-22/2024Q3/bao-cao-sua.csv': 'duplicate',
    });
    expect(await currentValue()).toBe(120);
  });

  it('is the correction when two runs overlap and the original finishes last', async () => {
    const original = await upload('bao-cao.csv', 100, ORIGINAL_AT);
    const correction = await upload('bao-cao-sua.csv', 120, CORRECTION_AT);
    await Promise.all([ingestPaths([correction], { warehouse }), ingestPaths([original], { warehouse })]);
    expect(await currentValue()).toBe(120);
    const history = await queryWarehouse(warehouse, 'SELECT value, uploaded_at FROM facts ORDER BY uploaded_at');
    expect(history.map((row) => row.value)).toEqual([100, 120]);
  });

  it("is the correction when the original's name sorts after the correction's in one run", async () => {
    await upload('z-ban-dau.csv', 100, ORIGINAL_AT);
    await upload('a-dinh-chinh.csv', 120, CORRECTION_AT);
    await ingestPaths([join(folder, 'incoming')], { warehouse });
    expect(await currentValue()).toBe(120);
  });

  it('follows --uploaded-at over the modification time, and records it in facts', async () => {
    const original = await upload('bao-cao.csv', 100, CORRECTION_AT);
    const correction = await upload('bao-cao-sua.csv', 120, ORIGINAL_AT);
    await ingestPaths([original], { warehouse, uploadedAt: new Date('2024-10-05T00:00:00Z') });
    await ingestPaths([correction], { warehouse, uploadedAt: new Date('2024-10-10T00:00:00Z') });
    expect(await currentValue()).toBe(120);
    const rows = await queryWarehouse(
      warehouse,
      "SELECT value, strftime(uploaded_at, '%Y-%m-%dT%H:%M:%S') AS at, upload_sequence FROM facts ORDER BY value",
    );
    expect(rows).toEqual([
      { value: 100, at: '2024-10-05T00:00:00', upload_sequence: null },
      { value: 120, at: '2024-10-10T00:00:00', upload_sequence: null },
    ]);
  });

  it('is decided by the landing key, then the bytes, when two uploads share their time', async () => {
    await upload('a.csv', 100, ORIGINAL_AT);
    await upload('b.csv', 120, ORIGINAL_AT);
    await ingestPaths([join(folder, 'incoming', 'VN-22', '2024Q3', 'b.csv')], { warehouse });
    await ingestPaths([join(folder, 'incoming', 'VN-22', '2024Q3', 'a.csv')], { warehouse });
    expect(await currentValue()).toBe(120);
  });
});
