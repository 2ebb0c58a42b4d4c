/**
 * provstat's tables on a terminal of 100 columns, through a real pseudo-terminal (util-linux
 * `script`, its size set with `stty`), and in a pipe, where only COLUMNS limits the width.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.js';
import { makeTemporaryFolder, PROJECT_ROOT, removeFolder, SAMPLES } from '../helpers.js';

const SCRIPT = '/usr/bin/script';
const HAVE_SCRIPT = existsSync(SCRIPT);
if (!HAVE_SCRIPT) console.warn(`SKIPPING the terminal-width check: no ${SCRIPT} (util-linux)`);

const TSX_LOADER = pathToFileURL(join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CLI = join(PROJECT_ROOT, 'cli', 'main.ts');

let folder: string;
let warehouse: string;

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  warehouse = join(folder, 'warehouse');
  await ingestPaths([SAMPLES], { warehouse });
}, 120_000);

afterAll(async () => {
  await removeFolder(folder);
});

/** The environment without COLUMNS, so only the terminal (or its absence) sets the width. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const copy: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  if (!('COLUMNS' in extra)) delete copy.COLUMNS;
  return copy;
}

function quote(argument: string): string {
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

/** Runs provstat from source in a pseudo-terminal `columns` wide; its output as lines. */
function inTerminal(args: readonly string[], columns: number, expectedStatus = 0): string[] {
  const command = [process.execPath, '--import', TSX_LOADER, CLI, ...args].map(quote).join(' ');
  const result = spawnSync(SCRIPT, ['-qec', `stty cols ${columns} rows 40 && ${command}`, '/dev/null'], {
    cwd: folder,
    encoding: 'utf8',
    env: environment(),
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(result.status, result.stderr).toBe(expectedStatus);
  return result.stdout.replace(/\r/g, '').split('\n');
}

/** Runs provstat from source with its output to a pipe. */
function inPipe(args: readonly string[], extra: Record<string, string> = {}): string[] {
  const result = spawnSync(process.execPath, ['--import', TSX_LOADER, CLI, ...args], {
    cwd: folder,
    encoding: 'utf8',
    env: environment(extra),
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n');
}

function crimeQuery(): string[] {
  return ['query', 'crime_by_province', '--param', 'period=2025Q2', '--warehouse', warehouse];
}

function widest(lines: readonly string[]): number {
  // A progress bar redraws one line in place: only what follows its last return to column 1 shows.
  const shown = (line: string): string => line.split('\u001b[1G').at(-1) ?? line;
  return Math.max(...lines.map((line) => stringWidth(shown(line))));
}

describe.runIf(HAVE_SCRIPT)('provstat on a 100-column terminal', () => {
  it('shows crime_by_province one province per block, no line wider than the terminal', () => {
    const lines = inTerminal(crimeQuery(), 100);
    expect(widest(lines)).toBeLessThanOrEqual(100);
    const records = lines.filter((line) => line.startsWith('-[ RECORD '));
    expect(records.length).toBeGreaterThan(5);
    expect(lines).toContain('province_name                           | Nghệ An');
    expect(lines.at(-2)).toBe(`${records.length} rows`);
  }, 60_000);

  it('keeps the summary and the rejected rows of a validation within the terminal', () => {
    // The samples hold rows that would be rejected: validate says so with exit code 1.
    const lines = inTerminal(['validate', SAMPLES], 100, 1).filter((line) => line !== '');
    expect(widest(lines)).toBeLessThanOrEqual(100);
    expect(lines.some((line) => line.startsWith('Rejected:'))).toBe(true);
  }, 60_000);
});

describe('provstat writing to a pipe', () => {
  it('keeps whole rows on one line unless COLUMNS is set', () => {
    const unlimited = inPipe(crimeQuery());
    expect(widest(unlimited)).toBeGreaterThan(500);
    const limited = inPipe(crimeQuery(), { COLUMNS: '100' });
    expect(widest(limited)).toBeLessThanOrEqual(100);
  }, 60_000);
});
