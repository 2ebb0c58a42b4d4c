/**
 * How to reach S3, from the environment, for the functions and the CLI alike: AWS itself, or an
 * S3-compatible endpoint named by `AWS_ENDPOINT_URL_S3` with `S3_FORCE_PATH_STYLE=true` (the tests
 * use one on loopback). Region and credentials come from the SDK's usual chain.
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3';

export type Environment = Readonly<Record<string, string | undefined>>;

/** How to reach S3: AWS itself, or an S3-compatible endpoint. */
export interface S3Settings {
  /** `AWS_ENDPOINT_URL_S3`; unset means AWS. */
  readonly endpoint: string | undefined;
  /** `S3_FORCE_PATH_STYLE=true`: `http://host/bucket/key` instead of `http://bucket.host/key`. */
  readonly forcePathStyle: boolean;
}

/** A malformed S3 setting in the environment, with the variable it came from. */
export class S3SettingsError extends Error {
  override readonly name = 'S3SettingsError';

  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
  }
}

/** Reads `AWS_ENDPOINT_URL_S3` and `S3_FORCE_PATH_STYLE`. */
export function readS3Settings(env: Environment = process.env): S3Settings {
  const endpoint = optional(env, 'AWS_ENDPOINT_URL_S3');
  if (endpoint !== undefined && !URL.canParse(endpoint)) {
    throw new S3SettingsError(
      `AWS_ENDPOINT_URL_S3 must be a URL such as http://127.0.0.1:9000, not "${endpoint}"`,
      'AWS_ENDPOINT_URL_S3',
    );
  }
  const pathStyle = optional(env, 'S3_FORCE_PATH_STYLE');
  if (pathStyle !== undefined && pathStyle !== 'true' && pathStyle !== 'false') {
    throw new S3SettingsError(
      `S3_FORCE_PATH_STYLE must be "true" or "false", not "${pathStyle}"`,
      'S3_FORCE_PATH_STYLE',
    );
  }
  return { endpoint, forcePathStyle: pathStyle === 'true' };
}

/** The S3 client configuration for these settings (region and credentials come from the SDK's usual chain). */
export function s3ClientConfig(settings: S3Settings): S3ClientConfig {
  return {
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
  };
}

function optional(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
