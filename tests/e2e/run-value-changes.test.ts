/**
 * The values a run's sources changed are read for the whole run at once; each receipt and each
 * summary line must still say exactly what the per-source definitions say: a receipt against the
 * sources ingested before it, a summary line against the values current before the run, each
 * value ranked by `CURRENT_VALUE_ORDER` over the `facts` view.
 */
import { cp, mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths, type FileOutcome } from '../../cli/commands/ingest.js';
import { DuckDbDatabase } from '../../adapters/duckdb/duckdb-database.js';
import { createWarehouseViews } from '../../adapters/duckdb/warehouse-views.js';
import { LocalWarehouseStorage } from '../../adapters/local/local-storage.js';
import type { ResultRow } from '../../pipelines/query/query-runner.js';
import { CURRENT_VALUE_ORDER } from '../../pipelines/warehouse/views.js';
import { makeTemporaryFolder, removeFolder, SAMPLES } from '../helpers.js';

let folder: string;
let warehouse: string;
const HEADER = 'province,period,metric,value\n';
const DAY = 24 * 60 * 60;
const START = Date.now() / 1000 - 30 * DAY;

/** Puts a file under `<landing>/incoming/`, uploaded `days` after the start. */
async function upload(landing: string, key: string, text: string, days: number): Promise<void> {
  const path = join(landing, 'incoming', ...key.split('/'));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  await utimes(path, START + days * DAY, START + days * DAY);
}

const ranked = (from: string) =>
  `SELECT *, ROW_NUMBER() OVER (PARTITION BY province, period, metric ORDER BY ${CURRENT_VALUE_ORDER}) AS current_rank FROM ${from}`;

/** A receipt's changes, one source at a time: the current values among the sources ingested up to it. */
const RECEIPT_SQL =
  'WITH this AS (SELECT MIN(ingested_at) AS t FROM facts WHERE source_sha256 = ? AND source_key = ?), ' +
  `before AS (${ranked('facts WHERE ingested_at < (SELECT t FROM this)')}), ` +
  `after AS (${ranked('facts WHERE ingested_at <= (SELECT t FROM this)')}) ` +
  'SELECT a.province, a.period, a.metric, b.value AS old_value, b.denominator AS old_denominator, ' +
  'b.source_key AS old_source_key, a.value AS new_value, a.denominator AS new_denominator FROM after a ' +
  'LEFT JOIN before b ON b.province = a.province AND b.period = a.period AND b.metric = a.metric ' +
  'AND b.current_rank = 1 WHERE a.current_rank = 1 AND a.source_sha256 = ? AND a.source_key = ? ' +
  'AND (b.province IS NULL OR b.value IS DISTINCT FROM a.value OR b.denominator IS DISTINCT FROM a.denominator) ' +
  'ORDER BY a.province, a.period, a.metric';

/**
 * A summary line, one source at a time: its first value per key, the value current among the
 * sources outside the run, and whether the source's value would rank first among those.
 */
const SUMMARY_SQL =
  "WITH run AS (SELECT UNNEST(string_split(?, ',')) AS sha256), " +
  'outside AS (SELECT * FROM facts WHERE source_sha256 NOT IN (SELECT sha256 FROM run)), ' +
  'mine AS (SELECT * FROM facts WHERE source_sha256 = ? AND source_key = ?), ' +
  `first AS (SELECT * FROM (${ranked('mine')}) WHERE current_rank = 1), ` +
  `before AS (SELECT * FROM (${ranked('outside')}) WHERE current_rank = 1), ` +
  `winner AS (SELECT * FROM (${ranked('(SELECT * FROM outside UNION ALL BY NAME SELECT * FROM mine)')}) WHERE current_rank = 1) ` +
  'SELECT f.province, f.period, f.metric, f.value, f.denominator, b.value AS before_value, ' +
  'b.denominator AS before_denominator, b.source_key AS before_key, b.source_kind AS before_kind, ' +
  '(w.source_sha256 = f.source_sha256 AND w.source_key = f.source_key) AS wins FROM first f ' +
  'LEFT JOIN before b ON b.province = f.province AND b.period = f.period AND b.metric = f.metric ' +
  'JOIN winner w ON w.province = f.province AND w.period = f.period AND w.metric = f.metric ' +
  'ORDER BY f.source_row NULLS LAST, f.span_start NULLS LAST';

interface Expected {
  readonly summary: { changed: number; added: number; unchanged: number; changes: unknown[] };
  readonly receipt: { values_added: number; values_updated: number; changes: unknown[] };
  /** Values a text report gave where a CSV value stays current. */
  readonly underCsv: number;
}

/** What each ingested source of a run changed, by the per-source definitions. */
async function expectedChanges(outcomes: readonly FileOutcome[]): Promise<Map<string, Expected>> {
  const sources = outcomes.flatMap(({ summary }) =>
    summary?.status === 'ingested' && summary.accepted > 0 ? [summary] : [],
  );
  const run = sources.map((summary) => summary.sha256).join(',');
  const database = await DuckDbDatabase.open();
  const expected = new Map<string, Expected>();
  try {
    await createWarehouseViews(database, new LocalWarehouseStorage(warehouse), { cache: { root: warehouse } });
    for (const { sha256, key } of sources) {
      const receiptRows = (await database.query(RECEIPT_SQL, [sha256, key, sha256, key])).rows;
      const summaryRows = (await database.query(SUMMARY_SQL, [run, sha256, key])).rows;
      expected.set(sha256, {
        summary: summaryOf(summaryRows),
        receipt: {
          values_added: receiptRows.filter((row) => row.old_value === null).length,
          values_updated: receiptRows.filter((row) => row.old_value !== null).length,
          changes: receiptRows.filter((row) => row.old_value !== null).map((row) => ({ ...row })),
        },
        underCsv: summaryRows.filter((row) => row.before_kind === 'csv' && !row.wins && row.value !== row.before_value)
          .length,
      });
    }
  } finally {
    database.close();
  }
  return expected;
}

function summaryOf(rows: readonly ResultRow[]): Expected['summary'] {
  const summary = { changed: 0, added: 0, unchanged: 0, changes: [] as unknown[] };
  for (const row of rows) {
    if (row.before_value === null) summary.added++;
    else if (row.wins && (row.value !== row.before_value || row.denominator !== row.before_denominator)) {
      summary.changed++;
      summary.changes.push({
        province: row.province,
        period: row.period,
        metric: row.metric,
        from: row.before_value,
        fromDenominator: row.before_denominator,
        to: row.value,
        toDenominator: row.denominator,
        fromSource: row.before_key,
      });
    } else summary.unchanged++;
  }
  return summary;
}

/** Checks every summary line and receipt of a run against the per-source definitions; returns them. */
async function expectSameAsPerSource(outcomes: readonly FileOutcome[]): Promise<Map<string, Expected>> {
  const expected = await expectedChanges(outcomes);
  expect(expected.size).toBeGreaterThan(0);
  for (const outcome of outcomes) {
    const summary = outcome.summary;
    const wanted = summary && expected.get(summary.sha256);
    if (!summary || !wanted || summary.status !== 'ingested') continue;
    expect(outcome.changes, summary.key).toEqual(wanted.summary);
    expect(outcome.receipt, summary.key).toBeDefined();
    const receipt = JSON.parse(await readFile(outcome.receipt as string, 'utf8')) as Record<string, unknown>;
    expect(
      { values_added: receipt.values_added, values_updated: receipt.values_updated, changes: receipt.changes },
      summary.key,
    ).toEqual(wanted.receipt);
  }
  return expected;
}

const total = (expected: Map<string, Expected>, pick: (entry: Expected) => number): number =>
  [...expected.values()].reduce((sum, entry) => sum + pick(entry), 0);

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  warehouse = join(folder, 'warehouse');
}, 60_000);
afterAll(async () => removeFolder(folder));

describe('the values a run changed, computed for the whole run at once', () => {
  it('match the per-source definitions for the samples, grouped and one at a time', async () => {
    for (const [name, groups] of [
      ['grouped', undefined],
      ['alone', false],
    ] as const) {
      const landing = join(folder, `samples-${name}`);
      await cp(SAMPLES, join(landing, 'incoming'), { recursive: true });
      const outcomes = await ingestPaths([join(landing, 'incoming')], { warehouse: join(warehouse, name), groups });
      const saved = warehouse;
      warehouse = join(saved, name);
      try {
        const expected = await expectSameAsPerSource(outcomes);
        expect(total(expected, (entry) => entry.receipt.values_added)).toBeGreaterThan(0);
        // Corrections among the samples replace values of files ingested before them in the same run.
        expect(total(expected, (entry) => entry.receipt.values_updated)).toBeGreaterThan(0);
      } finally {
        warehouse = saved;
      }
    }
  }, 120_000);

  it('match them for re-uploads that change values, text under a CSV value and several uploads of one key', async () => {
    const first = join(folder, 'first');
    const csv = (values: readonly (readonly [string, number])[]) =>
      HEADER + values.map(([metric, value]) => `VN-22,2024Q3,${metric},${value}\n`).join('');
    await upload(
      first,
      'VN-22/2024Q3/bao-cao.csv',
      csv([
        ['border_posts', 16],
        ['border_communes', 9],
      ]),
      1,
    );
    await upload(first, 'VN-33/2024Q3/bao-cao.csv', HEADER + 'VN-33,2024Q3,border_posts,4\n', 1);
    const report = await readFile(join(SAMPLES, 'VN-22', '2025Q2', '000_47ce2dc210bb9c1c.txt'), 'utf8');
    await upload(first, 'VN-22/2025Q2/bao-cao.txt', report, 1);
    const firstRun = await ingestPaths([join(first, 'incoming')], { warehouse });
    await expectSameAsPerSource(firstRun);

    const second = join(folder, 'second');
    // A correction, then a second one of the same key in the same run, and a late copy of an older upload.
    await upload(
      second,
      'VN-22/2024Q3/sua-1.csv',
      csv([
        ['border_posts', 17],
        ['border_communes', 9],
      ]),
      2,
    );
    await upload(
      second,
      'VN-22/2024Q3/sua-2.csv',
      csv([
        ['border_posts', 18],
        ['crime_cases_detected', 3],
      ]),
      3,
    );
    await upload(
      second,
      'VN-22/2024Q3/cu.csv',
      csv([
        ['border_posts', 15],
        ['crime_cases_detected', 2],
      ]),
      0,
    );
    // A text report under the quarter's CSV values, and one whose numbers differ from the earlier report's.
    await upload(second, 'VN-22/2024Q3/bao-cao.txt', `${report}\n`, 2);
    await upload(second, 'VN-22/2025Q2/bao-cao-sua.txt', report.replace(/\b6\b/g, '7'), 2);
    await upload(second, 'VN-22/2025Q2/so-lieu.csv', HEADER + 'VN-22,2025Q2,border_posts,16\n', 2);
    for (const [name, groups] of [
      ['grouped', undefined],
      ['alone', false],
    ] as const) {
      const run = join(folder, `second-${name}`);
      await cp(second, run, { recursive: true, preserveTimestamps: true });
      const target = join(folder, `warehouse-${name}`);
      await cp(warehouse, target, { recursive: true });
      const saved = warehouse;
      warehouse = target;
      try {
        const outcomes = await ingestPaths([join(run, 'incoming')], { warehouse, groups });
        const expected = await expectSameAsPerSource(outcomes);
        expect(total(expected, (entry) => entry.summary.changed)).toBeGreaterThan(0);
        expect(total(expected, (entry) => entry.receipt.values_updated)).toBeGreaterThan(
          total(expected, (entry) => entry.summary.changed),
        );
        expect(total(expected, (entry) => entry.underCsv)).toBeGreaterThan(0);
      } finally {
        warehouse = saved;
      }
    }
  }, 120_000);

  it('match them for a CSV whose rows DuckDB checked, alone in its partitions or not', async () => {
    // Rows checked in DuckDB never pass through JavaScript, so the run keeps none of its values.
    const own = join(folder, 'engine-warehouse');
    const runOf = async (name: string, text: string, days: number) => {
      const landing = join(folder, `engine-${name}`);
      await upload(landing, `VN-22/2024Q3/${name}.csv`, text, days);
      const saved = warehouse;
      warehouse = own;
      try {
        const outcomes = await ingestPaths([join(landing, 'incoming')], {
          warehouse,
          groups: false,
          rowsInEngineFromBytes: 0,
        });
        expect(outcomes.map((outcome) => outcome.summary?.status)).toEqual(['ingested']);
        return await expectSameAsPerSource(outcomes);
      } finally {
        warehouse = saved;
      }
    };
    const rows = (value: number) =>
      HEADER +
      `VN-22,2024Q3,border_posts,${value}\nVN-22,2024Q4,border_posts,${value}\nVN-22,2024Q4,border_communes,5\n`;
    const first = await runOf('dau', rows(10), 1);
    expect(total(first, (entry) => entry.receipt.values_added)).toBe(3);
    // The same partitions again, with one value changed: compared, not counted as new.
    const second = await runOf('sua', rows(11), 2);
    expect(total(second, (entry) => entry.receipt.values_updated)).toBe(2);
    expect(total(second, (entry) => entry.summary.changed)).toBe(2);
  }, 120_000);
});
