// A warm Lambda container in plain Node: imports a bundled handler once (no TypeScript loader, no
// project node_modules on its resolution path), then answers invocations sent over IPC.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, functionName] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);

// As long as the functions' own timeouts allow (the ingest's 5 minutes): the rollup stops Athena 30 s before.
const REMAINING_MS = 300_000;

function context(requestId) {
  const end = Date.now() + REMAINING_MS;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-southeast-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, end - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
}

process.on('message', async ({ id, event }) => {
  try {
    const result = await handler(event, context(`request-${id}`));
    // Which DuckDB library the process mapped: proof the packaged binding was the one loaded.
    const duckdbLibraries = [
      ...new Set(
        readFileSync('/proc/self/maps', 'utf8')
          .split('\n')
          .map((line) => line.split(/\s+/)[5] ?? '')
          .filter((path) => /duckdb\.node$|libduckdb\.so$/.test(path)),
      ),
    ];
    process.send({ id, result, duckdbLibraries });
  } catch (error) {
    process.send({ id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});
process.send({ ready: true });
