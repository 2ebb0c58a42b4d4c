import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseS3Url, S3Mirror } from '../../../adapters/aws/s3-mirror.js';
import { makeTemporaryFolder, removeFolder } from '../../helpers.js';

const OBJECTS: Record<string, string> = {
  'v1/facts/year=2025/quarter=2/province=VN-22/a.parquet': 'PAR1 a',
  'v1/facts/year=2025/quarter=2/province=VN-22/b.parquet': 'PAR1 b',
  'v1/ingestions/a.json': '{}',
  'v1/.cache/warehouse.duckdb': 'cache',
  'v1/reference/': '',
};

function eTag(body: string): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

let folder: string;
beforeAll(async () => {
  folder = await makeTemporaryFolder('provstat-mirror-');
});
afterAll(async () => {
  if (folder) await removeFolder(folder);
});

/** A client answering a listing two keys a page, and objects with their bytes (or `corrupt` ones). */
function fakeS3(bodies: Record<string, string> = OBJECTS) {
  const s3 = mockClient(S3Client);
  const keys = Object.keys(OBJECTS).sort();
  s3.on(ListObjectsV2Command).callsFake((input: { ContinuationToken?: string }) => {
    const start = Number(input.ContinuationToken ?? 0);
    const page = keys.slice(start, start + 2);
    const more = start + 2 < keys.length;
    return {
      Contents: page.map((key) => ({ Key: key, Size: OBJECTS[key]!.length, ETag: eTag(OBJECTS[key]!) })),
      IsTruncated: more,
      NextContinuationToken: more ? String(start + 2) : undefined,
    };
  });
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => ({
    Body: Readable.from([Buffer.from(bodies[input.Key]!)]) as never,
  }));
  return s3;
}

describe('S3Mirror', () => {
  it('reads every page of the listing, leaves out hidden keys and folder markers, and writes whole files', async () => {
    const s3 = fakeS3();
    const mirror = new S3Mirror({
      client: new S3Client({ region: 'ap-southeast-1' }),
      bucket: 'warehouse',
      prefix: 'v1',
      root: join(folder, 'w'),
      pageSize: 2,
    });
    const result = await mirror.pull();
    expect(s3.commandCalls(ListObjectsV2Command).length).toBe(3);
    expect(result.download.map((object) => object.key)).toEqual([
      'facts/year=2025/quarter=2/province=VN-22/a.parquet',
      'facts/year=2025/quarter=2/province=VN-22/b.parquet',
      'ingestions/a.json',
    ]);
    expect(
      await readFile(join(folder, 'w', 'facts', 'year=2025', 'quarter=2', 'province=VN-22', 'b.parquet'), 'utf8'),
    ).toBe('PAR1 b');
    expect((await readdir(join(folder, 'w'))).sort()).toEqual(['.provstat-pull.json', 'facts', 'ingestions']);
    s3.restore();
  });

  it('refuses a download whose bytes do not match the ETag, leaving no file behind', async () => {
    const s3 = fakeS3({ ...OBJECTS, 'v1/ingestions/a.json': '{"x"}'.slice(0, 2) });
    const mirror = new S3Mirror({
      client: new S3Client({ region: 'ap-southeast-1' }),
      bucket: 'warehouse',
      prefix: 'v1',
      root: join(folder, 'bad'),
      concurrency: 1,
    });
    await expect(mirror.pull()).rejects.toThrow(
      's3://warehouse/v1/ingestions/a.json arrived with a different MD5 than its ETag says',
    );
    expect(await readdir(join(folder, 'bad', 'ingestions'))).toEqual([]);
    // What did arrive is recorded, so the next pull does not fetch it again.
    const record = JSON.parse(await readFile(join(folder, 'bad', '.provstat-pull.json'), 'utf8')) as {
      objects: Record<string, unknown>;
    };
    expect(Object.keys(record.objects)).toEqual([
      'facts/year=2025/quarter=2/province=VN-22/a.parquet',
      'facts/year=2025/quarter=2/province=VN-22/b.parquet',
    ]);
    s3.restore();
  });

  it('reads s3:// locations', () => {
    expect(parseS3Url('s3://provstat-warehouse')).toEqual({ bucket: 'provstat-warehouse', prefix: '' });
    expect(parseS3Url('s3://provstat-warehouse/v1')).toEqual({ bucket: 'provstat-warehouse', prefix: 'v1/' });
    expect(parseS3Url('https://provstat-warehouse/v1')).toBeUndefined();
  });
});
