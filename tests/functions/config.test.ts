import { describe, expect, it } from 'vitest';
import { readIngestConfig, readRollupConfig, s3ClientConfig } from '../../functions/config.js';
import { ConfigurationError } from '../../functions/errors.js';
import { DEFAULT_MAX_BYTES } from '../../pipelines/ingest/limits.js';

describe('function configuration', () => {
  it('reads the ingest buckets and S3 endpoint settings', () => {
    const config = readIngestConfig({
      RAW_BUCKET: 'raw',
      WAREHOUSE_BUCKET: 'warehouse',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4568',
      S3_FORCE_PATH_STYLE: 'true',
      MAX_FILE_MB: '2',
    });
    expect(config).toEqual({
      rawBucket: 'raw',
      warehouseBucket: 'warehouse',
      maxBytes: 2 * 1024 * 1024,
      s3: { endpoint: 'http://127.0.0.1:4568', forcePathStyle: true },
    });
    expect(s3ClientConfig(config.s3)).toEqual({ endpoint: 'http://127.0.0.1:4568', forcePathStyle: true });
    expect(s3ClientConfig(readIngestConfig({ RAW_BUCKET: 'raw', WAREHOUSE_BUCKET: 'warehouse' }).s3)).toEqual({
      forcePathStyle: false,
    });
  });

  it('uses the same default size limit as the CLI', () => {
    expect(readIngestConfig({ RAW_BUCKET: 'raw', WAREHOUSE_BUCKET: 'warehouse' }).maxBytes).toBe(DEFAULT_MAX_BYTES);
  });

  it('fails fast naming the first missing variable', () => {
    expect(() => readIngestConfig({ RAW_BUCKET: 'raw' })).toThrow(
      new ConfigurationError('the environment variable WAREHOUSE_BUCKET is not set', 'WAREHOUSE_BUCKET'),
    );
    expect(() => readIngestConfig({ RAW_BUCKET: ' ', WAREHOUSE_BUCKET: 'w' })).toThrow(
      'the environment variable RAW_BUCKET is not set',
    );
    expect(() => readRollupConfig({ REPORTS_BUCKET: 'reports', ATHENA_WORKGROUP: 'provstat' })).toThrow(
      'the environment variable GLUE_DATABASE is not set',
    );
  });

  it('reads the rollup settings', () => {
    expect(
      readRollupConfig({ REPORTS_BUCKET: 'reports', ATHENA_WORKGROUP: 'provstat', GLUE_DATABASE: 'provstat_db' }),
    ).toEqual({
      reportsBucket: 'reports',
      athenaWorkGroup: 'provstat',
      glueDatabase: 'provstat_db',
      s3: { endpoint: undefined, forcePathStyle: false },
    });
  });

  it('refuses malformed settings with the variable and the value', () => {
    const base = { RAW_BUCKET: 'raw', WAREHOUSE_BUCKET: 'warehouse' };
    expect(() => readIngestConfig({ ...base, S3_FORCE_PATH_STYLE: 'yes' })).toThrow(
      'S3_FORCE_PATH_STYLE must be "true" or "false", not "yes"',
    );
    expect(() => readIngestConfig({ ...base, AWS_ENDPOINT_URL_S3: 'not a url' })).toThrow(
      /AWS_ENDPOINT_URL_S3 must be a URL/,
    );
    expect(() => readIngestConfig({ ...base, MAX_FILE_MB: '0' })).toThrow(
      'MAX_FILE_MB must be a positive number of MiB, not "0"',
    );
  });
});
