/**
 * Reads an uploaded object from the raw bucket as a pipeline source: streamed once, hashed as it
 * arrives, its bytes kept only up to the size limit (a larger upload is hashed, not held, and the
 * pipeline rejects it whole with a reason).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describeLandingKey } from '../../pipelines/ingest/landing-path.js';
import type { SourceInput } from '../../pipelines/ingest/ingest-source.js';
import { uploadSequence } from '../../pipelines/ingest/upload.js';
import { StorageError } from './errors.js';
import { describeAwsError, isNotFound } from './s3-warehouse-storage.js';

export interface RawObjectLocation {
  readonly bucket: string;
  /** The decoded object key, e.g. `incoming/VN-22/2024Q3/báo cáo.txt`. */
  readonly key: string;
  /** The version the notification was about (versioned raw bucket); read exactly that one. */
  readonly versionId?: string | undefined;
  /** The notification's event sequencer: orders uploads of the same second. */
  readonly sequencer?: string | undefined;
}

export type RawObjectReading = { readonly found: true; readonly input: SourceInput } | { readonly found: false };

/**
 * Streams one object: its SHA-256, its size, its bytes when it is within `maxBytes`, and when it
 * was uploaded (its last-modified time, with the event's sequencer for uploads of the same second).
 */
export async function readRawObject(
  client: S3Client,
  location: RawObjectLocation,
  maxBytes: number,
): Promise<RawObjectReading> {
  const { bucket, key, versionId } = location;
  try {
    const response = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
    );
    const hash = createHash('sha256');
    let chunks: Buffer[] | null = [];
    let size = 0;
    for await (const chunk of (response.Body as Readable | undefined) ?? []) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      hash.update(buffer);
      size += buffer.length;
      // Over the limit: stop holding bytes, keep hashing so the rejection is still idempotent.
      if (chunks && size > maxBytes) chunks = null;
      chunks?.push(buffer);
    }
    const bytes = chunks ? Buffer.concat(chunks, size) : null;
    if (!response.LastModified) throw new Error('S3 returned the object without its last-modified time');
    const upload = { at: response.LastModified, sequence: uploadSequence(location.sequencer) };
    return {
      found: true,
      input: { landing: describeLandingKey(key), sizeBytes: size, sha256: hash.digest('hex'), bytes, upload },
    };
  } catch (error) {
    if (isNotFound(error)) return { found: false };
    throw new StorageError(
      `cannot read s3://${bucket}/${key}${versionId ? ` (version ${versionId})` : ''}: ${describeAwsError(error)}`,
      bucket,
      key,
      { cause: error },
    );
  }
}
