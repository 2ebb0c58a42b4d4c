/**
 * Errors of ingesting a source, each carrying the layer it came from, so a caller decides what to
 * do without probing: a failure of reading the file (a defect meeting an odd file) is recorded as a
 * rejection, since trying again reads the same bytes the same way; a failure of writing the
 * warehouse may pass, and is worth a retry.
 */

export type IngestLayer = 'read' | 'write';

/** Reading and checking the source threw: the same bytes will throw again. */
export class SourceReadError extends Error {
  override readonly name = 'SourceReadError';
  readonly layer: IngestLayer = 'read';

  constructor(
    message: string,
    readonly sourceKey: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Writing the source to the warehouse failed (storage, engine): a retry may succeed. */
export class WarehouseWriteError extends Error {
  override readonly name = 'WarehouseWriteError';
  readonly layer: IngestLayer = 'write';

  constructor(
    message: string,
    readonly sourceKey: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The first line of an error's message. */
export function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
