/** `provstat rollup --period YYYYQn`: the national rollup report (HTML with charts, CSV, JSON) into a folder. */
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { formatPeriod, type Period } from '../../pipelines/period.js';
import { LocalQueryRunner } from '../../adapters/duckdb/local-query-runner.js';
import { LocalWarehouseStorage } from '../../adapters/local/local-storage.js';
import { readQueryLibrary } from '../../pipelines/query/query-library.js';
import type { RollupData } from '../../pipelines/rollup/collect-rollup.js';
import { buildRollup } from '../../pipelines/rollup/rollup-files.js';
import { CliError } from '../cli-error.js';
import { localViewOptions } from '../local-warehouse.js';

export interface RollupCommandOptions {
  readonly period: Period;
  readonly warehouse: string;
  /** Default: reports/<period> in the current folder. */
  readonly out?: string | undefined;
  readonly deadlineDays: number;
  readonly zThreshold: number;
  readonly now?: Date;
}

export interface RollupCommandResult {
  readonly folder: string;
  readonly files: readonly string[];
  readonly data: RollupData;
}

/** Builds the rollup from the local warehouse and writes index.html, rollup.csv and rollup.json. */
export async function writeRollup(options: RollupCommandOptions): Promise<RollupCommandResult> {
  if (!existsSync(options.warehouse))
    throw new CliError(
      `there is no warehouse at ${options.warehouse}: run "provstat ingest" first, or give --warehouse`,
      1,
    );
  const folder = resolve(options.out ?? join('reports', formatPeriod(options.period)));
  const library = readQueryLibrary();
  const runner = await LocalQueryRunner.open(
    new LocalWarehouseStorage(options.warehouse),
    localViewOptions(options.warehouse),
  ).catch((error: unknown) => {
    throw new CliError(`cannot open the warehouse ${options.warehouse}: ${messageOf(error)}`, 1, { cause: error });
  });
  let built: Awaited<ReturnType<typeof buildRollup>>;
  try {
    built = await buildRollup(runner, library, {
      period: options.period,
      deadlineDays: options.deadlineDays,
      zThreshold: options.zThreshold,
      generatedAt: options.now ?? new Date(),
      onQuery: (name, index, count) => {
        if (process.stderr.isTTY) process.stderr.write(`\rrunning ${name} (${index + 1}/${count})…\x1b[K`);
      },
    });
  } catch (error) {
    throw new CliError(`the rollup for ${formatPeriod(options.period)} failed: ${messageOf(error)}`, 1, {
      cause: error,
    });
  } finally {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    await runner.close();
  }
  try {
    await mkdir(folder, { recursive: true });
    for (const file of built.files) {
      // Each file appears complete or not at all.
      const target = join(folder, file.name);
      await writeFile(`${target}.partial`, file.body, 'utf8');
      await rename(`${target}.partial`, target);
    }
  } catch (error) {
    throw new CliError(`cannot write the rollup to ${folder}: ${messageOf(error)}`, 1, { cause: error });
  }
  return { folder, files: built.files.map((file) => join(folder, file.name)), data: built.data };
}

/** What the command prints: where the report is and the headline figures. */
export function renderRollupSummary(result: RollupCommandResult): string {
  const { data } = result;
  const expected = data.completeness.filter((row) => row.expected === true);
  const countStatus = (status: string): number => expected.filter((row) => row.status === status).length;
  const late = data.completeness.filter((row) => row.late === true).length;
  return [
    `National rollup ${data.period}: ${expected.length} units expected; ${countStatus('csv')} sent a CSV, ${countStatus('text_only')} text only, ` +
      `${countStatus('rejected_only')} only rejected files, ${countStatus('missing')} nothing; ${late} late (deadline ${data.deadlineDays} days after the quarter).`,
    `${data.outliers.length} outliers, ${data.conflicts.length} text/CSV conflicts, ${data.rejections.reduce((total, row) => total + (typeof row.rejected_rows === 'number' ? row.rejected_rows : 0), 0)} rejected records.`,
    ...result.files.map((file) => `wrote ${file}`),
    '',
  ].join('\n');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? String(error)) : String(error);
}
