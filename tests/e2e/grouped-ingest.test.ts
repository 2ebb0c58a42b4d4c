import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths, type FileOutcome } from '../../cli/commands/ingest.js';
import { loadMetricCatalog } from '../../pipelines/reference/catalog.js';
import { makeTemporaryFolder, removeFolder, SAMPLE_BACKFILL, SAMPLES } from '../helpers.js';
import { comparable, manifests, viewRows } from '../support/compare-ingests.js';

/** A small seeded generator, so the generated files are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const PROVINCES = ['VN-01', 'VN-04', 'VN-22', 'VN-33'];
const QUARTERS = ['2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1'];
/** What a clerk gets wrong: each replaces one cell of a row. */
const MISTAKES: readonly ((cells: string[]) => void)[] = [
  (cells) => {
    cells[3] = 'abc';
  },
  (cells) => {
    cells[3] = '-5';
  },
  (cells) => {
    cells[3] = '';
  },
  (cells) => {
    cells[3] = '1.234,5';
  },
  (cells) => {
    cells[0] = 'VN-99';
  },
  (cells) => {
    cells[1] = '2024Q5';
  },
  (cells) => {
    cells[2] = 'no_such_metric';
  },
];

/** Small CSV uploads with good and bad rows (and repeated keys) for a few provinces and quarters. */
async function writeGeneratedLanding(root: string): Promise<void> {
  const random = seeded(18);
  const metrics = loadMetricCatalog().metrics;
  for (const province of PROVINCES) {
    for (const quarter of QUARTERS) {
      const folder = join(root, province, quarter);
      await mkdir(folder, { recursive: true });
      const lines = ['province,period,metric,value'];
      for (const metric of metrics.slice(0, 5 + Math.floor(random() * 20))) {
        const cells = [province, quarter, metric.code, String(Math.floor(random() * 500))];
        if (random() < 0.25) MISTAKES[Math.floor(random() * MISTAKES.length)]!(cells);
        lines.push(cells.join(','));
        if (random() < 0.05) lines.push(cells.join(','));
      }
      await writeFile(join(folder, `bao-cao-${quarter}.csv`), `${lines.join('\n')}\n`);
    }
  }
  // The same bytes twice in one place, a file of no supported kind and an empty CSV.
  const first = join(root, PROVINCES[0]!, QUARTERS[0]!);
  await cp(join(first, `bao-cao-${QUARTERS[0]}.csv`), join(first, 'ban-sao.csv'));
  await writeFile(join(first, 'bang-tinh.xyz'), 'not a report');
  await writeFile(join(root, PROVINCES[1]!, QUARTERS[1]!, 'rong.csv'), '');
}

describe('small sources written in groups', () => {
  let folder: string;
  let landing: string;
  const runs: Record<'grouped' | 'alone', { warehouse: string; outcomes: FileOutcome[] }> = {} as never;

  beforeAll(async () => {
    folder = await makeTemporaryFolder();
    landing = join(folder, 'landing', 'incoming');
    await cp(SAMPLES, landing, { recursive: true });
    await writeGeneratedLanding(landing);
    const paths = [landing, SAMPLE_BACKFILL];
    // Groups of four, so the sources span many groups and their boundaries.
    const grouped = join(folder, 'grouped');
    runs.grouped = {
      warehouse: grouped,
      outcomes: await ingestPaths(paths, { warehouse: grouped, groups: { sources: 4, bytes: 1 << 20 } }),
    };
    const alone = join(folder, 'alone');
    runs.alone = { warehouse: alone, outcomes: await ingestPaths(paths, { warehouse: alone, groups: false }) };
  }, 240_000);
  afterAll(async () => {
    await removeFolder(folder);
  });

  it('reports every file as writing each source on its own does', () => {
    expect(runs.grouped.outcomes.length).toBeGreaterThan(50);
    expect(runs.grouped.outcomes.map(comparable)).toEqual(runs.alone.outcomes.map(comparable));
    const statuses = new Set(runs.grouped.outcomes.map((outcome) => outcome.summary?.status));
    expect(statuses).toEqual(new Set(['ingested', 'duplicate', 'rejected']));
    expect(runs.grouped.outcomes.some((outcome) => (outcome.summary?.rejected ?? 0) > 0)).toBe(true);
  });

  it('stores the same facts and rejections', async () => {
    const facts = await viewRows(runs.grouped.warehouse, 'facts', 'ingested_at');
    expect(facts.length).toBeGreaterThan(500);
    expect(facts).toEqual(await viewRows(runs.alone.warehouse, 'facts', 'ingested_at'));
    const rejections = await viewRows(runs.grouped.warehouse, 'rejections', 'rejected_at');
    expect(rejections.length).toBeGreaterThan(20);
    expect(rejections).toEqual(await viewRows(runs.alone.warehouse, 'rejections', 'rejected_at'));
  });

  it('writes one manifest per source, listing one file per table and partition, as before', async () => {
    const grouped = await manifests(runs.grouped.warehouse);
    expect(Object.keys(grouped).length).toBe(
      runs.grouped.outcomes.filter((outcome) => outcome.summary && outcome.summary.status !== 'duplicate').length,
    );
    expect(grouped).toEqual(await manifests(runs.alone.warehouse));
  });

  it('finds every source a duplicate when the same files come again', async () => {
    const again = await ingestPaths([landing, SAMPLE_BACKFILL], {
      warehouse: runs.grouped.warehouse,
      groups: { sources: 4, bytes: 1 << 20 },
    });
    expect(again.every((outcome) => outcome.summary?.status === 'duplicate')).toBe(true);
  }, 120_000);
});
