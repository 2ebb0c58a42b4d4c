/** `provstat pull s3://BUCKET[/PREFIX]`: the warehouse bucket mirrored into a local warehouse folder. */
import { S3Client } from '@aws-sdk/client-s3';
import { readS3Settings, s3ClientConfig, S3SettingsError } from '../../adapters/aws/s3-client.js';
import {
  MirrorSourceError,
  parseS3Url,
  S3Mirror,
  type MirrorPlan,
  type MirrorResult,
} from '../../adapters/aws/s3-mirror.js';
import { CliError, usageError } from '../cli-error.js';
import { startProgress } from '../progress.js';

export interface PullOptions {
  readonly warehouse: string;
  readonly dryRun?: boolean | undefined;
  readonly region?: string | undefined;
  /** Keys per listing page. @default 1000 */
  readonly pageSize?: number;
}

/** Plans (with `dryRun`) or runs the pull; S3 is reached as the functions reach it. */
export async function pullWarehouse(url: string, options: PullOptions): Promise<MirrorPlan | MirrorResult> {
  const location = parseS3Url(url);
  if (!location) throw usageError(`"${url}" is not an S3 location; write it as s3://BUCKET or s3://BUCKET/PREFIX`);
  let settings: ReturnType<typeof readS3Settings>;
  try {
    settings = readS3Settings();
  } catch (error) {
    if (error instanceof S3SettingsError) throw usageError(error.message);
    throw error;
  }
  // stderr carries one sentence per error: keep the SDK's notice about its future Node 22 floor off it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({ ...s3ClientConfig(settings), ...(options.region ? { region: options.region } : {}) });
  const mirror = new S3Mirror({
    client,
    bucket: location.bucket,
    prefix: location.prefix,
    root: options.warehouse,
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
  try {
    if (options.dryRun) return await mirror.plan();
    const plan = await mirror.plan();
    const progress = startProgress(plan.download.length + plan.remove.length, 'files');
    try {
      return await mirror.pull((key) => progress.advance(key));
    } finally {
      progress.stop();
    }
  } catch (error) {
    if (error instanceof MirrorSourceError) throw usageError(error.message);
    throw new CliError(error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error), 1, {
      cause: error,
    });
  } finally {
    client.destroy();
  }
}

/** What moved, in a sentence or two. */
export function renderPullSummary(result: MirrorPlan | MirrorResult, warehouse: string, dryRun: boolean): string {
  const files = (count: number): string => `${count} ${count === 1 ? 'file' : 'files'}`;
  const verb = dryRun ? 'would download' : 'downloaded';
  const bytes = 'bytes' in result ? ` (${(result.bytes / 1024 / 1024).toFixed(1)} MiB)` : '';
  const lines = [
    `${result.source} → ${warehouse}: ${verb} ${files(result.download.length)}${bytes}, ` +
      `${dryRun ? 'would remove' : 'removed'} ${files(result.remove.length)}, ${files(result.unchanged)} unchanged.`,
  ];
  if (dryRun) for (const object of result.download) lines.push(`  + ${object.key}`);
  if (dryRun) for (const key of result.remove) lines.push(`  - ${key}`);
  if (result.skipped.length > 0)
    lines.push(
      `Left out ${files(result.skipped.length)} whose keys cannot be paths: ${result.skipped.slice(0, 5).join(', ')}`,
    );
  return `${lines.join('\n')}\n`;
}

/** The plan or result as JSON. */
export function formatPullJson(result: MirrorPlan | MirrorResult, warehouse: string, dryRun: boolean): string {
  return `${JSON.stringify(
    {
      source: result.source,
      warehouse,
      dry_run: dryRun,
      downloaded: result.download.map((object) => object.key),
      removed: result.remove,
      unchanged: result.unchanged,
      skipped: result.skipped,
      ...('bytes' in result ? { bytes: result.bytes } : {}),
    },
    null,
    2,
  )}\n`;
}
