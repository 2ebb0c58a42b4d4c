/**
 * The warehouse in an S3 bucket, beside the local folder: the core writes the same keys to either.
 * A PUT is atomic in S3 (an object is visible whole or not at all), so a finished local file is
 * streamed up under its final key; the pipeline writes each source's manifest after its data.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { WarehouseStorage } from '../../pipelines/warehouse/warehouse-storage.js';
import { StorageError } from './errors.js';

export interface S3WarehouseStorageOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Key prefix of the warehouse inside the bucket, e.g. `warehouse/`. @default '' */
  readonly prefix?: string;
  /** Parent folder of scratch folders (Lambda: /tmp). @default os.tmpdir() */
  readonly scratchParent?: string;
}

export class S3WarehouseStorage implements WarehouseStorage {
  private readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  private readonly scratchParent: string;

  constructor(options: S3WarehouseStorageOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = normalisePrefix(options.prefix ?? '');
    this.scratchParent = options.scratchParent ?? tmpdir();
  }

  locate(key: string): string {
    return `s3://${this.bucket}/${this.objectKey(key)}`;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw this.readFailure('cannot check', key, error);
    }
  }

  async readText(key: string): Promise<string | undefined> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return response.Body ? await response.Body.transformToString('utf-8') : '';
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw this.readFailure('cannot read', key, error);
    }
  }

  async putFile(key: string, localPath: string): Promise<void> {
    try {
      const { size } = await stat(localPath);
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          Body: createReadStream(localPath),
          ContentLength: size,
          ContentType: contentTypeOf(key),
        }),
      );
    } catch (error) {
      throw this.failure('cannot write', key, error);
    }
    await rm(localPath, { force: true });
  }

  async putText(key: string, text: string): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          Body: text,
          ContentType: contentTypeOf(key),
        }),
      );
    } catch (error) {
      throw this.failure('cannot write', key, error);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let continuationToken: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.objectKey(prefix),
            ContinuationToken: continuationToken,
          }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key && !object.Key.endsWith('/')) keys.push(object.Key.slice(this.prefix.length));
        }
        continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (continuationToken);
    } catch (error) {
      throw this.failure('cannot list', prefix, error);
    }
    return keys.sort();
  }

  async createScratch(): Promise<string> {
    return mkdtemp(join(this.scratchParent, 'provstat-write-'));
  }

  async releaseScratch(path: string): Promise<void> {
    await rm(path, { recursive: true, force: true });
  }

  private objectKey(key: string): string {
    return `${this.prefix}${key}`;
  }

  /**
   * A read that failed. S3 answers a missing key with 403 rather than 404 to a caller that may not
   * list the bucket, so a 403 cannot be read as "missing": it fails, saying which permission is absent.
   */
  private readFailure(action: string, key: string, cause: unknown): StorageError {
    if (httpStatusOf(cause) !== 403) return this.failure(action, key, cause);
    const objectKey = this.objectKey(key);
    const message =
      `${action} s3://${this.bucket}/${objectKey}: ${describeAwsError(cause)}; S3 denies reading a key, ` +
      `or says 403 for one that does not exist, when the caller may not s3:ListBucket the bucket ${this.bucket}`;
    return new StorageError(message, this.bucket, objectKey, { cause });
  }

  private failure(action: string, key: string, cause: unknown): StorageError {
    const objectKey = this.objectKey(key);
    return new StorageError(
      `${action} s3://${this.bucket}/${objectKey}: ${describeAwsError(cause)}`,
      this.bucket,
      objectKey,
      { cause },
    );
  }
}

/**
 * True for S3's "no such key" answers: GET says NoSuchKey or NoSuchVersion, HEAD has no body and
 * only a 404 (the SDK names it NotFound). A missing bucket is a NoSuchBucket on GET and stays an error.
 */
export function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || name === 'NoSuchVersion' || name === 'NotFound' || httpStatusOf(error) === 404;
}

function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/** An AWS SDK error as a short phrase: its name and message. */
export function describeAwsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const message = error.message && error.message !== error.name ? `: ${error.message}` : '';
  return `${error.name}${status ? ` (HTTP ${status})` : ''}${message}`;
}

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

function contentTypeOf(key: string): string {
  if (key.endsWith('.json')) return 'application/json';
  if (key.endsWith('.parquet')) return 'application/vnd.apache.parquet';
  return 'application/octet-stream';
}
