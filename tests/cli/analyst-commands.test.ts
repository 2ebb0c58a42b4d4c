import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliError } from '../../cli/cli-error.js';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { runQueryCommand } from '../../cli/commands/query.js';
import { WarehouseSession } from '../../cli/warehouse-session.js';
import { DEFAULT_DEADLINE_DAYS, DEFAULT_Z_THRESHOLD } from '../../pipelines/rollup/collect-rollup.js';
import { readQueryLibrary } from '../../pipelines/query/query-library.js';
import { makeTemporaryFolder, PROJECT_ROOT, removeFolder, SAMPLES } from '../helpers.js';

const TSX_LOADER = pathToFileURL(join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CLI = [process.execPath, '--import', TSX_LOADER, join(PROJECT_ROOT, 'cli', 'main.ts')];

let folder: string;

/** Runs the CLI from source in the test folder, with `input` on stdin (a pipe, not a terminal). */
function provstat(args: string[], input = '') {
  const result = spawnSync(CLI[0]!, [...CLI.slice(1), ...args], {
    cwd: folder,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', HOME: folder },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  folder = await makeTemporaryFolder('provstat-analyst-');
  await ingestPaths([SAMPLES], { warehouse: join(folder, 'warehouse') });
}, 300_000);
afterAll(async () => {
  if (folder) await removeFolder(folder);
});

describe('typed query parameters on the command line', () => {
  const rowsOf = async (name: string, params: string[]) =>
    (await runQueryCommand(name, params, join(folder, 'warehouse'))).result.rows;
  const refusal = async (name: string, params: string[]) =>
    runQueryCommand(name, params, join(folder, 'warehouse')).then(
      () => {
        throw new Error('the query ran');
      },
      (error: unknown) => ({ exitCode: (error as CliError).exitCode, message: (error as Error).message }),
    );

  it('reads a quarter in any form ingest reads and answers as for the canonical form', {
    timeout: 300_000,
  }, async () => {
    const canonical = await rowsOf('crime_by_province', ['period=2025Q2']);
    expect(canonical.length).toBeGreaterThan(0);
    for (const period of ['Quý 2/2025', '2025-Q2', 'II/2025'])
      expect(await rowsOf('crime_by_province', [`period=${period}`])).toEqual(canonical);
    const viaCli = provstat(['query', 'crime_by_province', '--param', 'period=Quý 2/2025', '--format', 'json']);
    expect(viaCli.code).toBe(0);
    expect(JSON.parse(viaCli.stdout)).toEqual(canonical);
  });

  it('reads a province by name', { timeout: 300_000 }, async () => {
    const byCode = await rowsOf('provenance', ['period=2025Q2', 'province=VN-22', 'metric=*']);
    expect(byCode.length).toBeGreaterThan(1);
    expect(await rowsOf('provenance', ['period=2025Q2', 'province=Nghệ An', 'metric=*'])).toEqual(byCode);
  });

  it('exits 2 with one sentence naming the parameter and what it accepts', { timeout: 300_000 }, async () => {
    expect(provstat(['query', 'crime_by_province', '--param', 'period=2024Q5'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'provstat: --param period="2024Q5" is not accepted: period takes a quarter such as 2024Q3, 2024-Q3, Quý 3/2024 or III/2024\n',
    });
    expect(await refusal('province_trend', ['province=Atlantis', 'from_period=2024Q1', 'to_period=2025Q2'])).toEqual({
      exitCode: 2,
      message:
        '--param province="Atlantis" is not accepted: province takes a province code such as VN-22 or a name such as Nghệ An',
    });
    expect(await refusal('provenance', ['period=2025Q2', 'province=*', 'metric=crimes'])).toEqual({
      exitCode: 2,
      message: expect.stringMatching(
        /^--param metric="crimes" is not accepted: metric takes a metric code of the catalog.*, or \* for every value$/,
      ),
    });
    expect(await refusal('crime_by_province', [])).toEqual({
      exitCode: 2,
      message: expect.stringMatching(/^the query crime_by_province needs --param period=… \(period: /),
    });
    expect(await refusal('crime_by_province', ['period=2025Q2', 'year=2025'])).toEqual({
      exitCode: 2,
      message: expect.stringMatching(/has no parameter year \(its parameters: period \(period\)\)/),
    });
  });
});

describe('provstat queries', () => {
  it('lists every query with its purpose and typed parameters, as a table and as JSON', { timeout: 300_000 }, () => {
    const library = [...readQueryLibrary().values()];
    const json = provstat(['queries', '--json']);
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.stdout) as {
      name: string;
      purpose: string;
      parameters: { name: string; type: string; all: boolean }[];
    }[];
    expect(listed.map((query) => query.name).sort()).toEqual(library.map((query) => query.name).sort());
    expect(listed.find((query) => query.name === 'provenance')?.parameters).toEqual([
      expect.objectContaining({ name: 'period', type: 'period', all: false }),
      expect.objectContaining({ name: 'province', type: 'province', all: true }),
      expect.objectContaining({ name: 'metric', type: 'metric', all: true }),
    ]);
    const table = provstat(['queries']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /│ reporting_completeness +│ Which provinces were expected.*│ period \(period\) +│\n.*│ deadline_days \(integer\) │/,
    );
  });
});

describe('provstat sql', () => {
  it('runs a SELECT over the views in every format', { timeout: 300_000 }, async () => {
    const statement =
      "SELECT province, COUNT(*) AS facts FROM facts WHERE period = '2025Q2' GROUP BY province ORDER BY province";
    const json = provstat(['sql', statement, '--format', 'json']);
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as { province: string; facts: number }[];
    expect(rows.length).toBeGreaterThan(1);
    const csv = provstat(['sql', `${statement};`, '--format', 'csv', '--bom']);
    expect(csv.stdout.startsWith('\uFEFFprovince,facts\r\n')).toBe(true);
    expect(csv.stdout.trimEnd().split('\r\n').slice(1)).toEqual(rows.map((row) => `${row.province},${row.facts}`));
    expect(provstat(['sql', statement, '--format', 'csv']).stdout.startsWith('province,facts\r\n')).toBe(true);

    const out = join(folder, 'facts.xlsx');
    expect(provstat(['sql', statement, '--format', 'xlsx', '--out', out])).toMatchObject({ code: 0, stdout: '' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'province', 'facts']);
    expect(sheet.getRow(2).values).toEqual([undefined, rows[0]!.province, rows[0]!.facts]);
    expect(sheet.rowCount).toBe(rows.length + 1);
  });

  it('writes Vietnamese names that survive in the workbook and in CSV with a BOM', { timeout: 300_000 }, async () => {
    const statement = "SELECT name_vi FROM provinces WHERE code = 'VN-22' LIMIT 1";
    expect(provstat(['sql', statement, '--format', 'csv', '--bom']).stdout).toBe('\uFEFFname_vi\r\nNghệ An\r\n');
    const piped = spawnSync(
      'sh',
      ['-c', `${CLI.map((part) => `'${part}'`).join(' ')} sql "${statement}" --format xlsx > out.xlsx`],
      { cwd: folder, timeout: 60_000, env: { ...process.env, HOME: folder } },
    );
    expect(piped.status).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(folder, 'out.xlsx'));
    expect(workbook.worksheets[0]!.getCell('A2').value).toBe('Nghệ An');
  });

  it('refuses statements that write, several statements, and --bom without CSV', { timeout: 300_000 }, async () => {
    expect(provstat(['sql', 'CREATE TABLE x AS SELECT 1'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'provstat: only SELECT (and EXPLAIN) statements run here; this one is CREATE, and the warehouse is read-only\n',
    });
    expect(provstat(['sql', 'SELECT 1', '--bom'])).toMatchObject({
      code: 2,
      stderr: 'provstat: --bom applies to --format csv only\n',
    });
    const session = await WarehouseSession.open(join(folder, 'warehouse'));
    const refusal = (statement: string) =>
      session.run(statement).then(
        () => {
          throw new Error(`${statement} ran`);
        },
        (error: unknown) => ({ exitCode: (error as CliError).exitCode, message: (error as Error).message }),
      );
    try {
      for (const statement of [
        "COPY (SELECT 1) TO 'x.csv'",
        "ATTACH 'x.db'",
        'DROP VIEW facts',
        'SET threads = 1',
        'CREATE VIEW v AS SELECT 1',
      ]) {
        expect(await refusal(statement), statement).toEqual({
          exitCode: 2,
          message: expect.stringMatching(
            /^only SELECT \(and EXPLAIN\) statements run here; this one is [A-Z_]+, and the warehouse is read-only$/,
          ),
        });
      }
      expect(await refusal('SELECT 1; SELECT 2')).toEqual({
        exitCode: 2,
        message: 'give one SQL statement at a time, not 2',
      });
      expect(await refusal('SELEC 1')).toEqual({
        exitCode: 2,
        message: expect.stringMatching(/^the SQL cannot run: .*Parser Error/),
      });
      expect(await refusal('INSERT INTO facts SELECT * FROM facts')).toEqual({
        exitCode: 2,
        message: expect.stringMatching(/^the SQL cannot run: /),
      });
      expect(await refusal('SELECT * FROM nowhere')).toEqual({
        exitCode: 2,
        message: expect.stringMatching(/^the SQL cannot run: Catalog Error/),
      });
      expect((await session.run('EXPLAIN SELECT * FROM facts')).rows.length).toBeGreaterThan(0);
    } finally {
      session.close();
    }
    await expect(readFile(join(folder, 'x.csv'))).rejects.toThrow();
  });
});

describe('provstat shell', () => {
  it('runs piped statements, multi-line, with dot commands and formats, and leaves no history', {
    timeout: 300_000,
  }, async () => {
    const script = [
      '.tables',
      '.schema provinces',
      '.format csv',
      'SELECT name_vi',
      '  FROM provinces',
      "  WHERE code = 'VN-22' LIMIT 1;",
      '.format json',
      "SELECT COUNT(*) AS n FROM metric_catalog WHERE code = 'border_posts';",
      'CREATE TABLE scratch AS',
      '  SELECT 1;',
      '.format yaml',
      '.quit',
      'SELECT 1;',
    ].join('\n');
    const result = provstat(['shell'], `${script}\n`);
    expect(result.stdout).toContain('facts\nmetrics\nrejections\nprovinces\nmetric_catalog\n');
    expect(result.stdout).toMatch(/provinces\n[^]*│ code +│ VARCHAR/);
    expect(result.stdout).toContain('name_vi\r\nNghệ An\r\n');
    expect(result.stdout).toContain('[\n  {\n    "n": 1\n  }\n]\n');
    expect(result.stdout).not.toContain('"1"');
    expect(result.stderr).toBe(
      'provstat: only SELECT (and EXPLAIN) statements run here; this one is CREATE, and the warehouse is read-only\n' +
        'provstat: .format takes one of table, csv, json\nprovstat: 2 statements failed\n',
    );
    expect(result.code).toBe(1);
    await expect(readFile(join(folder, '.provstat_history'), 'utf8')).rejects.toThrow();
  });

  it('answers at a terminal with a prompt and keeps the history', { timeout: 300_000 }, async (context) => {
    if (spawnSync('script', ['--version']).status !== 0) context.skip();
    const command = `${CLI.map((part) => `'${part}'`).join(' ')} shell`;
    await writeFile(join(folder, 'input.txt'), 'SELECT 40 + 2 AS answer;\n.quit\n');
    // script(1) gives the shell a pseudo-terminal; the input is fed through it.
    const result = spawnSync('sh', ['-c', `script -qec "${command.replaceAll('"', '\\"')}" /dev/null < input.txt`], {
      cwd: folder,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', HOME: folder, TERM: 'dumb' },
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('provstat> ');
    expect(result.stdout).toMatch(/│ +42 │/);
    expect(await readFile(join(folder, '.provstat_history'), 'utf8')).toBe('SELECT 40 + 2 AS answer;\n.quit\n');
  });
});

describe('provstat --help', () => {
  it('lists the analyst commands, and the rollup defaults it states are the ones used', { timeout: 300_000 }, () => {
    const help = provstat(['--help']);
    for (const command of ['queries', 'sql', 'shell', 'pull'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    const rollup = provstat(['rollup', '--help']).stdout.replace(/\s+/g, ' ');
    expect(rollup).toContain(`(default: ${DEFAULT_DEADLINE_DAYS})`);
    expect(rollup).toContain(`outlier (default: ${DEFAULT_Z_THRESHOLD})`);
    expect(provstat(['query', '--help']).stdout.replace(/\s+/g, ' ')).toContain(
      '--format <format> output format (xlsx: an Excel workbook) (choices: "table", "csv", "json", "xlsx"',
    );
  });
});
