/**
 * The `provstat` command line. Errors are one sentence on stderr; exit codes: 0 done (ingest: rows
 * may have been rejected and reported; validate: everything would be accepted), 1 a failure (I/O,
 * corrupt warehouse) or, for validate, anything that would be rejected, 2 bad usage.
 * Each command's module (and with it DuckDB, Vega or the AWS SDK) is loaded only when that command
 * runs, so `--help` and `--version` answer at once.
 */
import { Command, CommanderError, Option } from 'commander';
import { parsePeriod, type Period } from '../pipelines/period.js';
import type { QueryResult } from '../pipelines/query/query-runner.js';
import { PIPELINE_VERSION } from '../pipelines/version.js';
import { CliError, usageError } from './cli-error.js';
import { checkOutputOptions, OUTPUT_FORMATS, type OutputFormat } from './result-output-formats.js';

const DEFAULT_WAREHOUSE = './warehouse';

function readPeriodOption(value: string): Period {
  const period = parsePeriod(value);
  if (!period) throw usageError(`--period "${value}" is not a quarter; write it as 2024Q3`);
  return period;
}

async function readProvinceOption(value: string): Promise<string> {
  const { findProvinceCode } = await import('../pipelines/reference/provinces.js');
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

interface ValidateCommandOptions {
  province?: string;
  period?: string;
  maxFileMb: string;
  warehouse?: string;
  json?: boolean;
}

/** A file's status in a dry run: what would be ingested is "valid". */
function dryRunStatus(status: string): string {
  return status === 'ingested' ? 'valid' : status;
}

function write(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function buildProgram(): Command {
  const program = new Command('provstat')
    .description(
      'Province border-area statistics: ingest province metric files (.csv, .xlsx) and text reports (.txt, .docx, .pdf, .html) into a Parquet warehouse and query it with DuckDB.',
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
        const [{ ingestPaths, renderIngestSummary, renderRejections, renderValueChanges }, { outputWidth }] =
          await Promise.all([import('./commands/ingest.js'), import('./output.js')]);
        const width = outputWidth();
        const outcomes = await ingestPaths(paths, {
          warehouse: options.warehouse,
          province: options.province ? await readProvinceOption(options.province) : undefined,
          period: options.period ? readPeriodOption(options.period) : undefined,
          maxBytes: readSizeOption(options.maxFileMb),
          uploadedAt: options.uploadedAt !== undefined ? readTimeOption(options.uploadedAt) : undefined,
        });
        const summaries = outcomes.flatMap((outcome) => (outcome.summary ? [outcome.summary] : []));
        write(
          options.json
            ? JSON.stringify({ warehouse: options.warehouse, files: outcomes }, null, 2)
            : renderIngestSummary(outcomes, { width }) +
                renderRejections(
                  summaries.filter((summary) => summary.status === 'ingested'),
                  20,
                  width,
                ) +
                renderValueChanges(outcomes),
        );
        if (outcomes.some((outcome) => outcome.failure))
          throw new CliError('some files could not be read; see the summary', 1);
      },
    );

  program
    .command('validate')
    .description(
      'Dry run: the same checks and report as ingest, nothing written. ' +
        'Exits 0 when every value would be accepted, 1 when any value or file would be rejected.',
    )
    .argument('<file...>', 'files (or folders) to check')
    .option('--province <iso>', 'province for files outside a province folder (code or name)')
    .option('--period <YYYYQn>', 'period for text reports outside a period folder')
    .option('--max-file-mb <n>', 'size limit of one file in MiB', '100')
    .option(
      '--warehouse <dir>',
      'also say which current values of this warehouse the files would change (nothing written)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (files: string[], options: ValidateCommandOptions) => {
      const [{ isValid, renderIngestSummary, renderRejections, renderValueChanges, validatePaths }, { outputWidth }] =
        await Promise.all([import('./commands/ingest.js'), import('./output.js')]);
      const width = outputWidth();
      const results = await validatePaths(files, {
        province: options.province ? await readProvinceOption(options.province) : undefined,
        period: options.period ? readPeriodOption(options.period) : undefined,
        maxBytes: readSizeOption(options.maxFileMb),
        warehouse: options.warehouse,
      });
      const valid = isValid(results);
      const outcomes = results.map(({ summary, changes }) => ({ path: summary.key, summary, failure: null, changes }));
      const reports = results.map(({ summary, changes }) => ({
        ...summary,
        status: dryRunStatus(summary.status),
        changes,
      }));
      const readable = results.map(({ summary }) => summary).filter((summary) => summary.status === 'ingested');
      write(
        options.json
          ? JSON.stringify({ status: 'validated', valid, files: reports }, null, 2)
          : renderIngestSummary(outcomes, { dryRun: true, width }) +
              renderRejections(readable, undefined, width) +
              renderValueChanges(outcomes),
      );
      if (!valid) throw new CliError('some values or files would be rejected (see the report)', 1);
    });

  program
    .command('query')
    .description(
      'Run a query from queries/ (by name) or a .sql file on the local warehouse, or on Athena with --engine athena.',
    )
    .argument('<name-or-file>', 'query name (e.g. cadre_by_province; see "provstat queries") or path to a .sql file')
    .option(
      '--param <name=value>',
      'query parameter, repeatable (e.g. --param period=2024Q3 or "period=Quý 3/2024")',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--warehouse <dir>', 'warehouse folder (DuckDB engine)', DEFAULT_WAREHOUSE)
    .addOption(new Option('--engine <engine>', 'where the query runs').choices(['duckdb', 'athena']).default('duckdb'))
    .option('--workgroup <name>', 'Athena workgroup (default: $ATHENA_WORKGROUP)')
    .option('--database <name>', 'Glue database of the warehouse (default: $GLUE_DATABASE)')
    .option('--region <region>', 'AWS region of Athena (default: from the AWS environment)')
    .action(async (nameOrFile: string, options: QueryOptions) => {
      checkOutputOptions(options);
      const { queryTitle, runQueryCommand } = await import('./commands/query.js');
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
      await writeResultAs(result, options, queryTitle(query, options.param), query.name);
    });
  addResultOptions(program.commands.at(-1)!);

  program
    .command('queries')
    .description('List the queries of queries/ with their purpose and typed parameters.')
    .option('--json', 'print them as JSON')
    .action(async (options: { json?: boolean }) => {
      const { formatQueriesJson, formatQueriesTable, listQueries } = await import('./commands/queries.js');
      const queries = listQueries();
      process.stdout.write(options.json ? formatQueriesJson(queries) : formatQueriesTable(queries));
    });

  program
    .command('sql')
    .description(
      'Run one read-only SQL statement over the warehouse views ' +
        '(facts, metrics, rejections, provinces, metric_catalog).',
    )
    .argument('<statement>', 'a SELECT statement, e.g. "SELECT province, COUNT(*) FROM facts GROUP BY 1"')
    .option('--warehouse <dir>', 'warehouse folder', DEFAULT_WAREHOUSE)
    .action(async (statement: string, options: { warehouse: string } & ResultOptions) => {
      checkOutputOptions(options);
      const { WarehouseSession } = await import('./warehouse-session.js');
      const session = await WarehouseSession.open(options.warehouse);
      try {
        await writeResultAs(await session.run(statement.trim().replace(/;\s*$/, '')), options, undefined, 'sql');
      } finally {
        session.close();
      }
    });
  addResultOptions(program.commands.at(-1)!);

  program
    .command('shell')
    .description(
      'An interactive SQL prompt over the warehouse views: statements end with ";", ' +
        '.help lists the commands; history in ~/.provstat_history.',
    )
    .option('--warehouse <dir>', 'warehouse folder', DEFAULT_WAREHOUSE)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .action(async (options: { warehouse: string; format: OutputFormat }) => {
      const { runShell } = await import('./commands/shell.js');
      const failures = await runShell({ warehouse: options.warehouse, format: options.format });
      if (failures > 0 && !process.stdin.isTTY) {
        throw new CliError(`${failures} ${failures === 1 ? 'statement' : 'statements'} failed`, 1);
      }
    });

  program
    .command('pull')
    .description(
      'Mirror the warehouse bucket into a local warehouse folder: only new or changed files move; ' +
        'files gone upstream are removed.',
    )
    .argument('<s3-url>', 's3://BUCKET or s3://BUCKET/PREFIX of the warehouse')
    .option('--warehouse <dir>', 'local warehouse folder', DEFAULT_WAREHOUSE)
    .option('--dry-run', 'list what would move, change nothing')
    .option('--json', 'print the summary as JSON')
    .option('--region <region>', 'AWS region of the bucket (default: from the AWS environment)')
    .action(async (url: string, options: { warehouse: string; dryRun?: boolean; json?: boolean; region?: string }) => {
      const { formatPullJson, pullWarehouse, renderPullSummary } = await import('./commands/pull.js');
      const { warehouse, dryRun = false, region } = options;
      const result = await pullWarehouse(url, { warehouse, dryRun, region });
      write(options.json ? formatPullJson(result, warehouse, dryRun) : renderPullSummary(result, warehouse, dryRun));
    });

  program
    .command('doctor')
    .description(
      'Check the local warehouse for files no manifest lists, pieces of killed runs, manifests that are ' +
        'broken or list missing files, and a query cache behind the warehouse. ' +
        'Exits 0 when healthy, 1 when problems remain. Pieces younger than an hour may belong to a run ' +
        'writing now: they are reported, never removed.',
    )
    .option('--warehouse <dir>', 'warehouse folder', DEFAULT_WAREHOUSE)
    .option(
      '--fix',
      'remove abandoned files and pieces and drop a drifted query cache (manifests and the files they list are never removed)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (options: { warehouse: string; fix?: boolean; json?: boolean }) => {
      const { formatDoctorJson, renderDoctorReport, runDoctor } = await import('./commands/doctor.js');
      const report = await runDoctor({ warehouse: options.warehouse, fix: options.fix === true });
      process.stdout.write(options.json ? formatDoctorJson(report) : renderDoctorReport(report));
      if (!report.healthy) throw new CliError('the warehouse has problems (see the report)', 1);
    });

  program
    .command('extract')
    .description('Print the facts found in a text report, with the sentence and offsets behind each number.')
    .argument('<file>', 'a text report (.txt, .docx, .pdf with a text layer, .html)')
    .option('--json', 'print { facts: [...] } as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const [{ extractFile, formatExtractionJson, formatExtractionTable }, { outputWidth }] = await Promise.all([
        import('./commands/extract.js'),
        import('./output.js'),
      ]);
      const { text, facts } = await extractFile(file);
      process.stdout.write(
        options.json
          ? formatExtractionJson(facts)
          : formatExtractionTable(text, facts, Boolean(process.stdout.isTTY), outputWidth()),
      );
    });

  program
    .command('rollup')
    .description('Write the national rollup for a quarter: index.html (tables and charts), rollup.csv and rollup.json.')
    .requiredOption('--period <YYYYQn>', 'the quarter to report, e.g. 2025Q2')
    .option('--out <dir>', 'folder for the report (default: reports/<period>)')
    .option('--warehouse <dir>', 'warehouse folder', DEFAULT_WAREHOUSE)
    .option('--deadline-days <n>', 'reports are due this many days after the quarter ends (default: 10)')
    .option('--z-threshold <n>', "standard deviations from a province's own history that make an outlier (default: 3)")
    .action(async (options: RollupOptions) => {
      const [{ renderRollupSummary, writeRollup }, { DEFAULT_DEADLINE_DAYS, DEFAULT_Z_THRESHOLD }] = await Promise.all([
        import('./commands/rollup.js'),
        import('../pipelines/rollup/collect-rollup.js'),
      ]);
      options.deadlineDays ??= String(DEFAULT_DEADLINE_DAYS);
      options.zThreshold ??= String(DEFAULT_Z_THRESHOLD);
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
    });

  return program;
}

interface ResultOptions {
  readonly format: OutputFormat;
  readonly bom?: boolean;
  readonly out?: string;
}

interface RollupOptions {
  readonly period: string;
  readonly out?: string;
  readonly warehouse: string;
  deadlineDays?: string;
  zThreshold?: string;
}

interface QueryOptions extends ResultOptions {
  readonly param: string[];
  readonly warehouse: string;
  readonly engine: 'duckdb' | 'athena';
  readonly workgroup?: string;
  readonly database?: string;
  readonly region?: string;
}

/** The output options of commands that print a result. */
function addResultOptions(command: Command): void {
  command
    .addOption(
      new Option('--format <format>', 'output format (xlsx: an Excel workbook)')
        .choices([...OUTPUT_FORMATS])
        .default('table'),
    )
    .option('--bom', 'start CSV with a UTF-8 byte order mark, so Excel reads Vietnamese correctly')
    .option('--out <file>', 'write the result to this file instead of stdout');
}

async function writeResultAs(
  result: QueryResult,
  options: ResultOptions,
  title: string | undefined,
  sheetName: string,
): Promise<void> {
  const { writeResult } = await import('./result-output.js');
  await writeResult(result, { format: options.format, bom: options.bom, out: options.out, title, sheetName });
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
