/**
 * DuckDB alone, the floor for the bulk CSV: `COPY (SELECT * FROM read_csv(...)) TO ... (FORMAT
 * parquet)` on the same file, in a fresh process, writing its wall time and peak memory as JSON
 * to the file named by BENCH_REPORT.
 *
 * usage: node --import tsx bench/duckdb-copy.ts INPUT.csv OUTPUT.parquet
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DuckDbDatabase, quoteSqlString } from '../pipelines/warehouse/duckdb-database.js';

const [input, output] = process.argv.slice(2);
const reportPath = process.env.BENCH_REPORT;
if (!input || !output || !reportPath) throw new Error('usage: BENCH_REPORT=FILE node --import tsx bench/duckdb-copy.ts INPUT.csv OUTPUT.parquet');
const started = performance.now();
const database = await DuckDbDatabase.open();
try {
  await database.run(`COPY (SELECT * FROM read_csv(${quoteSqlString(input)})) TO ${quoteSqlString(output)} (FORMAT parquet)`);
} finally {
  database.close();
}
writeFileSync(reportPath, JSON.stringify({ exitCode: 0, seconds: (performance.now() - started) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
