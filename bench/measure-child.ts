/**
 * Runs the `provstat` command line in this process and, when it is done, writes its wall time and
 * peak resident memory (from the kernel's own count) as JSON to the file named by BENCH_REPORT.
 *
 * usage: node --import tsx bench/measure-child.ts <provstat arguments...>
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const reportPath = process.env.BENCH_REPORT;
if (!reportPath) throw new Error('BENCH_REPORT is not set: name the file the measurement goes to');
const started = performance.now();
process.argv = [process.argv[0] ?? 'node', 'provstat', ...process.argv.slice(2)];
process.on('exit', (code) => {
  const usage = process.resourceUsage();
  writeFileSync(
    reportPath,
    JSON.stringify({ exitCode: code, seconds: (performance.now() - started) / 1000, maxRssBytes: usage.maxRSS * 1024 }),
  );
});
await import('../cli/main.js');
