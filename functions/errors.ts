/**
 * Errors of the Lambda functions. Each says in one sentence what went wrong and carries the
 * context an operator needs (the variable, the message).
 */

/** A required environment variable is missing or malformed; the function cannot start. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';

  constructor(
    message: string,
    readonly variable: string,
  ) {
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

  constructor(
    message: string,
    readonly messageId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
