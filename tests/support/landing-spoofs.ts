/**
 * Uploads that try to land figures for another province than the uploader's: each is a metric CSV
 * written by VN-22's upload role (anywhere under incoming/VN-22/) whose rows and folders name
 * another province. Each has bytes of its own, so none is taken for a duplicate of another.
 */
import { bindingSuffix } from '../../pipelines/warehouse/manifest.js';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { queryWarehouse } from '../helpers.js';

export interface SpoofUpload {
  readonly key: string;
  readonly bytes: Buffer;
  /** The province the rejection is filed under: the uploader, or 'unknown' outside incoming/. */
  readonly filedUnder: string;
}

const csv = (province: string, value: number): Buffer =>
  Buffer.from(
    `province,period,metric,value\n${province},2025Q2,crime_cases_detected,${value}\n${province},2025Q2,border_posts,${value + 1}\n`,
  );

/** The shapes an upload role for VN-22 can write that name another province deeper in the key. */
export const PROVINCE_SPOOFS: readonly SpoofUpload[] = [
  { key: 'incoming/VN-22/sub/spoof.csv', bytes: csv('VN-01', 901), filedUnder: 'VN-22' },
  { key: 'incoming/VN-22/x/VN-01/2025Q2/a.csv', bytes: csv('VN-01', 902), filedUnder: 'VN-22' },
  { key: 'incoming/VN-22/incoming/VN-04/2025Q2/a.csv', bytes: csv('VN-04', 903), filedUnder: 'VN-22' },
];

/** A raw-bucket object outside incoming/: a national backfill is a local CLI feature only. */
export const RAW_BACKFILL_SPOOF: SpoofUpload = {
  key: 'national/backfill.csv',
  bytes: csv('VN-01', 904),
  filedUnder: 'unknown',
};

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Checks a warehouse folder after the spoofs were ingested under `keyOf(spoof)`: no fact from any
 * of them, each rejected whole with a reason, and no file of theirs in another province's partition.
 */
export async function expectSpoofsRejected(
  warehouse: string,
  files: readonly string[],
  spoofs: readonly SpoofUpload[],
  keyOf = (spoof: SpoofUpload) => spoof.key,
): Promise<void> {
  const keys = spoofs.map(keyOf);
  const placeholders = keys.map(() => '?').join(', ');
  expect(
    await queryWarehouse(warehouse, `SELECT COUNT(*) AS n FROM facts WHERE source_key IN (${placeholders})`, keys),
  ).toEqual([{ n: 0 }]);
  expect(await queryWarehouse(warehouse, 'SELECT COUNT(*) AS n FROM facts WHERE value BETWEEN 901 AND 905')).toEqual([
    { n: 0 },
  ]);
  const rejections = await queryWarehouse(
    warehouse,
    `SELECT source_key, province, source_row, reason FROM rejections WHERE source_key IN (${placeholders}) ORDER BY source_key`,
    keys,
  );
  expect(rejections).toEqual(
    spoofs
      .map((spoof) => ({
        source_key: keyOf(spoof),
        province: spoof.filedUnder,
        source_row: null,
        reason: expect.stringMatching(/folders deep|not a period|not under incoming/),
      }))
      .sort((a, b) => a.source_key.localeCompare(b.source_key)),
  );
  for (const spoof of spoofs) {
    const sha = sha256Of(spoof.bytes);
    // Bound to the province folder it was filed under, and to no period.
    const suffix = bindingSuffix({ province: spoof.filedUnder === 'unknown' ? null : spoof.filedUnder, period: null });
    expect(files.filter((file) => file.includes(sha)).sort()).toEqual([
      `ingestions/${sha}${suffix}.json`,
      `rejections/year=0/quarter=0/province=${spoof.filedUnder}/${sha}${suffix}.parquet`,
    ]);
  }
}
