/**
 * The end-to-end case every build of the ingest handler must pass (the TypeScript source and the
 * bundled artifact): real uploads to an S3-compatible server, their notifications handed to the
 * handler as an SQS batch, the Parquet read back from the warehouse bucket.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { describeLanding } from '../../pipelines/ingest/landing-path.js';
import { formatPeriod } from '../../pipelines/period.js';
import { manifestKey } from '../../pipelines/warehouse/manifest.js';
import { makeTemporaryFolder, queryWarehouse, removeFolder, SAMPLES } from '../helpers.js';
import { expectSpoofsRejected, PROVINCE_SPOOFS, RAW_BACKFILL_SPOOF } from './landing-spoofs.js';
import {
  downloadBucket,
  listBucket,
  s3NotificationBody,
  s3TestEventBody,
  sqsEvent,
  sqsRecord,
  startS3Server,
  uploadObject,
  type S3TestServer,
  type UploadedObject,
} from './s3-server.js';

export type InvokeIngest = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** Opens a handler configured by `environment`; `close` ends whatever it started. */
export type OpenIngestHandler = (
  environment: Record<string, string>,
) => Promise<{ invoke: InvokeIngest; close?: () => Promise<void> }>;

const RAW_BUCKET = 'provstat-raw';
const WAREHOUSE_BUCKET = 'provstat-warehouse';

/** Uploads under Vietnamese names with spaces and a literal "+", as S3 keys. */
const UPLOADS = {
  csv: { sample: 'VN-22/2024Q4/bao-cao-quy-4-2024.csv', key: 'incoming/VN-22/2024Q4/Báo cáo quý 4+2024.csv' },
  text: { sample: 'VN-22/2025Q2/000_47ce2dc210bb9c1c.txt', key: 'incoming/VN-22/2025Q2/Báo cáo sơ kết 6 tháng.txt' },
  unsupported: { sample: 'VN-04/2025Q2/bien-ban-hop.docx', key: 'incoming/VN-04/2025Q2/biên bản họp.docx' },
} as const;
const CORRUPT_KEY = 'incoming/VN-22/2024Q4/hỏng.csv';
/** Over the size limit the handler is given (MAX_FILE_MB=0.05, 52 428 bytes): rejected whole, never truncated. */
const OVERSIZE_KEY = 'incoming/VN-22/2024Q4/quá lớn.csv';
const OVERSIZE_BYTES = Buffer.from(`province,period,metric,value\n${'VN-22,2024Q4,border_posts,16\n'.repeat(2200)}`);
/** Bytes no province tool writes as text: NUL bytes and invalid UTF-8. */
const CORRUPT_BYTES = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0xc3, 0x28, 0x00, 0x9f]);

/** Defines the end-to-end tests for one build of the handler. */
export function describeIngestEndToEnd(label: string, openHandler: OpenIngestHandler): void {
  describe(label, () => {
    let s3: S3TestServer;
    let invoke: InvokeIngest;
    let closeHandler: (() => Promise<void>) | undefined;
    let folder: string;
    let warehouse: string;
    let event: SQSEvent;
    const uploaded: Record<string, UploadedObject> = {};

    beforeAll(async () => {
      s3 = await startS3Server([RAW_BUCKET, WAREHOUSE_BUCKET]);
      folder = await makeTemporaryFolder('provstat-ingest-e2e-');
      warehouse = join(folder, 'downloaded');
      for (const [name, upload] of Object.entries(UPLOADS)) {
        uploaded[name] = await uploadObject(
          s3.client,
          RAW_BUCKET,
          upload.key,
          await readFile(join(SAMPLES, upload.sample)),
        );
      }
      uploaded.corrupt = await uploadObject(s3.client, RAW_BUCKET, CORRUPT_KEY, CORRUPT_BYTES);
      uploaded.oversize = await uploadObject(s3.client, RAW_BUCKET, OVERSIZE_KEY, OVERSIZE_BYTES);
      event = sqsEvent([
        sqsRecord('csv', s3NotificationBody([uploaded.csv!])),
        sqsRecord('text', s3NotificationBody([uploaded.text!])),
        sqsRecord('corrupt', s3NotificationBody([uploaded.corrupt!])),
        sqsRecord('unsupported', s3NotificationBody([uploaded.unsupported!])),
        sqsRecord('oversize', s3NotificationBody([uploaded.oversize!])),
        sqsRecord('test-event', s3TestEventBody(RAW_BUCKET)),
        sqsRecord('not-s3', JSON.stringify({ hello: 'a message someone sent to the wrong queue' })),
      ]);
      const handler = await openHandler({
        ...s3.environment,
        RAW_BUCKET,
        WAREHOUSE_BUCKET,
        MAX_FILE_MB: '0.05',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        POWERTOOLS_METRICS_DISABLED: 'true',
      });
      invoke = handler.invoke;
      closeHandler = handler.close;
    });

    afterAll(async () => {
      await closeHandler?.();
      await s3?.stop();
      if (folder) await removeFolder(folder);
    });

    it('ingests a batch, acknowledging the test event and failing only the message that is not an S3 notification', async () => {
      expect(await invoke(event)).toEqual({ batchItemFailures: [{ itemIdentifier: 'not-s3' }] });
      const keys = await downloadBucket(s3.client, WAREHOUSE_BUCKET, warehouse);
      expect(keys.filter((key) => key.startsWith('ingestions/'))).toHaveLength(5);
      expect(keys).toEqual(expect.arrayContaining(['reference/provinces.parquet', 'reference/metrics.parquet']));
    });

    it('writes the CSV values as Parquet under the decoded key, in the catalog unit', async () => {
      const rows = await queryWarehouse(
        warehouse,
        "SELECT metric, value, denominator, source_row FROM facts WHERE source_key = ? AND metric IN ('crime_cases_detected', 'drugs_seized_kg', 'fines_collected_vnd', 'bp_commune_deputy_secretaries', 'border_length_km') ORDER BY metric",
        [UPLOADS.csv.key],
      );
      expect(rows).toEqual([
        { metric: 'border_length_km', value: 468.3, denominator: null, source_row: 2 },
        { metric: 'bp_commune_deputy_secretaries', value: 25, denominator: 26, source_row: expect.any(Number) },
        { metric: 'crime_cases_detected', value: 49, denominator: null, source_row: expect.any(Number) },
        { metric: 'drugs_seized_kg', value: 6.3, denominator: null, source_row: expect.any(Number) },
        { metric: 'fines_collected_vnd', value: 418_000_000, denominator: null, source_row: expect.any(Number) },
      ]);
      const partitions = await queryWarehouse(
        warehouse,
        'SELECT DISTINCT year, quarter, province, period FROM facts WHERE source_key = ?',
        [UPLOADS.csv.key],
      );
      expect(partitions).toEqual([{ year: 2024, quarter: 4, province: 'VN-22', period: '2024Q4' }]);
    });

    it('writes the text report facts with their sentence and offsets into the text as sent', async () => {
      const text = (await readFile(join(SAMPLES, UPLOADS.text.sample))).toString('utf8');
      const facts = await queryWarehouse(
        warehouse,
        'SELECT evidence, span_start, span_end, source_kind, period FROM facts WHERE source_key = ?',
        [UPLOADS.text.key],
      );
      expect(facts.length).toBeGreaterThan(0);
      for (const fact of facts) {
        expect(fact).toMatchObject({ source_kind: 'text', period: '2025Q2' });
        expect(text.slice(fact.span_start as number, fact.span_end as number)).toMatch(/\d/);
      }
    });

    it('records the corrupt and the unsupported upload as rejections with a reason, not as failures', async () => {
      const rejections = await queryWarehouse(
        warehouse,
        'SELECT source_key, source_kind, source_row, code, reason, reason_en FROM rejections WHERE source_key IN (?, ?) ORDER BY source_key',
        [CORRUPT_KEY, UPLOADS.unsupported.key],
      );
      expect(rejections).toEqual([
        {
          source_key: UPLOADS.unsupported.key,
          source_kind: 'other',
          source_row: null,
          code: 'file-unsupported',
          reason: expect.stringMatching(/^Không hỗ trợ loại tệp này/),
          reason_en: expect.stringMatching(/not supported/),
        },
        {
          source_key: CORRUPT_KEY,
          source_kind: 'csv',
          source_row: null,
          code: 'file-not-text',
          reason: expect.stringMatching(/không phải văn bản/),
          reason_en: expect.stringMatching(/not text/),
        },
      ]);
      const manifest = JSON.parse(
        await readFile(join(warehouse, 'ingestions', `${await sha256Of(CORRUPT_BYTES)}--VN-22-2024Q4.json`), 'utf8'),
      ) as { status: string; source_key: string };
      expect(manifest).toMatchObject({ status: 'rejected', source_key: CORRUPT_KEY });
    });

    it('rejects an upload over the size limit whole, with its size and the limit, keyed by the hash of all its bytes', async () => {
      const manifest = JSON.parse(
        await readFile(join(warehouse, 'ingestions', `${await sha256Of(OVERSIZE_BYTES)}--VN-22-2024Q4.json`), 'utf8'),
      ) as Record<string, unknown>;
      expect(manifest).toMatchObject({
        status: 'rejected',
        source_key: OVERSIZE_KEY,
        size_bytes: OVERSIZE_BYTES.length,
        read: 0,
        accepted: 0,
        reason: expect.stringMatching(/^The file is \d+ KiB, over the 52 KiB limit; split it into smaller files\.$/),
      });
      expect(
        await queryWarehouse(warehouse, 'SELECT COUNT(*) AS n FROM facts WHERE source_key = ?', [OVERSIZE_KEY]),
      ).toEqual([{ n: 0 }]);
    });

    it('writes the same facts, rejections and manifests as provstat ingest of the same files, except the ingestion and upload times', async () => {
      const landing = join(folder, 'landing');
      for (const upload of Object.values(UPLOADS)) {
        const target = join(landing, ...upload.key.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await copyFile(join(SAMPLES, upload.sample), target);
      }
      const local = join(folder, 'local-warehouse');
      await ingestPaths([join(landing, 'incoming')], { warehouse: local });
      const keys = Object.values(UPLOADS).map((upload) => upload.key);
      const facts =
        'SELECT * EXCLUDE (ingested_at, uploaded_at, upload_sequence) FROM facts WHERE source_key IN (?, ?, ?) ORDER BY source_key, source_row, span_start, metric';
      const rejections =
        'SELECT * EXCLUDE (rejected_at, uploaded_at, upload_sequence) FROM rejections WHERE source_key IN (?, ?, ?) ORDER BY source_key, source_row, "column"';
      const fromLambda = await queryWarehouse(warehouse, facts, keys);
      expect(new Set(fromLambda.map((row) => row.source_kind))).toEqual(new Set(['csv', 'text']));
      expect(fromLambda).toEqual(await queryWarehouse(local, facts, keys));
      expect(await queryWarehouse(warehouse, rejections, keys)).toEqual(await queryWarehouse(local, rejections, keys));
      for (const upload of Object.values(UPLOADS)) {
        const landing = describeLanding(upload.key);
        const binding = { province: landing.province, period: landing.period ? formatPeriod(landing.period) : null };
        const name = manifestKey(await sha256Of(await readFile(join(SAMPLES, upload.sample))), binding);
        const withoutTime = async (root: string) => ({
          ...JSON.parse(await readFile(join(root, name), 'utf8')),
          ingested_at: undefined,
          uploaded_at: undefined,
          upload_sequence: undefined,
        });
        expect(await withoutTime(warehouse)).toEqual(await withoutTime(local));
      }
    });

    it('writes each upload a receipt under its own province prefix of the raw bucket, with the counts of the warehouse', async () => {
      const receipts = Object.keys(await listBucket(s3.client, RAW_BUCKET))
        .filter((key) => key.startsWith('receipts/'))
        .sort();
      const expected = [UPLOADS.csv.key, UPLOADS.text.key, UPLOADS.unsupported.key, CORRUPT_KEY, OVERSIZE_KEY]
        .flatMap((key) => ['csv', 'json'].map((extension) => `${key.replace(/^incoming\//, 'receipts/')}.${extension}`))
        .sort();
      expect(receipts).toEqual(expected);
      const read = async (key: string) =>
        (await s3.client.send(new GetObjectCommand({ Bucket: RAW_BUCKET, Key: key }))).Body!.transformToString();
      const receiptOf = async (key: string) =>
        JSON.parse(await read(`${key.replace(/^incoming\//, 'receipts/')}.json`)) as Record<string, unknown>;
      const count = async (table: string, key: string) =>
        (await queryWarehouse(warehouse, `SELECT COUNT(*) AS n FROM ${table} WHERE source_key = ?`, [key]))[0]?.n;
      const csvReceipt = await receiptOf(UPLOADS.csv.key);
      expect(csvReceipt).toMatchObject({
        source_key: UPLOADS.csv.key,
        status: 'ingested',
        accepted: await count('facts', UPLOADS.csv.key),
        rejected: await count('rejections', UPLOADS.csv.key),
      });
      expect(csvReceipt.rejected).toBeGreaterThan(0);
      expect(csvReceipt.rows_read).toBe(Number(csvReceipt.accepted) + Number(csvReceipt.rejected));
      expect(csvReceipt.values_added).toBe(csvReceipt.accepted);
      expect((await read(`${UPLOADS.csv.key.replace(/^incoming\//, 'receipts/')}.csv`)).split('\r\n')).toHaveLength(
        Number(csvReceipt.rejected) + 2,
      );
      expect(await receiptOf(CORRUPT_KEY)).toMatchObject({
        status: 'rejected',
        reason_en: expect.stringMatching(/not text/),
        accepted: 0,
      });
    });

    it('changes nothing in the warehouse bucket, nor any receipt, when the same event is delivered again', async () => {
      const before = await listBucket(s3.client, WAREHOUSE_BUCKET);
      const receiptsBefore = await listBucket(s3.client, RAW_BUCKET);
      expect(await invoke(event)).toEqual({ batchItemFailures: [{ itemIdentifier: 'not-s3' }] });
      expect(await listBucket(s3.client, WAREHOUSE_BUCKET)).toEqual(before);
      expect(await listBucket(s3.client, RAW_BUCKET)).toEqual(receiptsBefore);
    });

    it('acknowledges a notification for an object deleted before it was read, writing nothing', async () => {
      const before = await listBucket(s3.client, WAREHOUSE_BUCKET);
      const gone = { bucket: RAW_BUCKET, key: 'incoming/VN-22/2024Q4/đã xoá.csv', size: 10, eTag: '0123' };
      expect(await invoke(sqsEvent([sqsRecord('gone', s3NotificationBody([gone]))]))).toEqual({
        batchItemFailures: [],
      });
      expect(await listBucket(s3.client, WAREHOUSE_BUCKET)).toEqual(before);
    });

    it('rejects every key that is not an accepted landing key, writing nothing for the province it names', async () => {
      const spoofs = [...PROVINCE_SPOOFS, RAW_BACKFILL_SPOOF];
      const objects = [];
      for (const spoof of spoofs) objects.push(await uploadObject(s3.client, RAW_BUCKET, spoof.key, spoof.bytes));
      const records = objects.map((object, index) => sqsRecord(`spoof-${index}`, s3NotificationBody([object])));
      expect(await invoke(sqsEvent(records))).toEqual({ batchItemFailures: [] });
      const after = join(folder, 'after-spoofs');
      await expectSpoofsRejected(after, await downloadBucket(s3.client, WAREHOUSE_BUCKET, after), spoofs);
      // Each spoof's receipt goes to its uploader; the key outside incoming/ has no province to get one.
      const receipts = Object.keys(await listBucket(s3.client, RAW_BUCKET)).filter(
        (key) => key.startsWith('receipts/') && !key.startsWith('receipts/VN-22/20'),
      );
      expect(receipts.filter((key) => key.endsWith('.json')).sort()).toEqual(
        [
          'receipts/VN-04/2025Q2/biên bản họp.docx.json',
          ...PROVINCE_SPOOFS.map((spoof) => `${spoof.key.replace(/^incoming\//, 'receipts/')}.json`),
        ].sort(),
      );
    });
  });
}

async function sha256Of(bytes: Uint8Array): Promise<string> {
  return createHash('sha256').update(bytes).digest('hex');
}
