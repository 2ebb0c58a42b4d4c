/**
 * Receipts in the raw bucket, under `receipts/<ISO>/`, the one prefix an upload role may read back,
 * and warehouse objects copied to local files for DuckDB (which reads no `s3://` URL here).
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ReceiptStore } from '../../pipelines/ingest/receipt.js';
import { StorageError } from './errors.js';
import { describeAwsError, isNotFound } from './s3-warehouse-storage.js';

export class S3ReceiptStore implements ReceiptStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async exists(baseKey: string): Promise<boolean> {
    const key = `${baseKey}.json`;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      const message = `cannot look up s3://${this.bucket}/${key}: ${describeAwsError(error)}`;
      throw new StorageError(message, this.bucket, key, { cause: error });
    }
  }

  async put(baseKey: string, files: { readonly json: string; readonly csv: string }): Promise<void> {
    // The CSV first: once the JSON is there, the receipt is whole.
    const objects = [
      [`${baseKey}.csv`, files.csv, 'text/csv; charset=utf-8'],
      [`${baseKey}.json`, files.json, 'application/json'],
    ] as const;
    for (const [key, body, contentType] of objects) {
      try {
        const put = new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType });
        await this.client.send(put);
      } catch (error) {
        const message = `cannot write s3://${this.bucket}/${key}: ${describeAwsError(error)}`;
        throw new StorageError(message, this.bucket, key, { cause: error });
      }
    }
  }
}

/** Copies the object at an `s3://bucket/key` URL (as `S3WarehouseStorage.locate` gives it) to a file. */
export async function downloadObject(client: S3Client, url: string, path: string): Promise<void> {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!match) throw new Error(`not an s3:// object URL: ${url}`);
  const [, bucket = '', key = ''] = match;
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    await pipeline(response.Body as Readable, createWriteStream(path));
  } catch (error) {
    const message = `cannot read s3://${bucket}/${key}: ${describeAwsError(error)}`;
    throw new StorageError(message, bucket, key, { cause: error });
  }
}
