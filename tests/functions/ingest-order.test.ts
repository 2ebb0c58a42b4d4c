/**
 * SQS may deliver the notification of a correction before that of the original it corrects; the
 * handler ranks by upload (the object's last-modified time, then the event sequencer), so the
 * correction stays current.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTemporaryFolder, queryWarehouse, removeFolder } from '../helpers.js';
import {
  downloadBucket,
  lambdaContext,
  s3NotificationBody,
  sqsEvent,
  sqsRecord,
  startS3Server,
  uploadObject,
  type S3TestServer,
} from '../support/s3-server.js';

const RAW_BUCKET = 'provstat-raw';
const WAREHOUSE_BUCKET = 'provstat-warehouse';
const csv = (value: number): string => `province,period,metric,value\nVN-22,2024Q3,border_posts,${value}\n`;

let s3: S3TestServer;
let folder: string;
beforeAll(async () => {
  s3 = await startS3Server([RAW_BUCKET, WAREHOUSE_BUCKET]);
  folder = await makeTemporaryFolder('provstat-ingest-order-');
  Object.assign(process.env, {
    ...s3.environment,
    RAW_BUCKET,
    WAREHOUSE_BUCKET,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
});
afterAll(async () => {
  await s3?.stop();
  if (folder) await removeFolder(folder);
});

describe('the ingest handler given a correction before its original', () => {
  it('keeps the correction current, and records each upload time and sequencer', async () => {
    const { handler } = await import('../../functions/ingest.js');
    // The original's name sorts after the correction's, and its event comes last.
    const original = {
      ...(await uploadObject(s3.client, RAW_BUCKET, 'incoming/VN-22/2024Q3/z-bao-cao.csv', csv(100))),
      sequencer: '0055AED6DCD90281E5',
    };
    const correction = {
      ...(await uploadObject(s3.client, RAW_BUCKET, 'incoming/VN-22/2024Q3/a-dinh-chinh.csv', csv(120))),
      sequencer: '0055AED6DCD90281F0',
    };
    const response = await handler(
      sqsEvent([
        sqsRecord('correction', s3NotificationBody([correction])),
        sqsRecord('original', s3NotificationBody([original])),
      ]),
      lambdaContext(),
    );
    expect(response).toEqual({ batchItemFailures: [] });

    const warehouse = join(folder, 'warehouse');
    await downloadBucket(s3.client, WAREHOUSE_BUCKET, warehouse);
    const current = await queryWarehouse(
      warehouse,
      "SELECT value, source_key FROM metrics WHERE province = 'VN-22' AND metric = 'border_posts'",
    );
    expect(current).toEqual([{ value: 120, source_key: correction.key }]);
    const facts = await queryWarehouse(
      warehouse,
      'SELECT value, upload_sequence, uploaded_at IS NOT NULL AS has_time FROM facts ORDER BY value',
    );
    expect(facts).toEqual([
      { value: 100, upload_sequence: '000000000000000055AED6DCD90281E5', has_time: true },
      { value: 120, upload_sequence: '000000000000000055AED6DCD90281F0', has_time: true },
    ]);
  });
});
