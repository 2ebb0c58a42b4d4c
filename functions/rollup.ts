/**
 * The rollup Lambda: invoked by the quarterly schedule (or by hand with `{ "period": "2025Q2" }`),
 * it runs the queries/ files through Athena and writes the national rollup (index.html,
 * rollup.csv, rollup.json: the same report `provstat rollup` writes) to
 * s3://REPORTS_BUCKET/reports/<period>/. Re-running it rewrites the same keys.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { AthenaClient } from '@aws-sdk/client-athena';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { formatPeriod, parsePeriod, type Period } from '../pipelines/period.js';
import { readQueryLibrary, type QueryLibrary } from '../pipelines/query/query-library.js';
import { quarterEndedBefore } from '../pipelines/rollup/collect-rollup.js';
import { buildRollup } from '../pipelines/rollup/rollup-files.js';
import { athenaClientConfig } from '../adapters/aws/athena-client.js';
import { AthenaQueryRunner } from '../adapters/aws/athena-query-runner.js';
import { StorageError } from '../adapters/aws/errors.js';
import { readRollupConfig, s3ClientConfig, type RollupConfig } from './config.js';
import { openOnce } from './open-once.js';

const logger = new Logger({ serviceName: 'provstat-rollup' });
const metrics = new Metrics({ namespace: 'provstat', serviceName: 'provstat-rollup' });

/** Where reports go in the reports bucket (the stack grants writing under it and nowhere else). */
export const REPORTS_PREFIX = 'reports/';
/**
 * Time kept back from the function's own timeout: a query still running then is stopped (and none
 * started), so the Lambda runtime never ends the invocation with a query left running in Athena.
 * It covers the last status check and the StopQueryExecution call, throttled retries included.
 */
export const ATHENA_STOP_MARGIN_MS = 30_000;

/**
 * What the function accepts: a period to report on; or the time the schedule fired (as EventBridge
 * rules send `time`, or a Scheduler input may carry `scheduledTime`); or nothing, meaning now.
 */
export const RollupEventSchema = z
  .object({
    period: z.string().optional(),
    time: z.string().optional(),
    scheduledTime: z.string().optional(),
    deadlineDays: z.number().int().nonnegative().optional(),
  })
  .passthrough()
  .nullish();
export type RollupEvent = z.infer<typeof RollupEventSchema>;

export interface RollupOutcome {
  readonly period: string;
  readonly bucket: string;
  readonly keys: readonly string[];
  readonly expected: number;
  readonly reported: number;
  readonly missing: number;
  readonly late: number;
}

/** The quarter an event asks for: its period, else the quarter that ended before its time (or now). */
export function periodOfEvent(event: RollupEvent, now: Date): Period {
  if (event?.period !== undefined) {
    const period = parsePeriod(event.period);
    if (!period) throw new Error(`the event's period "${event.period}" is not a quarter such as 2025Q2`);
    return period;
  }
  const when = event?.scheduledTime ?? event?.time;
  const date = when === undefined ? now : new Date(when);
  if (Number.isNaN(date.getTime())) throw new Error(`the event's time "${String(when)}" is not a date`);
  return quarterEndedBefore(date);
}

interface RollupRuntime {
  readonly config: RollupConfig;
  readonly s3: S3Client;
  readonly athena: AthenaClient;
  readonly library: QueryLibrary;
}

async function openRuntime(): Promise<RollupRuntime> {
  const config = readRollupConfig();
  return {
    config,
    s3: new S3Client(s3ClientConfig(config.s3)),
    athena: new AthenaClient(athenaClientConfig()),
    // The queries are copied beside the bundle with a package.json naming it provstat.
    library: readQueryLibrary(),
  };
}

/** The runtime, opened on the first invocation and reused. */
const getRuntime = openOnce(openRuntime);

export const handler = async (event: unknown, context?: Context): Promise<RollupOutcome> => {
  if (context) logger.addContext(context);
  metrics.captureColdStartMetric(context?.functionName);
  try {
    const parsed = RollupEventSchema.safeParse(event);
    if (!parsed.success)
      throw new Error(
        `the rollup event is not { period?, time?, scheduledTime?, deadlineDays? }: ${parsed.error.issues[0]?.message ?? 'unreadable'}`,
      );
    const { config, s3, athena, library } = await getRuntime();
    const period = periodOfEvent(parsed.data, new Date());
    logger.info('rollup started', {
      period: formatPeriod(period),
      workGroup: config.athenaWorkGroup,
      database: config.glueDatabase,
    });
    const stopBy = context ? Date.now() + context.getRemainingTimeInMillis() - ATHENA_STOP_MARGIN_MS : undefined;
    const runner = new AthenaQueryRunner({
      client: athena,
      workGroup: config.athenaWorkGroup,
      database: config.glueDatabase,
      ...(stopBy === undefined ? {} : { stopBy }),
    });
    const started = Date.now();
    const { data, files } = await buildRollup(runner, library, {
      period,
      ...(parsed.data?.deadlineDays !== undefined ? { deadlineDays: parsed.data.deadlineDays } : {}),
      onQuery: (name, index, count) => logger.info('running query', { query: name, step: index + 1, of: count }),
    });
    metrics.addMetric('RollupQueriesSeconds', MetricUnit.Seconds, (Date.now() - started) / 1000);
    const prefix = `${REPORTS_PREFIX}${data.period}/`;
    // The page last: the CSV and JSON it mentions exist by the time it does.
    const ordered = [...files].sort((a, b) => Number(a.name === 'index.html') - Number(b.name === 'index.html'));
    for (const file of ordered) {
      const key = `${prefix}${file.name}`;
      try {
        await s3.send(
          new PutObjectCommand({
            Bucket: config.reportsBucket,
            Key: key,
            Body: file.body,
            ContentType: file.contentType,
          }),
        );
      } catch (error) {
        throw new StorageError(
          `cannot write s3://${config.reportsBucket}/${key}: ${error instanceof Error ? error.message : String(error)}`,
          config.reportsBucket,
          key,
          { cause: error },
        );
      }
    }
    const expected = data.completeness.filter((row) => row.expected === true);
    const outcome: RollupOutcome = {
      period: data.period,
      bucket: config.reportsBucket,
      keys: ordered.map((file) => `${prefix}${file.name}`),
      expected: expected.length,
      reported: expected.filter((row) => row.status === 'csv' || row.status === 'text_only').length,
      missing: expected.filter((row) => row.status === 'missing').length,
      late: data.completeness.filter((row) => row.late === true).length,
    };
    metrics.addMetric('ProvincesExpected', MetricUnit.Count, outcome.expected);
    metrics.addMetric('ProvincesReported', MetricUnit.Count, outcome.reported);
    metrics.addMetric('ProvincesLate', MetricUnit.Count, outcome.late);
    logger.info('rollup written', { ...outcome });
    return outcome;
  } catch (error) {
    logger.error('rollup failed', { error: error as Error });
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
};
