import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRawObject } from '../../../adapters/aws/s3-raw-source.js';
import { S3WarehouseStorage } from '../../../adapters/aws/s3-warehouse-storage.js';
import { StorageError } from '../../../adapters/aws/errors.js';
import {
  listBucket,
  startListDeniedProxy,
  startS3Server,
  uploadObject,
  type S3TestServer,
} from '../../support/s3-server.js';

let s3: S3TestServer;
let storage: S3WarehouseStorage;

beforeAll(async () => {
  s3 = await startS3Server(['warehouse', 'raw']);
  storage = new S3WarehouseStorage({ client: s3.client, bucket: 'warehouse', prefix: 'v1' });
});
afterAll(async () => s3?.stop());

describe('S3WarehouseStorage', () => {
  it('locates keys as s3:// URLs under its prefix', () => {
    expect(storage.locate('facts/year=2024/quarter=3/province=VN-22/abc.parquet')).toBe(
      's3://warehouse/v1/facts/year=2024/quarter=3/province=VN-22/abc.parquet',
    );
  });

  it('streams a finished local file up under its key, consuming the local file', async () => {
    const scratch = await storage.createScratch();
    const path = join(scratch, 'part.parquet');
    const bytes = Buffer.from('PAR1 Thừa Thiên Huế PAR1'.repeat(1000));
    await writeFile(path, bytes);
    await storage.putFile('facts/year=2024/quarter=3/province=VN-22/abc.parquet', path);
    expect(existsSync(path)).toBe(false);
    const objects = await listBucket(s3.client, 'warehouse');
    expect(Object.keys(objects)).toEqual(['v1/facts/year=2024/quarter=3/province=VN-22/abc.parquet']);
    const raw = await readRawObject(
      s3.client,
      { bucket: 'warehouse', key: 'v1/facts/year=2024/quarter=3/province=VN-22/abc.parquet' },
      10 * bytes.length,
    );
    expect(raw.found && Buffer.from(raw.input.bytes!).equals(bytes)).toBe(true);
    await storage.releaseScratch(scratch);
    expect(existsSync(scratch)).toBe(false);
  });

  it('reads text back, says undefined for a missing key, and tells whether a key exists', async () => {
    await storage.putText('ingestions/abc.json', '{"tỉnh":"Hà Giang"}\n');
    expect(await storage.readText('ingestions/abc.json')).toBe('{"tỉnh":"Hà Giang"}\n');
    expect(await storage.readText('ingestions/none.json')).toBeUndefined();
    expect(await storage.exists('ingestions/abc.json')).toBe(true);
    expect(await storage.exists('ingestions/none.json')).toBe(false);
  });

  it('lists keys under a prefix, sorted, without its own prefix', async () => {
    await storage.putText('ingestions/0.json', '{}');
    expect(await storage.list('ingestions/')).toEqual(['ingestions/0.json', 'ingestions/abc.json']);
    expect(await storage.list('facts/')).toEqual(['facts/year=2024/quarter=3/province=VN-22/abc.parquet']);
    expect(await storage.list('rejections/')).toEqual([]);
  });

  it("reads S3's own answers for a missing key as missing: NotFound to HEAD, NoSuchKey to GET", async () => {
    const seen: string[] = [];
    const watched = new S3WarehouseStorage({ client: s3.client, bucket: 'warehouse', prefix: 'v1' });
    s3.client.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          seen.push(`${(error as Error).name} ${status}`);
          throw error;
        }
      },
      { step: 'initialize', name: 'recordErrors' },
    );
    try {
      expect(await watched.exists('ingestions/missing.json')).toBe(false);
      expect(await watched.readText('ingestions/missing.json')).toBeUndefined();
    } finally {
      s3.client.middlewareStack.remove('recordErrors');
    }
    expect(seen).toEqual(['NotFound 404', 'NoSuchKey 404']);
  });

  it('never takes S3\'s 403 for a missing key as "missing": it fails, naming the s3:ListBucket it lacks', async () => {
    const proxy = await startListDeniedProxy(s3.endpoint);
    try {
      const denied = new S3WarehouseStorage({ client: proxy.client, bucket: 'warehouse', prefix: 'v1' });
      expect(await denied.readText('ingestions/abc.json')).toBe('{"tỉnh":"Hà Giang"}\n');
      expect(await denied.exists('ingestions/abc.json')).toBe(true);
      await expect(denied.exists('ingestions/none.json')).rejects.toThrow(
        /^cannot check s3:\/\/warehouse\/v1\/ingestions\/none\.json: \w+ \(HTTP 403\).*may not s3:ListBucket/,
      );
      const reading = denied.readText('ingestions/none.json');
      await expect(reading).rejects.toThrow(/^cannot read .*AccessDenied \(HTTP 403\).*s3:ListBucket/);
      await expect(denied.readText('ingestions/none.json')).rejects.toBeInstanceOf(StorageError);
    } finally {
      await proxy.stop();
    }
  });

  it('turns an unreachable or missing bucket into a StorageError naming the object', async () => {
    const missing = new S3WarehouseStorage({ client: s3.client, bucket: 'no-such-bucket' });
    await expect(missing.putText('ingestions/a.json', '{}')).rejects.toBeInstanceOf(StorageError);
    await expect(missing.readText('ingestions/a.json')).rejects.toThrow(
      /^cannot read s3:\/\/no-such-bucket\/ingestions\/a\.json: NoSuchBucket/,
    );
  });
});

describe('readRawObject', () => {
  const bytes = Buffer.from('province,period,metric,value\nVN-22,2024Q3,border_posts,16\n');
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  it('reads an upload with its size, SHA-256 and landing', async () => {
    await uploadObject(s3.client, 'raw', 'incoming/VN-22/2024Q3/báo cáo.csv', bytes);
    const reading = await readRawObject(s3.client, { bucket: 'raw', key: 'incoming/VN-22/2024Q3/báo cáo.csv' }, 1024);
    expect(reading).toMatchObject({
      found: true,
      input: {
        sizeBytes: bytes.length,
        sha256,
        landing: { key: 'incoming/VN-22/2024Q3/báo cáo.csv', province: 'VN-22', period: { year: 2024, quarter: 3 } },
      },
    });
    expect(reading.found && Buffer.from(reading.input.bytes!).equals(bytes)).toBe(true);
  });

  it('hashes an upload over the size limit without keeping its bytes, so the pipeline rejects it whole', async () => {
    const reading = await readRawObject(
      s3.client,
      { bucket: 'raw', key: 'incoming/VN-22/2024Q3/báo cáo.csv' },
      bytes.length - 1,
    );
    expect(reading).toMatchObject({ found: true, input: { sizeBytes: bytes.length, sha256, bytes: null } });
  });

  it('says an object that is gone is not found, and fails with the key for anything else', async () => {
    expect(await readRawObject(s3.client, { bucket: 'raw', key: 'incoming/VN-22/gone.csv' }, 1024)).toEqual({
      found: false,
    });
    await expect(
      readRawObject(s3.client, { bucket: 'no-such-bucket', key: 'incoming/a.csv' }, 1024),
    ).rejects.toMatchObject({ name: 'StorageError', bucket: 'no-such-bucket', key: 'incoming/a.csv' });
  });

  it('goes through the configured endpoint only', async () => {
    const elsewhere = new S3Client({
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    await expect(readRawObject(elsewhere, { bucket: 'raw', key: 'incoming/a.csv' }, 1024)).rejects.toBeInstanceOf(
      StorageError,
    );
    elsewhere.destroy();
  });
});
