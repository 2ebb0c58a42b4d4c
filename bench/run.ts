/**
 * `npm run bench`: generates its own data (deterministic, under bench/out/), runs every case
 * several times, prints medians, ratios to DuckDB alone and the targets, and writes
 * bench/results.json. Figures only: nothing here asserts a timing.
 *
 * usage: npx tsx bench/run.ts [--runs 3] [--quick] [--only bulk,backfill]   (--quick: small data, to try the script)
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { extractFacts } from '../pipelines/extract/extract-facts.js';
import { ingestSource } from '../pipelines/ingest/ingest-source.js';
import { DuckDbDatabase, quoteSqlString } from '../adapters/duckdb/duckdb-database.js';
import { LocalQueryRunner } from '../adapters/duckdb/local-query-runner.js';
import { ParquetSourceWriter } from '../adapters/duckdb/parquet-source-writer.js';
import { ensureReferenceTables } from '../adapters/duckdb/reference-tables.js';
import { LocalWarehouseStorage } from '../adapters/local/local-storage.js';
import { DEFAULT_MAX_BYTES } from '../pipelines/ingest/limits.js';
import type { QueryFile } from '../pipelines/query/query-file.js';
import { readQueryLibrary } from '../pipelines/query/query-library.js';
import { PIPELINE_VERSION } from '../pipelines/version.js';
import { METRICS_KEY, PROVINCES_KEY } from '../pipelines/warehouse/layout.js';
import { CURRENT_VALUE_ORDER, REPORT_VALUE_FILTER, VIEW_COLUMNS } from '../pipelines/warehouse/views.js';
import { loadProvinceUnits } from '../pipelines/reference/provinces.js';
import { ingestPaths } from '../cli/commands/ingest.js';
import { INGEST_STAGES, stageTotals, timeStageAsync, type IngestStage } from '../pipelines/ingest/stages.js';
import { readLocalSource } from '../cli/local-sources.js';
import {
  buildExtractionCorpus,
  loadSampleReports,
  quarterCsv,
  seededRandom,
  variedReport,
  writeBackfillTree,
  writeBulkCsv,
} from './data.js';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(PROJECT_ROOT, 'bench', 'out');
const quick = process.argv.includes('--quick');
const runs = Number(readOption('--runs') ?? 3);
/** `--only bulk,backfill`: just these cases (extraction, single, bulk, backfill, queries, lambda). */
const only = readOption('--only')?.split(',');
const selected = (name: string): boolean => only === undefined || only.includes(name);
const NOW = new Date();

interface Figure {
  readonly case: string;
  readonly measure: string;
  readonly value: number | null;
  readonly unit: string;
  readonly target?: string;
  readonly met?: boolean | null;
  readonly note?: string;
}
const figures: Figure[] = [];
const record = (figure: Figure): void => {
  figures.push(figure);
  const value = figure.value === null ? 'not measured' : `${formatNumber(figure.value)} ${figure.unit}`;
  const verdict =
    figure.met === undefined || figure.met === null ? '' : figure.met ? '  [target met]' : '  [target missed]';
  console.log(
    `  ${figure.measure.padEnd(44)} ${value.padStart(18)}${figure.target ? `   target ${figure.target}` : ''}${verdict}${figure.note ? `\n      ${figure.note}` : ''}`,
  );
};

await mkdir(OUT, { recursive: true });
const reports = await loadSampleReports(PROJECT_ROOT);
if (['single', 'bulk', 'backfill', 'queries'].some(selected)) buildCompiled();
console.log(`provstat benchmarks, ${runs} runs per case${quick ? ' (quick data)' : ''}; ${machine()}\n`);

if (selected('extraction')) await benchExtraction();
if (selected('single')) await benchSingleFile();
if (selected('bulk')) await benchBulk();
if (selected('backfill') || selected('queries')) {
  const backfillWarehouse = await benchBackfill();
  if (selected('queries')) await benchQueries(backfillWarehouse);
}
if (selected('lambda')) await benchLambdaPackage();

const results = {
  generated_at: new Date().toISOString(),
  command: `npm run bench${quick ? ' -- --quick' : ''}`,
  runs,
  quick,
  machine: machine(),
  node: process.version,
  figures,
};
if (!quick && only === undefined)
  await writeFile(join(PROJECT_ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
await writeFile(join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwritten to ${quick || only ? 'bench/out/results.json' : 'bench/results.json'}`);

async function benchExtraction(): Promise<void> {
  console.log('Extraction (the text extractor alone, one core)');
  const corpus = buildExtractionCorpus(reports, (quick ? 1 : 4) * 1024 * 1024);
  const bytes = corpus.reduce((sum, report) => sum + Buffer.byteLength(report), 0);
  for (const report of corpus.slice(0, 20)) extractFacts(report);
  const seconds = await repeat(Math.max(runs, 5), () => {
    for (const report of corpus) extractFacts(report);
  });
  const megabytesPerSecond = bytes / 1024 / 1024 / median(seconds);
  record({
    case: 'extraction',
    measure: `throughput (${(bytes / 1024 / 1024).toFixed(1)} MB, ${corpus.length} reports)`,
    value: megabytesPerSecond,
    unit: 'MB/s',
    target: '>= 5 MB/s',
    met: megabytesPerSecond >= 5,
  });
  record({
    case: 'extraction',
    measure: 'reports per second',
    value: corpus.length / median(seconds),
    unit: 'reports/s',
  });
}

async function benchSingleFile(): Promise<void> {
  console.log('\nSingle file (warm, in process: read, check, write Parquet and manifest)');
  const folder = join(OUT, 'single');
  await rm(folder, { recursive: true, force: true });
  // As the CLI composes it: scratch folders reused from one source to the next.
  const storage = new LocalWarehouseStorage(join(folder, 'warehouse'), { reuseScratch: true });
  const database = await DuckDbDatabase.open();
  let stages = stageTotals();
  const writer = new ParquetSourceWriter({
    storage,
    database,
    localRoot: storage.root,
    onStage: (stage, milliseconds) => stages.observe(stage, milliseconds),
  });
  const unit = loadProvinceUnits().find((candidate) => candidate.code === 'VN-22')!;
  const random = seededRandom(3);
  try {
    await ensureReferenceTables(storage, database);
    const samples = 20 + runs * 5;
    for (const kind of ['csv', 'text'] as const) {
      const latencies: number[] = [];
      const perStage: Record<IngestStage, number>[] = [];
      for (let index = 0; index < samples; index++) {
        const year = 2000 + Math.floor(index / 4) + 10;
        const period = { year, quarter: ((index % 4) + 1) as 1 | 2 | 3 | 4 };
        const landing = join(folder, 'incoming', unit.code, `${period.year}Q${period.quarter}`);
        await mkdir(landing, { recursive: true });
        const path = join(landing, kind === 'csv' ? 'bao-cao.csv' : 'bao-cao.txt');
        await writeFile(
          path,
          kind === 'csv'
            ? quarterCsv(unit, period, 50, random)
            : variedReport(reports, index, 10 * 1024, `Báo cáo ${index}`),
        );
        stages = stageTotals();
        const started = performance.now();
        const input = await timeStageAsync(stages.observe, 'read', () => readLocalSource(path, DEFAULT_MAX_BYTES));
        const summary = await ingestSource(input, {
          storage,
          writer,
          now: NOW,
          maxBytes: DEFAULT_MAX_BYTES,
          pipelineVersion: PIPELINE_VERSION,
          onStage: stages.observe,
        });
        latencies.push(performance.now() - started);
        perStage.push({ ...stages.totals });
        if (summary.status !== 'ingested')
          throw new Error(`the single-file ${kind} was not ingested: ${summary.reason ?? summary.status}`);
      }
      const warm = median(latencies.slice(5));
      record({
        case: 'single-file',
        measure: `${kind === 'csv' ? '50-row CSV' : '10 KB text report'} warm latency (median of ${samples - 5})`,
        value: warm,
        unit: 'ms',
        target: '< 10 ms',
        met: warm < 10,
      });
      for (const stage of INGEST_STAGES.filter((name) => name !== 'report')) {
        record({
          case: 'single-file',
          measure: `${kind}: stage ${stage}`,
          value: median(perStage.slice(5).map((totals) => totals[stage])),
          unit: 'ms',
        });
      }
    }
  } finally {
    database.close();
  }
}

async function benchBulk(): Promise<void> {
  const rows = quick ? 100_000 : 1_000_000;
  console.log(`\nBulk CSV (\`provstat ingest\` in a fresh process against DuckDB alone on the same file)`);
  const path = join(OUT, 'bulk.csv');
  const { distinctKeys, bytes } = await writeBulkCsv(path, rows, NOW);
  const validPath = join(OUT, 'bulk-valid.csv');
  await writeBulkCsv(validPath, Math.min(rows, distinctKeys), NOW);
  console.log(
    `  ${rows.toLocaleString('en')} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB; the contract allows one value per province, period and metric in a file,` +
      ` and only ${distinctKeys.toLocaleString('en')} such keys exist up to ${NOW.getUTCFullYear()}: rows past them repeat a key and are rejected as duplicates.` +
      ` bulk-valid.csv holds every key once (all rows accepted).`,
  );
  for (const [name, file, count] of [
    ['bulk 1M', path, rows],
    ['bulk valid', validPath, Math.min(rows, distinctKeys)],
  ] as const) {
    const ingest: Measurement[] = [];
    const inJavaScript: Measurement[] = [];
    const duck: Measurement[] = [];
    const duckPartitioned: Measurement[] = [];
    for (let run = 0; run < runs; run++) {
      const warehouse = join(OUT, 'bulk-warehouse');
      await rm(warehouse, { recursive: true, force: true });
      ingest.push(await measureChild(['bench/measure-ingest.ts', warehouse, file]));
      await rm(warehouse, { recursive: true, force: true });
      inJavaScript.push(await measureChild(['bench/measure-ingest.ts', '--rows-in-javascript', warehouse, file]));
      await rm(warehouse, { recursive: true, force: true });
      duck.push(await measureChild(['bench/duckdb-copy.ts', file, join(OUT, 'bulk-duckdb.parquet')]));
      await rm(join(OUT, 'bulk-duckdb-partitioned'), { recursive: true, force: true });
      duckPartitioned.push(
        await measureChild(['bench/duckdb-copy.ts', file, join(OUT, 'bulk-duckdb-partitioned'), '--partitioned']),
      );
    }
    const seconds = median(ingest.map((run) => run.seconds));
    const duckSeconds = median(duck.map((run) => run.seconds));
    const rss = Math.max(...ingest.map((run) => run.maxRssBytes)) / 1024 / 1024;
    record({ case: name, measure: `${name}: provstat ingest`, value: seconds, unit: 's' });
    record({ case: name, measure: `${name}: rows per second`, value: count / seconds, unit: 'rows/s' });
    record({ case: name, measure: `${name}: DuckDB alone (read_csv -> Parquet)`, value: duckSeconds, unit: 's' });
    record({
      case: name,
      measure: `${name}: ratio to DuckDB alone`,
      value: seconds / duckSeconds,
      unit: 'x',
      target: '<= 3x',
      met: seconds / duckSeconds <= 3,
    });
    record({
      case: name,
      measure: `${name}: peak RSS of provstat ingest`,
      value: rss,
      unit: 'MB',
      target: '<= 512 MB',
      met: rss <= 512,
    });
    record({
      case: name,
      measure: `${name}: peak RSS of DuckDB alone`,
      value: Math.max(...duck.map((run) => run.maxRssBytes)) / 1024 / 1024,
      unit: 'MB',
    });
    recordStages(name, ingest);
    const javaScriptSeconds = median(inJavaScript.map((run) => run.seconds));
    record({
      case: name,
      measure: `${name}: provstat ingest, rows checked in JavaScript`,
      value: javaScriptSeconds,
      unit: 's',
      note: `peak RSS ${(Math.max(...inJavaScript.map((run) => run.maxRssBytes)) / 1024 / 1024).toFixed(0)} MB; the engine's check makes ingest ${(javaScriptSeconds / seconds).toFixed(1)}x faster`,
    });
    recordStages(`${name} (rows in JavaScript)`, inJavaScript);
    const partitionedSeconds = median(duckPartitioned.map((run) => run.seconds));
    record({
      case: name,
      measure: `${name}: DuckDB alone into the Hive partitions`,
      value: partitionedSeconds,
      unit: 's',
      note: `the same rows, unchecked, one file per year, quarter and province as the warehouse has them; provstat ingest is ${(seconds / partitionedSeconds).toFixed(1)}x this`,
    });
  }
}

async function benchBackfill(): Promise<string> {
  console.log('\nBackfill (ten years for every pre-2025 province: `provstat ingest` of the landing tree)');
  const root = join(OUT, 'backfill', 'incoming');
  await rm(join(OUT, 'backfill'), { recursive: true, force: true });
  const tree = await writeBackfillTree(root, reports, {
    csvRows: 50,
    reportsPerQuarter: 3,
    reportBytes: 10 * 1024,
    ...(quick ? { provinces: 4 } : {}),
  });
  console.log(
    `  ${tree.files} files (${tree.provinces} provinces x ${tree.quarters} quarters x (1 CSV + 3 reports)), ${(tree.bytes / 1024 / 1024).toFixed(0)} MB`,
  );
  const warehouse = join(OUT, 'backfill-warehouse');
  // Alternating with every source written on its own, the way ingest wrote them before groups.
  const measurements: Measurement[] = [];
  const alone: Measurement[] = [];
  for (let run = 0; run < Math.min(runs, 2); run++) {
    await rm(warehouse, { recursive: true, force: true });
    alone.push(await measureChild(['bench/measure-ingest.ts', '--alone', warehouse, root]));
    await rm(warehouse, { recursive: true, force: true });
    measurements.push(await measureChild(['bench/measure-ingest.ts', warehouse, root]));
  }
  const seconds = median(measurements.map((run) => run.seconds));
  record({
    case: 'backfill',
    measure: `full ingest of ${tree.files} files (median of ${measurements.length})`,
    value: seconds,
    unit: 's',
    target: '< 20 s',
    met: seconds < 20,
  });
  record({ case: 'backfill', measure: 'files per second', value: tree.files / seconds, unit: 'files/s' });
  record({
    case: 'backfill',
    measure: 'peak RSS',
    value: Math.max(...measurements.map((run) => run.maxRssBytes)) / 1024 / 1024,
    unit: 'MB',
  });
  recordStages('backfill', measurements);
  record({
    case: 'backfill alone',
    measure: 'the same, each source written on its own',
    value: median(alone.map((run) => run.seconds)),
    unit: 's',
  });
  record({
    case: 'backfill alone',
    measure: 'peak RSS, each source on its own',
    value: Math.max(...alone.map((run) => run.maxRssBytes)) / 1024 / 1024,
    unit: 'MB',
  });
  recordStages('backfill alone', alone);
  const rerun = await measureChild(['bench/measure-ingest.ts', warehouse, root]);
  record({
    case: 'backfill',
    measure: 'the same ingest again (every file a duplicate)',
    value: rerun.seconds,
    unit: 's',
  });
  return warehouse;
}

async function benchQueries(warehouse: string): Promise<void> {
  console.log(
    '\nQueries (each file in queries/ on the backfilled warehouse, against the same rows compacted into one Parquet file)',
  );
  const storage = new LocalWarehouseStorage(warehouse);
  const factFiles = (await storage.list('facts/')).length;
  console.log(`  ${factFiles} fact files in the warehouse`);
  const queries = loadQueries();

  // The first query after an ingest rebuilds the query cache from the Parquet.
  await rm(join(warehouse, '.cache'), { recursive: true, force: true });
  const firstStarted = performance.now();
  const first = await LocalQueryRunner.open(storage, { cache: { root: warehouse } });
  await first.close();
  record({
    case: 'queries',
    measure: 'first open of the warehouse (query cache built)',
    value: performance.now() - firstStarted,
    unit: 'ms',
  });

  // One more upload, as each quarter brings: the next open reads only the partition folders that changed.
  const extra = join(OUT, 'backfill-extra', 'incoming', 'VN-01', '2025Q1');
  await rm(join(OUT, 'backfill-extra'), { recursive: true, force: true });
  await mkdir(extra, { recursive: true });
  await writeFile(
    join(extra, 'bo-sung.csv'),
    'province,period,metric,value\nVN-01,2025Q1,border_posts,12\nVN-01,2025Q1,border_communes,9\n',
  );
  await ingestPaths([join(OUT, 'backfill-extra', 'incoming')], { warehouse });
  const refreshStarted = performance.now();
  const refreshed = await LocalQueryRunner.open(storage, { cache: { root: warehouse } });
  await refreshed.close();
  record({
    case: 'queries',
    measure: 'first open after ingesting one more file (cache brought up to date)',
    value: performance.now() - refreshStarted,
    unit: 'ms',
  });

  const floor = await buildFloor(warehouse);
  for (const { query, values } of queries) {
    const project = await repeat(Math.max(runs, 5), async () => {
      const runner = await LocalQueryRunner.open(storage, { cache: { root: warehouse } });
      try {
        await runner.run(query, values);
      } finally {
        await runner.close();
      }
    });
    const floorSeconds = await repeat(Math.max(runs, 5), async () => {
      const database = await DuckDbDatabase.open();
      try {
        await createFloorViews(database, floor);
        await database.query(query.sql, values);
      } finally {
        database.close();
      }
    });
    const milliseconds = median(project) * 1000;
    const ratio = median(project) / median(floorSeconds);
    record({
      case: 'queries',
      measure: `${query.name}`,
      value: milliseconds,
      unit: 'ms',
      target: '< 300 ms, <= 3x floor',
      met: milliseconds < 300 && ratio <= 3,
      note: `floor (one Parquet file) ${formatNumber(median(floorSeconds) * 1000)} ms, ratio ${ratio.toFixed(2)}x; each run opens DuckDB, creates the views and runs the query`,
    });
  }
}

async function benchLambdaPackage(): Promise<void> {
  console.log('\nIngest Lambda (bundle from scripts/bundle-functions.mjs)');
  const script = join(PROJECT_ROOT, 'scripts', 'bundle-functions.mjs');
  const handler = join(PROJECT_ROOT, 'functions', 'ingest.ts');
  if (!existsSync(script) || !existsSync(handler)) {
    const why = `not measured: ${existsSync(script) ? 'functions/ingest.ts' : 'scripts/bundle-functions.mjs'} does not exist yet`;
    record({
      case: 'lambda',
      measure: 'cold start (import + first DuckDB connection)',
      value: null,
      unit: 'ms',
      target: '< 500 ms',
      met: null,
      note: why,
    });
    record({
      case: 'lambda',
      measure: 'bundle + DuckDB binding, unzipped',
      value: null,
      unit: 'MB',
      target: '< 120 MB',
      met: null,
      note: why,
    });
    return;
  }
  const outDir = join(OUT, 'lambda');
  execFileSync(process.execPath, [script, '--out', outDir, 'ingest'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const bundle = join(outDir, 'ingest');
  const cold: Measurement[] = [];
  for (let run = 0; run < Math.max(runs, 5); run++)
    cold.push(await measureChild(['bench/cold-start.mjs', bundle], { plainNode: true }));
  const coldMs = median(cold.map((run) => run.seconds)) * 1000;
  record({
    case: 'lambda',
    measure: 'cold start (import + first DuckDB connection)',
    value: coldMs,
    unit: 'ms',
    target: '< 500 ms',
    met: coldMs < 500,
    note: "a fresh Node process per run; excludes Node's own start-up",
  });
  const megabytes = (await folderSize(bundle)) / 1024 / 1024;
  record({
    case: 'lambda',
    measure: 'bundle + DuckDB binding, unzipped',
    value: megabytes,
    unit: 'MB',
    target: '< 120 MB',
    met: megabytes < 120,
  });
}

interface Measurement {
  readonly seconds: number;
  readonly maxRssBytes: number;
  /** Seconds per ingest stage, summed over the sources (from bench/measure-ingest.ts). */
  readonly stages?: Record<IngestStage, number>;
}

/**
 * Where an ingest's time went: each stage's median over the runs, summed over the sources. Sources
 * overlap (several at once, DuckDB on its own threads), so the stages may add up to more than the
 * wall time.
 */
function recordStages(name: string, measurements: readonly Measurement[]): void {
  for (const stage of INGEST_STAGES) {
    const values = measurements.flatMap((run) => (run.stages ? [run.stages[stage]] : []));
    if (values.length === 0) continue;
    record({ case: name, measure: `${name}: stage ${stage} (summed over sources)`, value: median(values), unit: 's' });
  }
}

/**
 * Compiles the CLI and the measuring scripts (`npm run build`): ingest is measured as `provstat`
 * runs, from the compiled JavaScript (`tsconfig.bench.json`: the build plus these scripts). Under tsx the process compiles the TypeScript it loads and
 * holds its source maps, about 400 MB of memory and seconds of time that are not the ingest's.
 */
function buildCompiled(): void {
  console.log('compiling the CLI and the measuring scripts (tsc -p tsconfig.bench.json)\n');
  const result = spawnSync('npx', ['tsc', '-p', 'tsconfig.bench.json'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('compiling failed; the ingest cannot be measured compiled');
}

/**
 * Runs a script in a fresh Node process that writes its own measurement to BENCH_REPORT. A
 * `bench/*.ts` script runs compiled, from `dist/` (see `buildCompiled`).
 */
async function measureChild(args: readonly string[], options: { plainNode?: boolean } = {}): Promise<Measurement> {
  const report = join(OUT, `measurement-${process.pid}.json`);
  await rm(report, { force: true });
  const [script = '', ...rest] = args;
  const compiled = /^bench\/[a-z-]+\.ts$/.test(script) ? [join('dist', script.replace(/\.ts$/, '.js')), ...rest] : args;
  const nodeArgs = options.plainNode ? [...args] : compiled;
  const stderr: Buffer[] = [];
  const code = await new Promise<number | null>((resolvePromise, reject) => {
    const child = spawn(process.execPath, nodeArgs, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, BENCH_REPORT: report },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('exit', resolvePromise);
  });
  if (code !== 0 || !existsSync(report))
    throw new Error(
      `${args.join(' ')} failed (exit ${code}): ${Buffer.concat(stderr).toString().trim().slice(0, 500)}`,
    );
  const measurement = JSON.parse(await readFile(report, 'utf8')) as Measurement;
  await rm(report, { force: true });
  return measurement;
}

interface FloorFiles {
  readonly facts: string;
  readonly rejections: string;
  readonly provinces: string;
  readonly metrics: string;
}

/** The floor: every fact and rejection of the warehouse compacted into one Parquet file each. */
async function buildFloor(warehouse: string): Promise<FloorFiles> {
  const folder = join(OUT, 'floor');
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const floor = {
    facts: join(folder, 'facts.parquet'),
    rejections: join(folder, 'rejections.parquet'),
    provinces: join(warehouse, ...PROVINCES_KEY.split('/')),
    metrics: join(warehouse, ...METRICS_KEY.split('/')),
  };
  const database = await DuckDbDatabase.open();
  try {
    const hive =
      "hive_partitioning = true, hive_types = {'year': INTEGER, 'quarter': INTEGER, 'province': VARCHAR}, union_by_name = true";
    await database.run(
      `COPY (SELECT * FROM read_parquet(${quoteSqlString(`${warehouse}/facts/*/*/*/*.parquet`)}, ${hive})) TO ${quoteSqlString(floor.facts)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    const hasRejections = existsSync(join(warehouse, 'rejections'));
    await database.run(
      hasRejections
        ? `COPY (SELECT * FROM read_parquet(${quoteSqlString(`${warehouse}/rejections/*/*/*/*.parquet`)}, ${hive})) TO ${quoteSqlString(floor.rejections)} (FORMAT parquet, COMPRESSION zstd)`
        : `COPY (SELECT ${VIEW_COLUMNS.rejections.map((column) => `CAST(NULL AS ${column.type}) AS "${column.name}"`).join(', ')} WHERE false) TO ${quoteSqlString(floor.rejections)} (FORMAT parquet)`,
    );
  } finally {
    database.close();
  }
  return floor;
}

async function createFloorViews(database: DuckDbDatabase, floor: FloorFiles): Promise<void> {
  const columns = (view: keyof typeof VIEW_COLUMNS): string =>
    VIEW_COLUMNS[view].map((column) => `"${column.name}"`).join(', ');
  await database.run(
    `CREATE VIEW facts AS SELECT ${columns('facts')} FROM read_parquet(${quoteSqlString(floor.facts)})`,
  );
  await database.run(
    `CREATE VIEW rejections AS SELECT ${columns('rejections')} FROM read_parquet(${quoteSqlString(floor.rejections)})`,
  );
  await database.run(
    `CREATE VIEW metrics AS SELECT ${columns('metrics')} FROM (SELECT ${columns('metrics')}, ROW_NUMBER() OVER (PARTITION BY province, period, metric ORDER BY ${CURRENT_VALUE_ORDER}) AS current_rank FROM facts WHERE ${REPORT_VALUE_FILTER}) ranked WHERE current_rank = 1`,
  );
  await database.run(
    `CREATE VIEW provinces AS SELECT ${columns('provinces')} FROM read_parquet(${quoteSqlString(floor.provinces)})`,
  );
  await database.run(
    `CREATE VIEW metric_catalog AS SELECT ${columns('metric_catalog')} FROM read_parquet(${quoteSqlString(floor.metrics)})`,
  );
}

/** Every query in queries/ with values for its parameters: periods inside the backfilled decade, else the header's example. */
function loadQueries(): { query: QueryFile; values: string[] }[] {
  const chosen: Record<string, string> = {
    period: '2024Q3',
    from_period: '2022Q1',
    to_period: '2024Q4',
    province: 'VN-01',
  };
  return [...readQueryLibrary().values()].map((query) => {
    const values = query.parameters.map((parameter) => {
      const value = chosen[parameter.name] ?? /e\.g\.\s*([^\s,;]+)/.exec(parameter.description)?.[1];
      if (value === undefined)
        throw new Error(`queries/${query.name}: no benchmark value for the parameter ${parameter.name}`);
      return value;
    });
    return { query, values };
  });
}

async function repeat(times: number, body: () => unknown): Promise<number[]> {
  const seconds: number[] = [];
  for (let run = 0; run < times; run++) {
    const started = performance.now();
    await body();
    seconds.push((performance.now() - started) / 1000);
  }
  return seconds;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function folderSize(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

function machine(): string {
  const cores = cpus();
  return `${cores.length} x ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Linux ${release()}, Node ${process.version}`;
}

function formatNumber(value: number): string {
  if (value >= 1000) return Math.round(value).toLocaleString('en');
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function readOption(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
