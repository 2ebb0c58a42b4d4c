/**
 * The functions' configuration, from the environment: read once per container, failing fast with
 * the name of the first missing variable. The S3 settings are read as the CLI reads them
 * (adapters/aws/s3-client.ts).
 */
import {
  readS3Settings as readS3ClientSettings,
  S3SettingsError,
  s3ClientConfig,
  type Environment,
  type S3Settings,
} from '../adapters/aws/s3-client.js';
import { DEFAULT_MAX_BYTES } from '../pipelines/ingest/limits.js';
import { ConfigurationError } from './errors.js';

export { s3ClientConfig, type Environment, type S3Settings };

export interface IngestConfig {
  /** `RAW_BUCKET`: where provinces upload; the only bucket the function reads sources from. */
  readonly rawBucket: string;
  /** `WAREHOUSE_BUCKET`: where the Parquet warehouse lives. */
  readonly warehouseBucket: string;
  /** `MAX_FILE_MB` (default 100): larger uploads are rejected whole, never truncated. */
  readonly maxBytes: number;
  readonly s3: S3Settings;
}

export interface RollupConfig {
  /** `REPORTS_BUCKET`: where the rollup report is written. */
  readonly reportsBucket: string;
  /** `ATHENA_WORKGROUP`: the workgroup (it enforces the result location and a scan limit). */
  readonly athenaWorkGroup: string;
  /** `GLUE_DATABASE`: the Glue database holding the warehouse tables and views. */
  readonly glueDatabase: string;
  readonly s3: S3Settings;
}

/** Reads the ingest function's configuration. */
export function readIngestConfig(env: Environment = process.env): IngestConfig {
  return {
    rawBucket: required(env, 'RAW_BUCKET'),
    warehouseBucket: required(env, 'WAREHOUSE_BUCKET'),
    maxBytes: readMaxBytes(env),
    s3: readS3Settings(env),
  };
}

/** Reads the rollup function's configuration. */
export function readRollupConfig(env: Environment = process.env): RollupConfig {
  return {
    reportsBucket: required(env, 'REPORTS_BUCKET'),
    athenaWorkGroup: required(env, 'ATHENA_WORKGROUP'),
    glueDatabase: required(env, 'GLUE_DATABASE'),
    s3: readS3Settings(env),
  };
}

/** Reads `AWS_ENDPOINT_URL_S3` and `S3_FORCE_PATH_STYLE`; a malformed one stops the function. */
export function readS3Settings(env: Environment = process.env): S3Settings {
  try {
    return readS3ClientSettings(env);
  } catch (error) {
    if (error instanceof S3SettingsError) throw new ConfigurationError(error.message, error.variable);
    throw error;
  }
}

function readMaxBytes(env: Environment): number {
  const text = optional(env, 'MAX_FILE_MB');
  if (text === undefined) return DEFAULT_MAX_BYTES;
  const megabytes = Number(text);
  if (!Number.isFinite(megabytes) || megabytes <= 0) {
    throw new ConfigurationError(`MAX_FILE_MB must be a positive number of MiB, not "${text}"`, 'MAX_FILE_MB');
  }
  return Math.floor(megabytes * 1024 * 1024);
}

function required(env: Environment, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigurationError(`the environment variable ${name} is not set`, name);
  return value;
}

function optional(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
