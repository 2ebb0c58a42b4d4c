/**
 * Runs `provstat ingest`'s own function on the paths in this process and, when it is done, writes
 * its wall time, peak resident memory (the kernel's count) and the time of each ingest stage,
 * summed over the sources, as JSON to the file named by BENCH_REPORT. Printing the summary is left
 * out: the figures are those of ingesting.
 *
 * usage (after `npx tsc -p tsconfig.bench.json`): node dist/bench/measure-ingest.js [--alone] WAREHOUSE PATH...
 *   --alone: every source written on its own (no groups), as ingest did before groups
 *   --rows-in-javascript: every CSV's rows checked in JavaScript, as ingest did before DuckDB checked large ones
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ingestPaths } from '../cli/commands/ingest.js';
import { stageTotals } from '../pipelines/ingest/stages.js';

const reportPath = process.env.BENCH_REPORT;
const alone = process.argv.includes('--alone');
const rowsInJavaScript = process.argv.includes('--rows-in-javascript');
const [warehouse, ...paths] = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
if (!reportPath || !warehouse || paths.length === 0)
  throw new Error('usage: BENCH_REPORT=FILE node dist/bench/measure-ingest.js WAREHOUSE PATH...');
const started = performance.now();
const stages = stageTotals();
const outcomes = await ingestPaths(paths, {
  warehouse,
  onStage: stages.observe,
  ...(alone ? { groups: false } : {}),
  ...(rowsInJavaScript ? { rowsInEngineFromBytes: Number.POSITIVE_INFINITY } : {}),
});
const seconds = (performance.now() - started) / 1000;
const failed = outcomes.filter((outcome) => outcome.summary === null).length;
if (failed > 0) throw new Error(`${failed} of ${outcomes.length} files could not be read`);
writeFileSync(
  reportPath,
  JSON.stringify({
    exitCode: 0,
    seconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    stages: Object.fromEntries(Object.entries(stages.totals).map(([stage, ms]) => [stage, ms / 1000])),
  }),
);
