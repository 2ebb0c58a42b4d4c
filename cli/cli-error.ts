/** An error the CLI reports as one sentence, with the exit code it stands for. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    /** 1: a failure (I/O, corrupt warehouse); 2: bad usage or unreadable arguments. */
    readonly exitCode: 1 | 2,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad usage: exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(message, 2);
}
