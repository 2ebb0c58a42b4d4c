// The report worker run from the TypeScript sources (tests, `tsx`): a worker thread does not
// inherit tsx's loader, so it is registered here before the worker's module is loaded.
import { register } from 'tsx/esm/api';

register();
const { default: readReportTask } = await import('./report-worker.ts');

export default readReportTask;
