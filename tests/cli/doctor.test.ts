/**
 * `provstat doctor` on a warehouse ingested from the samples, with each fault a killed run or a
 * hand edit leaves made for real: it finds each, changes nothing without --fix, removes with it
 * exactly what is abandoned, and after the operator re-ingests what it names the views equal a
 * clean ingest's and a second run finds the warehouse healthy.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.js';
import type { DoctorReport } from '../../cli/commands/doctor.js';
import { ManifestSchema } from '../../pipelines/warehouse/manifest.js';
import { makeTemporaryFolder, PROJECT_ROOT, queryWarehouse, removeFolder, SAMPLES } from '../helpers.js';

const TSX_LOADER = pathToFileURL(join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const HOURS_AGO = (hours: number): Date => new Date(Date.now() - hours * 3600_000);

function provstat(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', TSX_LOADER, join(PROJECT_ROOT, 'cli', 'main.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function doctor(warehouse: string, ...options: string[]): { code: number | null; report: DoctorReport } {
  const { code, stdout } = provstat(['doctor', '--warehouse', warehouse, '--json', ...options]);
  return { code, report: JSON.parse(stdout) as DoctorReport };
}

/** Every file under a folder with its modification time and size: what "changed nothing" compares. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    files[relative(root, path).split(sep).join('/')] = `${info.mtimeMs}:${info.size}`;
  }
  return files;
}

async function readManifest(warehouse: string, key: string) {
  return ManifestSchema.parse(JSON.parse(await readFile(join(warehouse, key), 'utf8')));
}

async function age(path: string, hours: number): Promise<void> {
  await utimes(path, HOURS_AGO(hours), HOURS_AGO(hours));
}

const VIEWS = [
  'SELECT * EXCLUDE (ingested_at) FROM facts ORDER BY ALL',
  'SELECT * EXCLUDE (rejected_at) FROM rejections ORDER BY ALL',
  'SELECT * EXCLUDE (ingested_at) FROM metrics ORDER BY ALL',
];

let folder: string;
let landing: string;
let warehouse: string;
let clean: string;
const faults = {
  strayFiles: [] as string[],
  strayPiece: '',
  youngPiece: '',
  scratch: '',
  missingFile: '',
  missingManifest: '',
  corruptManifest: '',
  corruptFiles: [] as string[],
  addedManifest: [] as string[],
};

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  landing = join(folder, 'incoming');
  warehouse = join(folder, 'warehouse');
  clean = join(folder, 'clean');
  await cp(join(SAMPLES, 'VN-22'), join(landing, 'VN-22'), { recursive: true });
  await ingestPaths([landing], { warehouse });
  // A query builds the cache; a source ingested after it whose every row is rejected leaves the cache
  // behind (ingest refreshes it only to compare accepted values).
  await queryWarehouse(warehouse, 'SELECT COUNT(*) FROM facts');
  await mkdir(join(landing, 'VN-22', '2024Q4'), { recursive: true });
  await writeFile(
    join(landing, 'VN-22', '2024Q4', 'bo-sung.csv'),
    'province,period,metric,value\nVN-22,2024Q4,border_posts,-17\nVN-22,2024Q4,border_communes,abc\n',
  );
  const added = await ingestPaths([landing], { warehouse });
  faults.addedManifest = added.flatMap((outcome) =>
    outcome.summary?.status === 'ingested' ? [outcome.summary.manifestKey!.slice('ingestions/'.length)] : [],
  );
  await ingestPaths([landing], { warehouse: clean });

  // A source whose run was killed before its manifest: its Parquet files, no manifest.
  const other = join(folder, 'other');
  await ingestPaths([join(SAMPLES, 'VN-45', 'dong-thap-2024Q3.csv')], { warehouse: other, province: 'VN-45' });
  for (const table of ['facts', 'rejections']) {
    const entries = await readdir(join(other, table), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith('.parquet')) continue;
      const key = relative(other, join(entry.parentPath, entry.name)).split(sep).join('/');
      await cp(join(other, key), join(warehouse, key));
      await age(join(warehouse, key), 3);
      faults.strayFiles.push(key);
    }
  }
  faults.strayFiles.sort();
  // Pieces of killed writes: an old one, a young one (perhaps a run writing now), an old scratch folder.
  const [firstFile] = faults.strayFiles;
  faults.strayPiece = `${firstFile!.slice(0, firstFile!.lastIndexOf('/'))}/.0b5e7c2e-killed.partial`;
  await writeFile(join(warehouse, faults.strayPiece), 'PAR1');
  await age(join(warehouse, faults.strayPiece), 2);
  faults.youngPiece = 'ingestions/.7f3a-writing.partial';
  await writeFile(join(warehouse, faults.youngPiece), '{"source_key"');
  faults.scratch = '.scratch/write-killed';
  await mkdir(join(warehouse, faults.scratch), { recursive: true });
  await writeFile(join(warehouse, faults.scratch, 'facts.ndjson'), '[2024,3,"VN-22"]\n');
  await age(join(warehouse, faults.scratch, 'facts.ndjson'), 5);
  await age(join(warehouse, faults.scratch), 5);
  // A manifest whose file was deleted, and one cut short.
  const manifests = (await readdir(join(warehouse, 'ingestions'))).filter((name) => name.endsWith('.json')).sort();
  const withFiles: string[] = [];
  for (const name of manifests)
    if ((await readManifest(warehouse, `ingestions/${name}`)).files.length > 0) withFiles.push(`ingestions/${name}`);
  faults.missingManifest = withFiles[0]!;
  faults.missingFile = (await readManifest(warehouse, faults.missingManifest)).files[0]!;
  await rm(join(warehouse, faults.missingFile));
  faults.corruptManifest = withFiles[1]!;
  faults.corruptFiles = (await readManifest(warehouse, faults.corruptManifest)).files;
  const text = await readFile(join(warehouse, faults.corruptManifest), 'utf8');
  await writeFile(join(warehouse, faults.corruptManifest), text.slice(0, text.length / 2));
}, 180_000);
afterAll(async () => removeFolder(folder));

describe('provstat doctor', () => {
  it('finds each fault and changes nothing without --fix', async () => {
    const before = await snapshot(warehouse);
    const { code, report } = doctor(warehouse);
    expect(code).toBe(1);
    expect(report).toMatchObject({ fix: false, healthy: false, removed: [] });
    expect(await snapshot(warehouse)).toEqual(before);

    const stray = report.orphans.find((source) => source.files.some((file) => file.key === faults.strayFiles[0]));
    expect(stray?.files.map((file) => [file.key, file.status])).toEqual(
      faults.strayFiles.map((key) => [key, 'abandoned']),
    );
    expect(stray?.files.every((file) => file.ageSeconds >= 3 * 3600 - 60)).toBe(true);
    const held = report.orphans.flatMap((source) => source.files).filter((file) => file.status === 'held');
    expect(held.map((file) => [file.key, file.heldBy])).toEqual(
      faults.corruptFiles.map((key) => [key, faults.corruptManifest]),
    );
    expect(report.leftovers.map((piece) => [piece.kind, piece.key, piece.status])).toEqual([
      ['scratch', faults.scratch, 'abandoned'],
      ['partial', faults.strayPiece, 'abandoned'],
      ['partial', faults.youngPiece, 'in-use?'],
    ]);
    const source = (await readManifest(clean, faults.missingManifest)).source_key;
    const manifests = Object.fromEntries(report.manifests.map((manifest) => [manifest.key, manifest]));
    expect(Object.keys(manifests).sort()).toEqual([faults.missingManifest, faults.corruptManifest].sort());
    expect(manifests[faults.missingManifest]).toMatchObject({
      problem: 'missing-files',
      missing: [faults.missingFile],
    });
    expect(manifests[faults.corruptManifest]).toMatchObject({ problem: 'unreadable', detail: 'it is not JSON' });
    const missing = report.manifests.find((manifest) => manifest.key === faults.missingManifest);
    expect(missing?.action).toContain(`ingest "${source}" again`);
    expect(report.cache.state).toBe('drifted');
    expect(faults.addedManifest).toHaveLength(1);
    // The cache was built while the damaged manifest still listed its files.
    expect(report.cache.manifests).toEqual({
      added: faults.addedManifest,
      removed: [],
      changed: [faults.corruptManifest.slice('ingestions/'.length)],
    });
  });

  it('says the same for a person, one sentence a finding', () => {
    const { code, stdout, stderr } = provstat(['doctor', '--warehouse', warehouse]);
    expect(code).toBe(1);
    expect(stderr).toBe('provstat: the warehouse has problems (see the report)\n');
    const files = faults.strayFiles.length;
    expect(stdout).toContain(`${files} Parquet file${files === 1 ? '' : 's'} no manifest lists`);
    expect(stdout).toContain(`Manifest ${faults.missingManifest} lists files that are not there`);
    expect(stdout).toContain(`Manifest ${faults.corruptManifest} cannot be read: it is not JSON; remove`);
    expect(stdout).toMatch(/Piece of an unfinished write ingestions\/\.7f3a-writing\.partial \(\d+ s old\): in use\?/);
    expect(stdout).toMatch(/Query cache is behind the warehouse \(1 manifest added, /);
  });

  it('removes with --fix what is abandoned and nothing else, and leaves the broken manifests to the operator', async () => {
    const before = await snapshot(warehouse);
    const { code, report } = doctor(warehouse, '--fix');
    expect(code).toBe(1);
    const expected = [...faults.strayFiles, faults.strayPiece, faults.scratch].sort();
    expect(report.removed).toEqual(expected);
    expect(report.cache.dropped).toBe(true);
    const after = await snapshot(warehouse);
    const gone = Object.keys(before).filter((key) => !(key in after));
    expect(gone.sort()).toEqual(
      [...faults.strayFiles, faults.strayPiece, `${faults.scratch}/facts.ndjson`, '.cache/views.duckdb'].sort(),
    );
    for (const key of Object.keys(after)) expect(after[key]).toBe(before[key]);
    expect(report.manifests.map((manifest) => manifest.key).sort()).toEqual(
      [faults.missingManifest, faults.corruptManifest].sort(),
    );
  });

  it('is healthy once the operator re-ingests what it names, with the views of a clean ingest', async () => {
    await rm(join(warehouse, faults.missingManifest));
    await rm(join(warehouse, faults.corruptManifest));
    await ingestPaths([landing], { warehouse });
    const { code, report } = doctor(warehouse);
    expect(report.leftovers).toEqual([expect.objectContaining({ key: faults.youngPiece, status: 'in-use?' })]);
    expect(report).toMatchObject({ healthy: true, orphans: [], manifests: [] });
    expect(code).toBe(0);
    for (const sql of VIEWS) expect(await queryWarehouse(warehouse, sql)).toEqual(await queryWarehouse(clean, sql));
  });

  it('answers --help and exits 2 for a warehouse that does not exist', () => {
    const help = provstat(['doctor', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: provstat doctor');
    expect(help.stdout).toContain('--fix');
    const missing = provstat(['doctor', '--warehouse', join(folder, 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^provstat: the warehouse folder .*nowhere does not exist\n$/);
  });
});
