/**
 * `provstat ingest` writes each upload's receipt under receipts/ beside the landing folder's
 * incoming/: counts, rejections and the current values the upload changed, old to new.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { makeTemporaryFolder, removeFolder } from '../helpers.js';

let folder: string;
let landing: string;
let warehouse: string;
const HEADER = 'province,period,metric,value\n';

async function upload(key: string, text: string): Promise<string> {
  const path = join(landing, ...key.split('/'));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  return path;
}
const receipt = async (key: string) =>
  JSON.parse(await readFile(join(landing, 'receipts', ...key.split('/')), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  landing = join(folder, 'landing');
  warehouse = join(folder, 'warehouse');
}, 60_000);
afterAll(async () => removeFolder(folder));

describe('receipts of a local ingest', () => {
  it('lists the counts, the rejections and the values added', async () => {
    const first = await upload(
      'incoming/VN-22/2025Q2/bao-cao.csv',
      `${HEADER}VN-22,2025Q2,crime_cases_detected,52\nVN-22,2025Q2,border_posts,16\nVN-22,2025Q2,border_posts,1.5\n`,
    );
    const [outcome] = await ingestPaths([first], { warehouse });
    expect(outcome?.receipt).toMatch(/receipts\/VN-22\/2025Q2\/bao-cao\.csv\.json$/);
    expect(await receipt('VN-22/2025Q2/bao-cao.csv.json')).toMatchObject({
      status: 'ingested',
      rows_read: 3,
      accepted: 2,
      rejected: 1,
      values_added: 2,
      values_updated: 0,
      rejections: [
        {
          line: 4,
          column: 'value',
          value: '1.5',
          code: 'value-ambiguous-number',
          reason: expect.any(String),
          reason_en: expect.stringContaining('1.5'),
        },
      ],
    });
    const csv = await readFile(join(landing, 'receipts', 'VN-22', '2025Q2', 'bao-cao.csv.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('line,column,value,code,reason,reason_en');
    expect(csv.split('\r\n')[1]).toMatch(/^4,value,1\.5,value-ambiguous-number,/);
  });

  it('lists the values a correction changed, old to new, and not the ones it left as they were', async () => {
    const correction = await upload(
      'incoming/VN-22/2025Q2/dieu-chinh.csv',
      `${HEADER}VN-22,2025Q2,crime_cases_detected,51\nVN-22,2025Q2,border_posts,16\n`,
    );
    await ingestPaths([correction], { warehouse });
    expect(await receipt('VN-22/2025Q2/dieu-chinh.csv.json')).toMatchObject({
      status: 'ingested',
      rows_read: 2,
      accepted: 2,
      rejected: 0,
      values_added: 0,
      values_updated: 1,
      changes: [
        {
          province: 'VN-22',
          period: '2025Q2',
          metric: 'crime_cases_detected',
          old_value: 52,
          old_denominator: null,
          old_source_key: 'incoming/VN-22/2025Q2/bao-cao.csv',
          new_value: 51,
          new_denominator: null,
        },
      ],
      rejections: [],
    });
  });

  it('writes a receipt for a duplicate and for a file rejected whole, each under its uploader', async () => {
    // The same bytes as the correction, under the same province and quarter: a duplicate.
    const copy = await upload(
      'incoming/VN-22/2025Q2/ban-sao.csv',
      `${HEADER}VN-22,2025Q2,crime_cases_detected,51\nVN-22,2025Q2,border_posts,16\n`,
    );
    const spoof = await upload('incoming/VN-22/sub/spoof.csv', `${HEADER}VN-01,2025Q2,border_posts,99\n`);
    await ingestPaths([copy, spoof], { warehouse });
    expect(await receipt('VN-22/2025Q2/ban-sao.csv.json')).toMatchObject({
      status: 'duplicate',
      rows_read: 0,
      accepted: 0,
      changes: [],
    });
    expect(await receipt('VN-22/sub/spoof.csv.json')).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/"sub" is not a period/),
      accepted: 0,
      changes: [],
      rejections: [
        {
          line: null,
          column: null,
          value: null,
          code: 'path-invalid',
          reason: expect.stringMatching(/"sub" is not a period/),
          reason_en: expect.stringMatching(/"sub" is not a period/),
        },
      ],
    });
  });
});
