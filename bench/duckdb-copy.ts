/**
 * DuckDB alone, the floor for the bulk CSV: `COPY (SELECT * FROM read_csv(...)) TO ... (FORMAT
 * parquet)` on the same file, in a fresh process, writing its wall time and peak memory as JSON
 * to the file named by BENCH_REPORT. With `--partitioned`, the same rows go into the warehouse's
 * Hive layout instead (one file per year, quarter and province, still unchecked): what the
 * layout alone costs DuckDB.
 *
 * usage (after `npx tsc -p tsconfig.bench.json`): node dist/bench/duckdb-copy.js INPUT.csv OUTPUT.parquet|OUTPUT-FOLDER [--partitioned]
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DuckDbDatabase, quoteSqlString } from '../adapters/duckdb/duckdb-database.js';

const [input, output, mode] = process.argv.slice(2);
const partitioned = mode === '--partitioned';
const reportPath = process.env.BENCH_REPORT;
if (!input || !output || !reportPath)
  throw new Error('usage: BENCH_REPORT=FILE node dist/bench/duckdb-copy.js INPUT.csv OUTPUT.parquet');
const started = performance.now();
const database = await DuckDbDatabase.open();
try {
  if (partitioned) {
    // The long format's period (2024Q3) split into the layout's year and quarter.
    await database.run(
      `COPY (SELECT *, CAST(substr(period, 1, 4) AS INTEGER) AS year, CAST(substr(period, 6, 1) AS INTEGER) AS quarter FROM read_csv(${quoteSqlString(input)}, all_varchar = true)) ` +
        `TO ${quoteSqlString(output)} (FORMAT parquet, PARTITION_BY (year, quarter, province), OVERWRITE_OR_IGNORE true)`,
    );
  } else {
    await database.run(
      `COPY (SELECT * FROM read_csv(${quoteSqlString(input)})) TO ${quoteSqlString(output)} (FORMAT parquet)`,
    );
  }
} finally {
  database.close();
}
writeFileSync(
  reportPath,
  JSON.stringify({
    exitCode: 0,
    seconds: (performance.now() - started) / 1000,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
