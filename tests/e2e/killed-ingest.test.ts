/**
 * `provstat ingest` killed with SIGKILL at randomised moments (seeded, bounded in count and time):
 * after each kill every source the views show is whole (its facts and its rejections, exactly as
 * a clean ingest stores them), and after a final run the views equal a clean ingest's.
 */
import { spawn } from 'node:child_process';
import { cp, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.js';
import type { ResultRow } from '../../pipelines/query/query-runner.js';
import { makeTemporaryFolder, PROJECT_ROOT, queryWarehouse, removeFolder, SAMPLES } from '../helpers.js';

const TSX_LOADER = pathToFileURL(join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const KILLS = 8;
const SEED = 20_241_005;

/** A small seeded generator (mulberry32), so a failing run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Runs `provstat ingest` as a child; kills it with SIGKILL after `killAfterMs` unless it ends first. */
function ingestChild(
  landing: string,
  warehouse: string,
  killAfterMs?: number,
): Promise<{ killed: boolean; ms: number; code: number | null }> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--import', TSX_LOADER, join(PROJECT_ROOT, 'cli', 'main.ts'), 'ingest', landing, '--warehouse', warehouse],
    {
      stdio: 'ignore',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(limit);
      resolve({ killed: signal === 'SIGKILL', ms: Date.now() - started, code });
    });
  });
}

const FACTS = 'SELECT * EXCLUDE (ingested_at) FROM facts ORDER BY ALL';
const REJECTIONS = 'SELECT * EXCLUDE (rejected_at) FROM rejections ORDER BY ALL';
const METRICS = 'SELECT * EXCLUDE (ingested_at) FROM metrics ORDER BY ALL';
const PER_SOURCE = `SELECT source_key, SUM(facts) AS facts, SUM(rejections) AS rejections FROM (
  SELECT source_key, COUNT(*) AS facts, 0 AS rejections FROM facts GROUP BY source_key
  UNION ALL SELECT source_key, 0, COUNT(*) FROM rejections GROUP BY source_key) GROUP BY source_key ORDER BY source_key`;

let folder: string;
let landing: string;
let clean: string;
beforeAll(async () => {
  folder = await makeTemporaryFolder();
  landing = join(folder, 'incoming');
  for (const province of ['VN-22', 'VN-45'])
    await cp(join(SAMPLES, province), join(landing, province), { recursive: true });
  // Sources spanning many partitions, with rejected rows, so a kill can fall inside a partitioned write.
  for (let file = 0; file < 2; file++) {
    const rows = ['province,period,metric,value'];
    for (let row = 0; row < 200; row++) {
      const province = ['VN-01', 'VN-04', 'VN-09', 'VN-13', 'VN-22', 'VN-33', 'VN-45'][row % 7];
      const period = `${2015 + (row % 9)}Q${1 + (row % 4)}`;
      rows.push(
        row % 37 === 0
          ? `${province},${period},border_posts,not a number`
          : `${province},${period},border_posts,${file * 1000 + row}`,
      );
    }
    await writeFile(join(landing, `national-${file}.csv`), `${rows.join('\n')}\n`);
  }
  // Upload times fixed, so the clean and the killed warehouses rank alike.
  const at = new Date('2025-01-01T00:00:00Z');
  const touch = async (path: string): Promise<void> => {
    for (const entry of await readdir(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) await touch(child);
      else await utimes(child, at, new Date(at.getTime() + (await stat(child)).size));
    }
  };
  await touch(landing);
  clean = join(folder, 'clean');
  await ingestPaths([landing], { warehouse: clean });
}, 120_000);
afterAll(async () => {
  await removeFolder(folder);
});

describe('an ingest killed at random moments', () => {
  it('shows only whole sources after each kill, and after a re-run the same views as a clean ingest', async () => {
    const expected = new Map((await queryWarehouse(clean, PER_SOURCE)).map((row) => [row.source_key, row]));
    const next = random(SEED);
    // How long a whole run takes here, so the kills fall while a run works.
    const full = await ingestChild(landing, join(folder, 'timing'));
    expect(full.code).toBe(0);
    let kills = 0;
    const killed: string[] = [];
    for (let attempt = 0; attempt < KILLS; attempt++) {
      // Each kill into a fresh warehouse, at a moment between a fifth and the whole of a run's time.
      const warehouse = join(folder, `killed-${attempt}`);
      const outcome = await ingestChild(landing, warehouse, Math.round(full.ms * (0.2 + 0.8 * next())));
      if (!outcome.killed) continue;
      kills++;
      killed.push(warehouse);
      const seen: readonly ResultRow[] = await queryWarehouse(warehouse, PER_SOURCE);
      for (const source of seen) expect(source, String(source.source_key)).toEqual(expected.get(source.source_key));
    }
    expect(kills).toBeGreaterThanOrEqual(KILLS / 2);
    // The last two killed warehouses are killed once more, then run to the end.
    for (const warehouse of killed.slice(-2)) {
      await ingestChild(landing, warehouse, Math.round(full.ms * (0.2 + 0.8 * next())));
      expect((await ingestChild(landing, warehouse)).code).toBe(0);
      for (const sql of [FACTS, REJECTIONS, METRICS])
        expect(await queryWarehouse(warehouse, sql)).toEqual(await queryWarehouse(clean, sql));
    }
  }, 420_000);
});
