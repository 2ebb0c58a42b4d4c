/**
 * The ingest Lambda: SQS batches of S3 `ObjectCreated` notifications from the raw bucket. Each
 * object runs through the same pipeline as `provstat ingest` and lands in the warehouse bucket as
 * facts, rejections and a manifest. Only transient failures (S3 or the warehouse unreachable) are
 * reported back for retry; a broken upload is a recorded rejection, and the same bytes sent again
 * change nothing (the manifest keyed by the source's SHA-256 and landing binding). Each upload under incoming/<ISO>/
 * gets a receipt back in the raw bucket, under receipts/<ISO>/. The small objects of a batch are
 * written together first (one DuckDB write per table, still a manifest each).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { readRawObject, type RawObjectLocation } from '../adapters/aws/s3-raw-source.js';
import { downloadObject, S3ReceiptStore } from '../adapters/aws/s3-receipt-store.js';
import { S3WarehouseStorage } from '../adapters/aws/s3-warehouse-storage.js';
import type { DuckDbDatabase } from '../adapters/duckdb/duckdb-database.js';
import { openLambdaDatabase } from '../adapters/duckdb/lambda-database.js';
import { GroupingParquetSourceWriter } from '../adapters/duckdb/parquet-source-group.js';
import { ensureReferenceTables } from '../adapters/duckdb/reference-tables.js';
import { readValueChanges } from '../adapters/duckdb/value-changes.js';
import { messageOf, SourceReadError } from '../pipelines/ingest/errors.js';
import {
  GROUP_BYTES,
  GROUPED_MAX_BYTES,
  ingestBatch,
  strictlyIncreasingClock,
} from '../pipelines/ingest/ingest-batch.js';
import {
  ingestAsUnreadable,
  ingestSource,
  type IngestContext,
  type SourceInput,
  type SourceSummary,
  writtenManifestKey,
} from '../pipelines/ingest/ingest-source.js';
import { deliverReceipt } from '../pipelines/ingest/receipt.js';
import { receiptValueChanges } from '../pipelines/ingest/value-changes.js';
import { PIPELINE_VERSION } from '../pipelines/version.js';
import { ManifestSchema } from '../pipelines/warehouse/manifest.js';
import { readIngestConfig, s3ClientConfig, type IngestConfig } from './config.js';
import { UnrecognisedMessageError } from './errors.js';
import { openOnce } from './open-once.js';
import { readNotification } from './s3-notifications.js';

const logger = new Logger({ serviceName: 'provstat-ingest' });
const metrics = new Metrics({ namespace: 'provstat', serviceName: 'provstat-ingest' });
const processor = new BatchProcessor(EventType.SQS);

/** What one container keeps between invocations: opened on the first, reused after. */
interface IngestRuntime {
  readonly config: IngestConfig;
  readonly s3: S3Client;
  readonly storage: S3WarehouseStorage;
  readonly database: DuckDbDatabase;
  /** Writes a source on its own, or the small sources of a batch together. */
  readonly writer: GroupingParquetSourceWriter;
}

async function openRuntime(): Promise<IngestRuntime> {
  const config = readIngestConfig();
  const s3 = new S3Client(s3ClientConfig(config.s3));
  const storage = new S3WarehouseStorage({ client: s3, bucket: config.warehouseBucket });
  const database = await openLambdaDatabase();
  try {
    await ensureReferenceTables(storage, database);
  } catch (error) {
    database.close();
    throw error;
  }
  return { config, s3, storage, database, writer: new GroupingParquetSourceWriter({ storage, database }) };
}

/** The runtime, opened on the first invocation and reused. */
const getRuntime = openOnce(openRuntime);

/** Ingestion timestamps that never tie within a container, so "the later ingestion wins" is decided. */
const nextTimestamp = strictlyIncreasingClock();

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  metrics.captureColdStartMetric(context.functionName);
  try {
    // A configuration error fails the whole invocation: every message is retried, then dead-lettered.
    const ready = await getRuntime();
    const written = await ingestSmallObjectsTogether(event, ready);
    const handle = (record: SQSRecord) => ingestMessage(record, ready, written);
    return await processPartialResponse(event, handle, processor, {
      context,
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
  } finally {
    metrics.publishStoredMetrics();
  }
};

/** Objects of the batch already ingested together, by bucket, key and version, each with its input and summary. */
type WrittenTogether = Map<string, { readonly input: SourceInput; readonly summary: SourceSummary }[]>;

function objectId(object: RawObjectLocation): string {
  return JSON.stringify([object.bucket, object.key, object.versionId ?? null]);
}

/**
 * The small objects at the start of a batch, ingested together (one write per table for all of
 * them, a manifest each), before the messages are handled one by one: each message then finds its
 * objects' summaries here. Objects are read in order until one is large or the group would be
 * full, so memory stays as bounded as one object at a time; the rest go the one-by-one way. Should
 * anything fail here, every object goes the one-by-one way, which finds the objects this pass did
 * write to be duplicates.
 */
async function ingestSmallObjectsTogether(event: SQSEvent, ready: IngestRuntime): Promise<WrittenTogether> {
  const written: WrittenTogether = new Map();
  const sources: { readonly object: RawObjectLocation; readonly input: SourceInput }[] = [];
  let bytes = 0;
  try {
    reading: for (const record of event.Records) {
      const reading = readNotification(record.body, ready.config.rawBucket);
      if (reading.kind !== 'objects') continue;
      for (const object of reading.objects) {
        const raw = await readRawObject(ready.s3, object, ready.config.maxBytes);
        if (!raw.found) continue;
        if (raw.input.sizeBytes > GROUPED_MAX_BYTES || bytes + raw.input.sizeBytes > GROUP_BYTES) break reading;
        sources.push({ object, input: raw.input });
        bytes += raw.input.sizeBytes;
      }
    }
    if (sources.length < 2) return written;
    const outcomes = await ingestBatch({
      sources,
      readSource: async (source) => source.input,
      writers: [ready.writer],
      groupWriter: ready.writer,
      context: { storage: ready.storage, maxBytes: ready.config.maxBytes, pipelineVersion: PIPELINE_VERSION },
      clock: nextTimestamp,
    });
    for (const { id, summary } of outcomes) {
      if (!summary) continue;
      const key = objectId(id.object);
      written.set(key, [...(written.get(key) ?? []), { input: id.input, summary }]);
    }
    return written;
  } catch (error) {
    logger.warn('the small objects of the batch could not be written together; each is ingested on its own', {
      error: messageOf(error),
    });
    return new Map();
  }
}

/** One SQS message: every object it announces, in order; throws only for what a retry may fix. */
async function ingestMessage(record: SQSRecord, ready: IngestRuntime, written: WrittenTogether): Promise<void> {
  const reading = readNotification(record.body, ready.config.rawBucket);
  if (reading.kind === 'test') {
    logger.info('S3 test notification: nothing to ingest', { messageId: record.messageId });
    return;
  }
  if (reading.kind === 'unrecognised') {
    logger.error(
      'message is not an S3 notification for the raw bucket; it goes to the dead-letter queue after the receive limit',
      {
        messageId: record.messageId,
        reason: reading.reason,
        body: record.body.slice(0, 2000),
      },
    );
    metrics.addMetric('UnrecognisedMessages', MetricUnit.Count, 1);
    throw new UnrecognisedMessageError(reading.reason, record.messageId);
  }
  for (const skipped of reading.skipped)
    logger.info('notification needs no ingestion', { messageId: record.messageId, ...skipped });
  for (const object of reading.objects) await ingestObject(object, ready, written.get(objectId(object))?.shift());
}

async function ingestObject(
  object: RawObjectLocation,
  ready: IngestRuntime,
  together?: { readonly input: SourceInput; readonly summary: SourceSummary },
): Promise<void> {
  const raw = together
    ? { found: true as const, input: together.input }
    : await readRawObject(ready.s3, object, ready.config.maxBytes);
  if (!raw.found) {
    // Deleted before we got to it: there is nothing left to ingest, and a retry cannot change that.
    logger.warn('object no longer exists; nothing to ingest', {
      bucket: object.bucket,
      key: object.key,
      versionId: object.versionId,
    });
    metrics.addMetric('ObjectsMissing', MetricUnit.Count, 1);
    return;
  }
  const summary = together?.summary ?? (await ingestRead(raw.input, ready));
  const receipt = await writeReceipt(raw.input, summary, ready).catch((error: unknown) => {
    logger.error('the source is ingested but its receipt could not be written; retrying', {
      key: summary.key,
      error: messageOf(error),
    });
    throw error;
  });
  logger.info(`source ${summary.status}`, {
    key: summary.key,
    sha256: summary.sha256,
    kind: summary.kind,
    status: summary.status,
    read: summary.read,
    accepted: summary.accepted,
    rejected: summary.rejected,
    reason: summary.reason,
    warnings: summary.warnings,
    periods: summary.periods,
    receipt,
  });
  const statusMetric = {
    ingested: 'SourcesIngested',
    duplicate: 'SourcesDuplicate',
    rejected: 'SourcesRejected',
  } as const;
  metrics.addMetric(statusMetric[summary.status], MetricUnit.Count, 1);
  metrics.addMetric('ValuesAccepted', MetricUnit.Count, summary.accepted);
  metrics.addMetric('ValuesRejected', MetricUnit.Count, summary.rejected);
}

/**
 * The uploader's receipt, into the raw bucket under `receipts/<ISO>/`. Its failure is thrown, for
 * SQS to retry: the retry finds the source a duplicate and still leaves the uploader a receipt.
 */
async function writeReceipt(input: SourceInput, summary: SourceSummary, ready: IngestRuntime): Promise<string | null> {
  const changes = async () => {
    const manifestText = await ready.storage.readText(writtenManifestKey(summary));
    const manifest = ManifestSchema.parse(JSON.parse(manifestText ?? 'null'));
    const scratch = await ready.storage.createScratch();
    try {
      // Copied under their keys, so DuckDB reads the partition values from the folder names.
      const localPath = async (key: string) => {
        const path = join(scratch, ...key.split('/'));
        await mkdir(dirname(path), { recursive: true });
        await downloadObject(ready.s3, ready.storage.locate(key), path);
        return path;
      };
      const [changes] = await readValueChanges([manifest], {
        database: ready.database,
        storage: ready.storage,
        localPath,
      });
      return receiptValueChanges(changes?.receipt ?? [], changes?.unopposed);
    } finally {
      await ready.storage.releaseScratch(scratch);
    }
  };
  const store = new S3ReceiptStore(ready.s3, ready.config.rawBucket);
  const base = await deliverReceipt(summary, input.landing, store, changes);
  if (base) metrics.addMetric('ReceiptsWritten', MetricUnit.Count, 1);
  return base === null ? null : `${base}.json`;
}

/**
 * The CLI's ingestion of one source. Should reading the file itself throw (a defect meeting an odd
 * file, not a storage fault), the file is recorded as unreadable, so no upload is retried forever;
 * a failure to write the warehouse is thrown, for SQS to retry.
 */
async function ingestRead(input: SourceInput, ready: IngestRuntime): Promise<SourceSummary> {
  const context: IngestContext = {
    storage: ready.storage,
    writer: ready.writer,
    now: nextTimestamp(),
    maxBytes: ready.config.maxBytes,
    pipelineVersion: PIPELINE_VERSION,
  };
  try {
    return await ingestSource(input, context);
  } catch (error) {
    if (!(error instanceof SourceReadError)) throw error;
    const failure = messageOf(error.cause);
    logger.error('the pipeline failed while reading this file; recording it as unreadable', {
      key: input.landing.key,
      sha256: input.sha256,
      error: failure,
    });
    metrics.addMetric('SourcesFailedInPipeline', MetricUnit.Count, 1);
    return ingestAsUnreadable(input, context, failure);
  }
}
