/**
 * Errors of the AWS adapters. Each says in one sentence what went wrong and carries the context an
 * operator needs (the bucket and key, the query).
 */

/** Reading an uploaded object or writing the warehouse failed in a way a retry may fix. */
export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    message: string,
    readonly bucket: string,
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Why an Athena query did not succeed. */
export type AthenaFailureKind = 'failed' | 'cancelled' | 'timeout' | 'throttled' | 'parameters' | 'results';

/**
 * An Athena query that failed, was cancelled, ran past its deadline, stayed throttled through every
 * retry, or returned an unreadable result.
 */
export class AthenaQueryError extends Error {
  override readonly name = 'AthenaQueryError';

  constructor(
    message: string,
    readonly kind: AthenaFailureKind,
    readonly queryName: string,
    readonly queryExecutionId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
