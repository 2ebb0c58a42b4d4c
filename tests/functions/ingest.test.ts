import { describeIngestEndToEnd } from '../support/ingest-scenario.js';
import { lambdaContext } from '../support/s3-server.js';

describeIngestEndToEnd('the ingest handler (source) against an S3-compatible server', async (environment) => {
  Object.assign(process.env, environment);
  const { handler } = await import('../../functions/ingest.js');
  return { invoke: (event) => handler(event, lambdaContext()) };
});
