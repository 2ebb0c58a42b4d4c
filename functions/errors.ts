/**
 * Errors of the Lambda functions and their AWS adapters. Each says in one sentence what went wrong
 * and carries the context an operator needs (the variable, the object, the query).
 */

/** A required environment variable is missing or malformed; the function cannot start. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';

  constructor(message: string, readonly variable: string) {
    super(message);
  }
}

/**
 * An SQS message that is not an S3 event notification. Nothing a retry can fix: the handler
 * reports it as failed, so after the queue's receive limit it lands in the dead-letter queue,
 * where an operator can see what was sent.
 */
export class UnrecognisedMessageError extends Error {
  override readonly name = 'UnrecognisedMessageError';

  constructor(message: string, readonly messageId: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Reading an uploaded object or writing the warehouse failed in a way a retry may fix. */
export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(message: string, readonly bucket: string, readonly key: string, options?: { cause?: unknown }) {
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
