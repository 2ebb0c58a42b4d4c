/**
 * Cold start of the ingest Lambda bundle in a fresh process: imports `index.mjs` (what Lambda
 * does on init) and opens the first DuckDB connection through the native binding packaged beside
 * it (what the first message does), then writes the time taken and the peak memory as JSON to the
 * file named by BENCH_REPORT. Node's own start-up is not counted.
 *
 * usage: node bench/cold-start.mjs BUNDLE_FOLDER
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const folder = process.argv[2];
const reportPath = process.env.BENCH_REPORT;
if (!folder || !reportPath) throw new Error('usage: BENCH_REPORT=FILE node bench/cold-start.mjs BUNDLE_FOLDER');
const entry = join(resolve(folder), 'index.mjs');
const started = performance.now();
const module = await import(pathToFileURL(entry).href);
if (typeof module.handler !== 'function') throw new Error(`${entry} exports no handler`);
const imported = performance.now();
const duckdb = createRequire(entry)('@duckdb/node-bindings');
const database = await duckdb.open(':memory:');
const connection = await duckdb.connect(database);
const result = await duckdb.query(connection, 'SELECT 42 AS answer');
if (!result) throw new Error('the first DuckDB query returned nothing');
const connected = performance.now();
writeFileSync(
  reportPath,
  JSON.stringify({
    exitCode: 0,
    seconds: (connected - started) / 1000,
    importSeconds: (imported - started) / 1000,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
