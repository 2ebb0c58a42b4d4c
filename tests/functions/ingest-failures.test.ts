import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StorageError } from '../../adapters/aws/errors.js';
import {
  lambdaContext,
  listBucket,
  s3NotificationBody,
  sqsEvent,
  sqsRecord,
  startS3Server,
  uploadObject,
  type S3TestServer,
} from '../support/s3-server.js';

// Faults the pipeline cannot be made to produce from outside: a defect of the CSV reader, set off
// by a marker in the file, and storage faults, injected by file name.
vi.mock('../../pipelines/csv/parse-province-csv.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../pipelines/csv/parse-province-csv.js')>();
  return {
    ...original,
    scanProvinceCsv: (...args: Parameters<typeof original.scanProvinceCsv>) => {
      if (args[0].includes('reader-defect'))
        throw new TypeError('Cannot read properties of undefined (reading "cells")');
      return original.scanProvinceCsv(...args);
    },
  };
});
vi.mock('../../pipelines/ingest/ingest-source.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../pipelines/ingest/ingest-source.js')>();
  return {
    ...original,
    ingestSource: async (...args: Parameters<typeof original.ingestSource>) => {
      const key = args[0].landing.key;
      if (key.includes('warehouse-down'))
        throw new StorageError(
          'cannot write s3://provstat-warehouse/facts/x.parquet: SlowDown (HTTP 503)',
          'provstat-warehouse',
          'facts/x.parquet',
        );
      if (key.includes('duckdb-down')) throw new Error('IO Error: No space left on device');
      return original.ingestSource(...args);
    },
  };
});

const RAW_BUCKET = 'provstat-raw';
const WAREHOUSE_BUCKET = 'provstat-warehouse';
let s3: S3TestServer;
let invoke: (event: ReturnType<typeof sqsEvent>) => Promise<SQSBatchResponse>;

beforeAll(async () => {
  s3 = await startS3Server([RAW_BUCKET, WAREHOUSE_BUCKET]);
  Object.assign(process.env, s3.environment, {
    RAW_BUCKET,
    WAREHOUSE_BUCKET,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const { handler } = await import('../../functions/ingest.js');
  invoke = (event) => handler(event, lambdaContext());
});
afterAll(async () => s3?.stop());

const csv = 'province,period,metric,value\nVN-22,2024Q3,border_posts,16\n';

describe('the ingest handler when something fails', () => {
  it('retries only the messages whose storage failed, while the rest of the batch is ingested', async () => {
    const good = await uploadObject(s3.client, RAW_BUCKET, 'incoming/VN-22/2024Q3/good.csv', csv);
    const down = await uploadObject(
      s3.client,
      RAW_BUCKET,
      'incoming/VN-22/2024Q3/warehouse-down.csv',
      `${csv}VN-22,2024Q3,border_communes,27\n`,
    );
    const disk = await uploadObject(
      s3.client,
      RAW_BUCKET,
      'incoming/VN-22/2024Q3/duckdb-down.csv',
      `${csv}VN-22,2024Q3,border_districts,6\n`,
    );
    const response = await invoke(
      sqsEvent([
        sqsRecord('good', s3NotificationBody([good])),
        sqsRecord('down', s3NotificationBody([down])),
        sqsRecord('disk', s3NotificationBody([disk])),
      ]),
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'down' }, { itemIdentifier: 'disk' }] });
    const manifests = Object.keys(await listBucket(s3.client, WAREHOUSE_BUCKET)).filter((key) =>
      key.startsWith('ingestions/'),
    );
    expect(manifests).toHaveLength(1);
  });

  it('records a file the reader throws on as unreadable instead of retrying it', async () => {
    const odd = await uploadObject(
      s3.client,
      RAW_BUCKET,
      'incoming/VN-22/2024Q3/odd.csv',
      `${csv}VN-22,2024Q3,border_posts,17\n# reader-defect\n`,
    );
    expect(await invoke(sqsEvent([sqsRecord('odd', s3NotificationBody([odd]))]))).toEqual({ batchItemFailures: [] });
    const objects = await listBucket(s3.client, WAREHOUSE_BUCKET);
    expect(Object.keys(objects)).toContainEqual(
      expect.stringMatching(/^rejections\/year=2024\/quarter=3\/province=VN-22\/[0-9a-f]{64}\.parquet$/),
    );
    const manifests = Object.keys(objects).filter((key) => key.startsWith('ingestions/'));
    const texts = await Promise.all(
      manifests.map(
        async (key) =>
          await (
            await s3.client.send(new GetObjectCommand({ Bucket: WAREHOUSE_BUCKET, Key: key }))
          ).Body!.transformToString(),
      ),
    );
    expect(
      texts.map((text) => JSON.parse(text) as { source_key: string; status: string; reason: string | null }),
    ).toContainEqual(
      expect.objectContaining({
        source_key: 'incoming/VN-22/2024Q3/odd.csv',
        status: 'rejected',
        reason:
          'The file could not be processed (Cannot read properties of undefined (reading "cells")); the operators have been alerted.',
      }),
    );
  });

  it('fails the whole invocation, naming the variable, when its configuration is missing', async () => {
    vi.resetModules();
    const saved = process.env.WAREHOUSE_BUCKET;
    delete process.env.WAREHOUSE_BUCKET;
    try {
      const { handler } = await import('../../functions/ingest.js');
      await expect(handler(sqsEvent([sqsRecord('any', '{}')]), lambdaContext())).rejects.toThrow(
        'the environment variable WAREHOUSE_BUCKET is not set',
      );
    } finally {
      process.env.WAREHOUSE_BUCKET = saved;
    }
  });
});
