/**
 * The national rollup for a quarter as the three files the CLI writes to a folder and the rollup
 * Lambda writes to the reports bucket: index.html, rollup.csv, rollup.json.
 */
import type { QueryLibrary } from '../query/query-library.js';
import type { QueryRunner } from '../query/query-runner.js';
import { collectRollup, type RollupData, type RollupOptions } from './collect-rollup.js';
import { renderRollupCharts } from './rollup-charts.js';
import { buildRollupTables } from './rollup-tables.js';
import { renderRollupCsv, renderRollupJson } from './render-rollup-data.js';
import { renderRollupHtml } from './render-rollup-html.js';

export interface RollupFile {
  readonly name: 'index.html' | 'rollup.csv' | 'rollup.json';
  readonly contentType: string;
  readonly body: string;
}

/** Renders already collected rollup data. */
export async function renderRollupFiles(data: RollupData): Promise<RollupFile[]> {
  const tables = buildRollupTables(data);
  const charts = await renderRollupCharts(data);
  return [
    { name: 'index.html', contentType: 'text/html; charset=utf-8', body: renderRollupHtml(data, tables, charts) },
    { name: 'rollup.csv', contentType: 'text/csv; charset=utf-8', body: renderRollupCsv(tables) },
    {
      name: 'rollup.json',
      contentType: 'application/json; charset=utf-8',
      body: renderRollupJson(data, tables, charts),
    },
  ];
}

/** Runs the queries through `runner` and renders the report. */
export async function buildRollup(
  runner: QueryRunner,
  library: QueryLibrary,
  options: RollupOptions,
): Promise<{ data: RollupData; files: RollupFile[] }> {
  const data = await collectRollup(runner, library, options);
  return { data, files: await renderRollupFiles(data) };
}
