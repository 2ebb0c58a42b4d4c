/** Runs a bundled handler in a plain Node child process, as a warm Lambda container would. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LambdaProcess {
  invoke<Result>(event: unknown): Promise<{ result: Result; duckdbLibraries: string[] }>;
  /** Everything the function wrote to stdout (its structured logs and metrics). */
  output(): string;
  stop(): Promise<void>;
}

const RUNNER = fileURLToPath(new URL('./lambda-process.mjs', import.meta.url));
/**
 * The Node that runs the bundle: this one, or `PROVSTAT_LAMBDA_NODE` (a path), to run the bundles
 * on the Node major of the Lambda runtime.
 */
const LAMBDA_NODE = process.env.PROVSTAT_LAMBDA_NODE || process.execPath;
const INVOKE_TIMEOUT_MS = 60_000;

/** Starts the process with only the given environment (plus PATH), from a folder outside the project. */
export async function startLambdaProcess(
  bundle: string,
  functionName: string,
  environment: Record<string, string>,
  cwd: string,
): Promise<LambdaProcess> {
  const child: ChildProcess = fork(RUNNER, [bundle, functionName], {
    execPath: LAMBDA_NODE,
    cwd,
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...environment },
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  let nextId = 0;
  const waitFor = <T>(accept: (message: Record<string, unknown>) => T | undefined, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`the function process did not answer ${what} within ${INVOKE_TIMEOUT_MS} ms`)),
        INVOKE_TIMEOUT_MS,
      );
      const onMessage = (message: Record<string, unknown>) => {
        const accepted = accept(message);
        if (accepted !== undefined) finish(undefined, accepted);
      };
      const onExit = (code: number | null) =>
        finish(
          new Error(`the function process exited (code ${code}) before answering ${what}:\n${output.slice(-2000)}`),
        );
      function finish(error?: Error, value?: T) {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(value as T);
      }
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  await waitFor((message) => (message.ready ? true : undefined), 'its start');
  return {
    async invoke<Result>(event: unknown) {
      const id = nextId++;
      const answer = waitFor((message) => (message.id === id ? message : undefined), `invocation ${id}`);
      child.send({ id, event });
      const message = await answer;
      if (typeof message.error === 'string') throw new Error(`the function failed: ${message.error}`);
      return { result: message.result as Result, duckdbLibraries: message.duckdbLibraries as string[] };
    },
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill();
      await exited;
    },
  };
}
