/**
 * The `provstat` command line. Errors are one sentence on stderr; exit codes: 0 done (rows may
 * have been rejected and reported), 1 a failure (I/O, corrupt warehouse), 2 bad usage.
 */
import { Command, CommanderError, Option } from 'commander';
import { findProvinceCode } from '../pipelines/reference/provinces.js';
import { parsePeriod, type Period } from '../pipelines/period.js';
import { DEFAULT_DEADLINE_DAYS, DEFAULT_Z_THRESHOLD } from '../pipelines/rollup/collect-rollup.js';
import { PIPELINE_VERSION } from '../pipelines/version.js';
import { CliError, usageError } from './cli-error.js';
import { extractFile, formatExtractionJson, formatExtractionTable } from './commands/extract.js';
import { ingestPaths, renderIngestSummary, renderRejections, validatePaths } from './commands/ingest.js';
import { renderRollupSummary, writeRollup } from './commands/rollup.js';
import { formatQueryResult, runQueryCommand, type OutputFormat } from './commands/query.js';

const DEFAULT_WAREHOUSE = './warehouse';

function readPeriodOption(value: string): Period {
  const period = parsePeriod(value);
  if (!period) throw usageError(`--period "${value}" is not a quarter; write it as 2024Q3`);
  return period;
}

function readProvinceOption(value: string): string {
  const code = findProvinceCode(value);
  if (!code) throw usageError(`--province "${value}" is not a province code (VN-22) or name (Nghệ An)`);
  return code;
}

function readTimeOption(value: string): Date {
  const time = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(value)
    ? new Date(value)
    : null;
  if (!time || Number.isNaN(time.getTime()))
    throw usageError(`--uploaded-at "${value}" is not a time; write it as 2024-10-05T08:00:00Z`);
  return time;
}

function readSizeOption(value: string): number {
  const megabytes = Number(value);
  if (!Number.isFinite(megabytes) || megabytes <= 0)
    throw usageError(`--max-file-mb takes a positive number, not "${value}"`);
  return Math.floor(megabytes * 1024 * 1024);
}

function write(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function buildProgram(): Command {
  const program = new Command('provstat')
    .description(
      'Province border-area statistics: ingest province CSVs and text reports into a Parquet warehouse and query it with DuckDB.',
    )
    .version(PIPELINE_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('ingest')
    .description(
      'Ingest files or landing folders (incoming/<ISO>/<period>/<file>) into the warehouse; prints a per-file summary.',
    )
    .argument('<path...>', 'files or folders to ingest')
    .option('--warehouse <dir>', 'warehouse folder', DEFAULT_WAREHOUSE)
    .option('--province <iso>', 'province for files outside a province folder (code or name)')
    .option('--period <YYYYQn>', 'period for text reports outside a period folder')
    .option('--max-file-mb <n>', 'size limit of one file in MiB (larger files are rejected whole)', '100')
    .option(
      '--uploaded-at <time>',
      "when the files were uploaded, e.g. 2024-10-05T08:00:00Z (default: each file's modification time); the latest upload's value is current",
    )
    .option('--json', 'print the summary as JSON')
    .action(
      async (
        paths: string[],
        options: {
          warehouse: string;
          province?: string;
          period?: string;
          maxFileMb: string;
          uploadedAt?: string;
          json?: boolean;
        },
      ) => {
        const outcomes = await ingestPaths(paths, {
          warehouse: options.warehouse,
          province: options.province ? readProvinceOption(options.province) : undefined,
          period: options.period ? readPeriodOption(options.period) : undefined,
          maxBytes: readSizeOption(options.maxFileMb),
          uploadedAt: options.uploadedAt !== undefined ? readTimeOption(options.uploadedAt) : undefined,
        });
        const summaries = outcomes.flatMap((outcome) => (outcome.summary ? [outcome.summary] : []));
        write(
          options.json
            ? JSON.stringify({ warehouse: options.warehouse, files: outcomes }, null, 2)
            : `${renderIngestSummary(outcomes)}${renderRejections(
                summaries.filter((summary) => summary.status === 'ingested'),
                20,
              )}`,
        );
        if (outcomes.some((outcome) => outcome.failure))
          throw new CliError('some files could not be read; see the summary', 1);
      },
    );

  program
    .command('validate')
    .description('Dry run: the same checks and report as ingest, nothing written.')
    .argument('<file...>', 'files (or folders) to check')
    .option('--province <iso>', 'province for files outside a province folder (code or name)')
    .option('--period <YYYYQn>', 'period for text reports outside a period folder')
    .option('--max-file-mb <n>', 'size limit of one file in MiB', '100')
    .option('--json', 'print the report as JSON')
    .action(
      async (files: string[], options: { province?: string; period?: string; maxFileMb: string; json?: boolean }) => {
        const results = await validatePaths(files, {
          province: options.province ? readProvinceOption(options.province) : undefined,
          period: options.period ? readPeriodOption(options.period) : undefined,
          maxBytes: readSizeOption(options.maxFileMb),
        });
        write(
          options.json
            ? JSON.stringify({ files: results }, null, 2)
            : `${renderIngestSummary(
                results.map((summary) => ({ path: summary.key, summary, failure: null })),
                { dryRun: true },
              )}${renderRejections(results.filter((summary) => summary.status === 'ingested'))}`,
        );
      },
    );

  program
    .command('query')
    .description(
      'Run a query from queries/ (by name) or a .sql file on the local warehouse, or on Athena with --engine athena.',
    )
    .argument('<name-or-file>', 'query name (e.g. cadre_by_province) or path to a .sql file')
    .option(
      '--param <name=value>',
      'query parameter, repeatable (e.g. --param period=2024Q3)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--warehouse <dir>', 'warehouse folder (DuckDB engine)', DEFAULT_WAREHOUSE)
    .addOption(new Option('--engine <engine>', 'where the query runs').choices(['duckdb', 'athena']).default('duckdb'))
    .option('--workgroup <name>', 'Athena workgroup (default: $ATHENA_WORKGROUP)')
    .option('--database <name>', 'Glue database of the warehouse (default: $GLUE_DATABASE)')
    .option('--region <region>', 'AWS region of Athena (default: from the AWS environment)')
    .action(
      async (
        nameOrFile: string,
        options: {
          param: string[];
          format: OutputFormat;
          warehouse: string;
          engine: 'duckdb' | 'athena';
          workgroup?: string;
          database?: string;
          region?: string;
        },
      ) => {
        const engine =
          options.engine === 'athena'
            ? {
                engine: 'athena' as const,
                workGroup: options.workgroup,
                database: options.database,
                region: options.region,
              }
            : { engine: 'duckdb' as const };
        const { query, result } = await runQueryCommand(nameOrFile, options.param, options.warehouse, engine);
        process.stdout.write(formatQueryResult(result, options.format, { query, params: options.param }));
      },
    );

  program
    .command('extract')
    .description('Print the facts found in a text report, with the sentence and offsets behind each number.')
    .argument('<file>', 'a text report (.txt)')
    .option('--json', 'print { facts: [...] } as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const { text, facts } = await extractFile(file);
      process.stdout.write(
        options.json ? formatExtractionJson(facts) : formatExtractionTable(text, facts, Boolean(process.stdout.isTTY)),
      );
    });

  program
    .command('rollup')
    .description('Write the national rollup for a quarter: index.html (tables and charts), rollup.csv and rollup.json.')
    .requiredOption('--period <YYYYQn>', 'the quarter to report, e.g. 2025Q2')
    .option('--out <dir>', 'folder for the report (default: reports/<period>)')
    .option('--warehouse <dir>', 'warehouse folder', DEFAULT_WAREHOUSE)
    .option(
      '--deadline-days <n>',
      'reports are due this many days after the quarter ends',
      String(DEFAULT_DEADLINE_DAYS),
    )
    .option(
      '--z-threshold <n>',
      "standard deviations from a province's own history that make an outlier",
      String(DEFAULT_Z_THRESHOLD),
    )
    .action(
      async (options: {
        period: string;
        out?: string;
        warehouse: string;
        deadlineDays: string;
        zThreshold: string;
      }) => {
        const deadlineDays = Number(options.deadlineDays);
        if (!Number.isInteger(deadlineDays) || deadlineDays < 0)
          throw usageError(`--deadline-days takes a whole number of days, not "${options.deadlineDays}"`);
        const zThreshold = Number(options.zThreshold);
        if (!Number.isFinite(zThreshold) || zThreshold <= 0)
          throw usageError(`--z-threshold takes a positive number, not "${options.zThreshold}"`);
        const result = await writeRollup({
          period: readPeriodOption(options.period),
          out: options.out,
          warehouse: options.warehouse,
          deadlineDays,
          zThreshold,
        });
        write(renderRollupSummary(result));
      },
    );

  return program;
}

async function main(): Promise<number> {
  try {
    await buildProgram().parseAsync(process.argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help).
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
        ? 0
        : 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`provstat: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`provstat: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.PROVSTAT_DEBUG) console.error(error);
    return 1;
  }
}

process.exitCode = await main();
