/**
 * Mirrors a warehouse in S3 into a local folder, so DuckDB can query the national data: only
 * objects that are new or changed (by size and ETag against a record of the last pull) are
 * downloaded, each under a hidden name and renamed into place, so a query never reads half a
 * file; objects gone upstream are removed locally. Hidden keys (a query cache, scratch) are never
 * pulled, and files the folder holds that did not come from the bucket are never touched.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { StorageError } from './errors.js';
import { describeAwsError } from './s3-warehouse-storage.js';

/** What the folder holds of the bucket: written after every pull, hidden from warehouse globs. */
export const PULL_RECORD_FILE = '.provstat-pull.json';

export interface RemoteObject {
  /** Key relative to the prefix: the path inside the warehouse folder. */
  readonly key: string;
  readonly size: number;
  readonly eTag: string;
}

export interface MirrorPlan {
  readonly source: string;
  /** New or changed objects, in key order. */
  readonly download: readonly RemoteObject[];
  /** Keys pulled before that are no longer in the bucket. */
  readonly remove: readonly string[];
  readonly unchanged: number;
  /** Keys that cannot be a path in the folder (`..`, empty segments), left out. */
  readonly skipped: readonly string[];
}

export interface MirrorResult extends MirrorPlan {
  readonly bytes: number;
}

export interface S3MirrorOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Key prefix of the warehouse inside the bucket. @default '' */
  readonly prefix?: string;
  /** The local warehouse folder. */
  readonly root: string;
  /** Keys asked for per listing page (S3 allows up to 1000). @default 1000 */
  readonly pageSize?: number;
  /** Downloads at the same time. @default 4 */
  readonly concurrency?: number;
}

interface PullRecord {
  readonly source: string;
  readonly objects: Record<string, { readonly size: number; readonly eTag: string }>;
}

export class S3Mirror {
  private readonly prefix: string;
  private readonly root: string;
  readonly source: string;

  constructor(private readonly options: S3MirrorOptions) {
    this.prefix = normalisePrefix(options.prefix ?? '');
    this.root = resolve(options.root);
    this.source = `s3://${options.bucket}/${this.prefix}`;
  }

  /** Compares the bucket with the record of the last pull (and the files it names) without changing anything. */
  async plan(): Promise<MirrorPlan> {
    const record = await this.readRecord();
    const { objects, skipped } = await this.list();
    const download: RemoteObject[] = [];
    let unchanged = 0;
    for (const object of objects) {
      const known = record.objects[object.key];
      const same =
        known !== undefined &&
        known.size === object.size &&
        known.eTag === object.eTag &&
        (await this.localSize(object.key)) === object.size;
      if (same) unchanged++;
      else download.push(object);
    }
    const present = new Set(objects.map((object) => object.key));
    const remove = Object.keys(record.objects)
      .filter((key) => !present.has(key))
      .sort();
    return { source: this.source, download, remove, unchanged, skipped };
  }

  /** Brings the folder level with the bucket; `onFile` is told of each file downloaded or removed. */
  async pull(onFile: (key: string) => void = () => {}): Promise<MirrorResult> {
    const plan = await this.plan();
    const record = await this.readRecord();
    const objects = { ...record.objects };
    let bytes = 0;
    try {
      await forEachConcurrently(plan.download, this.options.concurrency ?? 4, async (object) => {
        await this.download(object);
        objects[object.key] = { size: object.size, eTag: object.eTag };
        bytes += object.size;
        onFile(object.key);
      });
      for (const key of plan.remove) {
        await this.removeLocal(key);
        delete objects[key];
        onFile(key);
      }
    } finally {
      await this.writeRecord({ source: this.source, objects });
    }
    return { ...plan, bytes };
  }

  /** Every object under the prefix, page by page, without hidden keys and folder markers. */
  private async list(): Promise<{ objects: RemoteObject[]; skipped: string[] }> {
    const objects: RemoteObject[] = [];
    const skipped: string[] = [];
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.options.client.send(
          new ListObjectsV2Command({
            Bucket: this.options.bucket,
            Prefix: this.prefix || undefined,
            ContinuationToken: token,
            MaxKeys: this.options.pageSize ?? 1000,
          }),
        );
      } catch (error) {
        throw new StorageError(
          `cannot list ${this.source}: ${describeAwsError(error)}`,
          this.options.bucket,
          this.prefix,
          { cause: error },
        );
      }
      for (const entry of page.Contents ?? []) {
        const key = (entry.Key ?? '').slice(this.prefix.length);
        if (key === '' || key.endsWith('/')) continue;
        const segments = key.split('/');
        if (segments.some((segment) => segment.startsWith('.'))) continue;
        if (segments.some((segment) => segment === '' || segment.includes('\\'))) {
          skipped.push(key);
          continue;
        }
        objects.push({ key, size: entry.Size ?? 0, eTag: (entry.ETag ?? '').replaceAll('"', '') });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { objects, skipped };
  }

  /**
   * Downloads to a hidden file beside the target, checks its size (and MD5 where the ETag is one),
   * and renames it into place.
   */
  private async download(object: RemoteObject): Promise<void> {
    const target = this.pathOf(object.key);
    const hidden = join(dirname(target), `.${randomUUID()}.pull`);
    await mkdir(dirname(target), { recursive: true });
    try {
      let response: GetObjectCommandOutput;
      try {
        response = await this.options.client.send(
          new GetObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + object.key }),
        );
      } catch (error) {
        throw new StorageError(
          `cannot download ${this.source}${object.key}: ${describeAwsError(error)}`,
          this.options.bucket,
          this.prefix + object.key,
          { cause: error },
        );
      }
      if (!response.Body)
        throw new StorageError(
          `${this.source}${object.key} came back without a body`,
          this.options.bucket,
          this.prefix + object.key,
        );
      const md5 = createHash('md5');
      let size = 0;
      const body = response.Body as Readable;
      body.on('data', (chunk: Buffer) => {
        md5.update(chunk);
        size += chunk.length;
      });
      await pipeline(body, createWriteStream(hidden, { flags: 'wx' }));
      if (size !== object.size)
        throw new StorageError(
          `${this.source}${object.key} arrived with ${size} of its ${object.size} bytes`,
          this.options.bucket,
          this.prefix + object.key,
        );
      if (/^[0-9a-f]{32}$/.test(object.eTag) && md5.digest('hex') !== object.eTag) {
        throw new StorageError(
          `${this.source}${object.key} arrived with a different MD5 than its ETag says`,
          this.options.bucket,
          this.prefix + object.key,
        );
      }
      await rename(hidden, target);
    } catch (error) {
      await rm(hidden, { force: true });
      throw error;
    }
  }

  /** Removes a file gone upstream, and the folders it leaves empty (so the query cache drops them too). */
  private async removeLocal(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    for (
      let folder = dirname(path);
      folder !== this.root && folder.startsWith(this.root + sep);
      folder = dirname(folder)
    ) {
      try {
        await rmdir(folder);
      } catch {
        break;
      }
    }
  }

  private async localSize(key: string): Promise<number | undefined> {
    try {
      return (await stat(this.pathOf(key))).size;
    } catch {
      return undefined;
    }
  }

  private pathOf(key: string): string {
    const path = resolve(this.root, ...key.split('/'));
    const inside = relative(this.root, path);
    if (inside === '' || inside.startsWith('..'))
      throw new StorageError(
        `the key ${key} would be written outside ${this.root}`,
        this.options.bucket,
        this.prefix + key,
      );
    return path;
  }

  private async readRecord(): Promise<PullRecord> {
    let text: string;
    try {
      text = await readFile(join(this.root, PULL_RECORD_FILE), 'utf8');
    } catch {
      return { source: this.source, objects: {} };
    }
    const record = JSON.parse(text) as PullRecord;
    if (record.source !== this.source) {
      throw new MirrorSourceError(
        `${this.root} is a copy of ${record.source}, not of ${this.source}; pull into another folder`,
      );
    }
    return record;
  }

  private async writeRecord(record: PullRecord): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const path = join(this.root, PULL_RECORD_FILE);
    const hidden = `${path}.${randomUUID()}`;
    await writeFile(hidden, `${JSON.stringify(record, null, 1)}\n`);
    await rename(hidden, path);
  }
}

/** The folder already mirrors another bucket or prefix. */
export class MirrorSourceError extends Error {
  override readonly name = 'MirrorSourceError';
}

/** `s3://bucket/prefix` as bucket and prefix; undefined when it is not an S3 URL. */
export function parseS3Url(url: string): { bucket: string; prefix: string } | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url.trim());
  if (!match) return undefined;
  return { bucket: match[1]!, prefix: normalisePrefix(match[2] ?? '') };
}

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** Runs `work` on at most `limit` items at a time; after a failure starts no more, waits for the rest, rethrows. */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      try {
        await work(items[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
}
