/**
 * What an SQS message from the raw bucket's notifications says: the objects created (keys decoded
 * as S3 encodes them: `+` for a space, percent-encoded UTF-8), S3's test message, or something that
 * is not an S3 notification at all. Parsed with Powertools' S3 schema.
 */
import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3';
import type { RawObjectLocation } from '../adapters/aws/s3-raw-source.js';

export type NotificationReading =
  /** `s3:TestEvent`, sent once when the notification is configured: nothing to do. */
  | { readonly kind: 'test' }
  | {
      readonly kind: 'objects';
      /** Objects created in the expected bucket, in the message's order. */
      readonly objects: readonly RawObjectLocation[];
      /** Records that need no ingestion (removals, folder markers), with why. */
      readonly skipped: readonly { readonly key: string; readonly reason: string }[];
    }
  | { readonly kind: 'unrecognised'; readonly reason: string };

/** Decodes an S3 event key: `+` is a space, the rest is percent-encoded UTF-8. */
export function decodeS3EventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** Reads one SQS message body sent by S3 for `expectedBucket`. */
export function readNotification(body: string, expectedBucket: string): NotificationReading {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return { kind: 'unrecognised', reason: 'the message body is not JSON, so it is not an S3 event notification' };
  }
  if (isTestEvent(payload)) return { kind: 'test' };
  const parsed = S3Schema.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
      .join('; ');
    return { kind: 'unrecognised', reason: `the message is not an S3 event notification (${issues})` };
  }
  const objects: RawObjectLocation[] = [];
  const skipped: { key: string; reason: string }[] = [];
  for (const record of parsed.data.Records) {
    let key: string;
    try {
      key = decodeS3EventKey(record.s3.object.key);
    } catch {
      return {
        kind: 'unrecognised',
        reason: `the object key "${record.s3.object.key}" is not valid S3 event encoding`,
      };
    }
    if (record.s3.bucket.name !== expectedBucket) {
      return {
        kind: 'unrecognised',
        reason: `the notification is about the bucket ${record.s3.bucket.name}, not the raw bucket ${expectedBucket}`,
      };
    }
    if (!record.eventName.startsWith('ObjectCreated:'))
      skipped.push({ key, reason: `${record.eventName} needs no ingestion` });
    else if (key.endsWith('/')) skipped.push({ key, reason: 'a folder marker, not a file' });
    else
      objects.push({
        bucket: record.s3.bucket.name,
        key,
        versionId: record.s3.object.versionId,
        sequencer: record.s3.object.sequencer,
      });
  }
  return { kind: 'objects', objects, skipped };
}

function isTestEvent(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && (payload as { Event?: unknown }).Event === 's3:TestEvent';
}
