/**
 * Every query file on the hand-checkable fixture warehouse (see fixture-warehouse.ts), with exact
 * results. The arithmetic behind each expected number is in the comments.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQueryLibrary, requireQuery, type QueryLibrary } from '../../pipelines/query/query-library.js';
import { LocalQueryRunner } from '../../adapters/duckdb/local-query-runner.js';
import type { ResultRow } from '../../pipelines/query/query-runner.js';
import { LocalWarehouseStorage } from '../../adapters/local/local-storage.js';
import { makeTemporaryFolder, PROJECT_ROOT, removeFolder } from '../helpers.js';
import { buildFixtureWarehouse } from './fixture-warehouse.js';

let folder: string;
let runner: LocalQueryRunner;
let library: QueryLibrary;

beforeAll(async () => {
  folder = await makeTemporaryFolder();
  await buildFixtureWarehouse(join(folder, 'warehouse'));
  library = readQueryLibrary(join(PROJECT_ROOT, 'queries'));
  runner = await LocalQueryRunner.open(new LocalWarehouseStorage(join(folder, 'warehouse')), {
    cache: { root: join(folder, 'warehouse') },
  });
});

afterAll(async () => {
  await runner.close();
  await removeFolder(folder);
});

async function run(name: string, ...values: string[]): Promise<readonly ResultRow[]> {
  return (await runner.run(requireQuery(library, name), values)).rows;
}

function project(rows: readonly ResultRow[], keys: readonly string[]): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(keys.map((key) => [key, row[key]])));
}

describe('cadre_by_province', () => {
  it('puts the cadre metrics side by side with the ratios and a rank', async () => {
    expect(
      project(await run('cadre_by_province', '2025Q2'), [
        'province',
        'border_communes',
        'seconded_cadres',
        'communes_with_seconded_cadre',
        'commune_deputy_secretaries',
        'council_deputies',
        'share_communes_with_seconded_cadre',
        'deputy_secretaries_per_seconded_cadre',
        'rank_by_share',
      ]),
    ).toEqual([
      // Border communes 27 come from 2024Q2, the latest quarter that gave them; 18/27 = 0.667, 9/20 = 0.45.
      // The council deputies row ("1.5") was rejected, so that column is empty.
      {
        province: 'VN-22',
        border_communes: 27,
        seconded_cadres: 20,
        communes_with_seconded_cadre: 18,
        commune_deputy_secretaries: 9,
        council_deputies: null,
        share_communes_with_seconded_cadre: 0.667,
        deputy_secretaries_per_seconded_cadre: 0.45,
        rank_by_share: 1,
      },
    ]);
  });
});

describe('crime_by_province', () => {
  it('normalises per 100 km of border and per border commune, CSV over text, corrections over originals', async () => {
    expect(
      project(await run('crime_by_province', '2025Q2'), [
        'province',
        'province_name',
        'cases',
        'suspects',
        'administrative_cases',
        'border_km',
        'border_communes',
        'cases_per_100_km',
        'suspects_per_100_km',
        'administrative_cases_per_100_km',
        'cases_per_border_commune',
        'suspects_per_border_commune',
        'rank_by_cases',
      ]),
    ).toEqual([
      // 41 (the correction) × 100 / 468,3 = 8.76; 15 × 100 / 468,3 = 3.20; 21 × 100 / 468,3 = 4.48; 41 / 27 = 1.52; 15 / 27 = 0.56.
      {
        province: 'VN-22',
        province_name: 'Nghệ An',
        cases: 41,
        suspects: 15,
        administrative_cases: 21,
        border_km: 468.3,
        border_communes: 27,
        cases_per_100_km: 8.76,
        suspects_per_100_km: 3.2,
        administrative_cases_per_100_km: 4.48,
        cases_per_border_commune: 1.52,
        suspects_per_border_commune: 0.56,
        rank_by_cases: 1,
      },
      // Text only: 7 cases, 9 suspects; no border figures.
      {
        province: 'VN-13',
        province_name: 'Quảng Ninh',
        cases: 7,
        suspects: 9,
        administrative_cases: null,
        border_km: null,
        border_communes: null,
        cases_per_100_km: null,
        suspects_per_100_km: null,
        administrative_cases_per_100_km: null,
        cases_per_border_commune: null,
        suspects_per_border_commune: null,
        rank_by_cases: 2,
      },
      // 6 × 100 / 274 = 2.19.
      {
        province: 'VN-03',
        province_name: 'Hà Giang',
        cases: 6,
        suspects: null,
        administrative_cases: null,
        border_km: 274,
        border_communes: null,
        cases_per_100_km: 2.19,
        suspects_per_100_km: null,
        administrative_cases_per_100_km: null,
        cases_per_border_commune: null,
        suspects_per_border_commune: null,
        rank_by_cases: 3,
      },
      // Former Tuyên Quang, not yet a border unit: 2 cases, 3 administrative sanctions, no border figures.
      {
        province: 'VN-07',
        province_name: 'Tuyên Quang',
        cases: 2,
        suspects: null,
        administrative_cases: 3,
        border_km: null,
        border_communes: null,
        cases_per_100_km: null,
        suspects_per_100_km: null,
        administrative_cases_per_100_km: null,
        cases_per_border_commune: null,
        suspects_per_border_commune: null,
        rank_by_cases: 4,
      },
    ]);
  });
});

describe('national_trend', () => {
  /** A row as: the total, then each comparison (provinces that reported then, in both, the two sums, the change). */
  function summarise(rows: readonly ResultRow[]): Record<string, unknown>[] {
    return rows.map((row) => ({
      period: row.period,
      metric: row.metric,
      total: row.total,
      provinces: row.provinces_reporting,
      quarter: {
        reported: row.previous_quarter_provinces,
        both: row.like_for_like_quarter_provinces,
        before: row.like_for_like_previous_quarter_total,
        now: row.like_for_like_quarter_total,
        change: row.change_from_previous_quarter,
        pct: row.change_from_previous_quarter_pct,
      },
      year: {
        reported: row.previous_year_provinces,
        both: row.like_for_like_year_provinces,
        before: row.like_for_like_previous_year_total,
        now: row.like_for_like_year_total,
        change: row.change_from_previous_year,
        pct: row.change_from_previous_year_pct,
      },
    }));
  }
  const nothingBefore = { reported: null, both: 0, before: null, now: null, change: null, pct: null };

  it('sums every province per quarter and changes only over the provinces that reported in both quarters', async () => {
    const rows = await run('national_trend', '2025Q1', '2025Q2');
    const crime = rows.filter((row) => String(row.metric).startsWith('crime_'));
    expect(summarise(crime)).toEqual([
      // 2025Q1: 13 (VN-22) + 5 (VN-03) = 18. Only VN-22 reported 2024Q4 too: 11 → 13 = +2 = +18.2 %.
      // Nothing in 2024Q1.
      {
        period: '2025Q1',
        metric: 'crime_cases_detected',
        total: 18,
        provinces: 2,
        quarter: { reported: 1, both: 1, before: 11, now: 13, change: 2, pct: 18.2 },
        year: nothingBefore,
      },
      // VN-22 alone: 14 → 15 = +1 = +7.1 %.
      {
        period: '2025Q1',
        metric: 'crime_suspects_detected',
        total: 15,
        provinces: 1,
        quarter: { reported: 1, both: 1, before: 14, now: 15, change: 1, pct: 7.1 },
        year: nothingBefore,
      },
      // 2025Q2: 41 + 7 + 6 + 2 = 56 over four provinces. Against 2025Q1, VN-22 and VN-03 only:
      // 13 + 5 = 18 → 41 + 6 = 47, +29 = +161.1 % (all four against 18 would read +211.1 %: VN-13 and
      // VN-07 started reporting). Against 2024Q2, VN-22 only: 10 → 41 = +31 = +310 % (not 56 − 10 = +460 %).
      {
        period: '2025Q2',
        metric: 'crime_cases_detected',
        total: 56,
        provinces: 4,
        quarter: { reported: 2, both: 2, before: 18, now: 47, change: 29, pct: 161.1 },
        year: { reported: 1, both: 1, before: 10, now: 41, change: 31, pct: 310 },
      },
      // 15 (VN-22's CSV, not the text's 45) + 9 (VN-13's text) = 24; VN-22 alone gave 15 in 2025Q1 and
      // 2024Q2: no change (the total against 15 would read +60 %).
      {
        period: '2025Q2',
        metric: 'crime_suspects_detected',
        total: 24,
        provinces: 2,
        quarter: { reported: 1, both: 1, before: 15, now: 15, change: 0, pct: 0 },
        year: { reported: 1, both: 1, before: 15, now: 15, change: 0, pct: 0 },
      },
    ]);
    expect(rows.map((row) => row.period).every((period) => period === '2025Q1' || period === '2025Q2')).toBe(true);
  });

  it('compares a merged province with its former units, only when each one expected to report did', async () => {
    expect(summarise(await run('national_trend', '2025Q3', '2025Q3'))).toEqual([
      // Former Tuyên Quang gave 3 in 2025Q2 but Hà Giang, the former unit with a border, gave nothing:
      // 3 is not the same area as the new province's 5, so no change.
      {
        period: '2025Q3',
        metric: 'admin_violation_cases',
        total: 5,
        provinces: 1,
        quarter: { ...nothingBefore, reported: 2 },
        year: nothingBefore,
      },
      // Tuyên Quang (VN-07) since 2025-07-01 = former Hà Giang (VN-03, border, 6) + former Tuyên Quang
      // (VN-07, 2): 8 → 9 = +1 = +12.5 %. In 2024Q3 only VN-22 reported: nothing to compare.
      {
        period: '2025Q3',
        metric: 'crime_cases_detected',
        total: 9,
        provinces: 1,
        quarter: { reported: 4, both: 1, before: 8, now: 9, change: 1, pct: 12.5 },
        year: { ...nothingBefore, reported: 1 },
      },
    ]);
  });
});

describe('province_trend', () => {
  it('gives one province its quarter-over-quarter and year-over-year changes', async () => {
    const rows = await run('province_trend', 'VN-22', '2025Q2', '2025Q2');
    expect(
      project(
        rows.filter((row) => row.metric === 'crime_cases_detected'),
        [
          'period',
          'value',
          'source_key',
          'previous_quarter_value',
          'change_from_previous_quarter',
          'change_from_previous_quarter_pct',
          'previous_year_value',
          'change_from_previous_year',
          'change_from_previous_year_pct',
        ],
      ),
    ).toEqual([
      // 41 against 13: +28 = +215.4 %; against 10: +31 = +310 %.
      {
        period: '2025Q2',
        value: 41,
        source_key: 'incoming/VN-22/2025Q2/b-dieu-chinh.csv',
        previous_quarter_value: 13,
        change_from_previous_quarter: 28,
        change_from_previous_quarter_pct: 215.4,
        previous_year_value: 10,
        change_from_previous_year: 31,
        change_from_previous_year_pct: 310,
      },
    ]);
    expect(rows.map((row) => row.metric).sort()).toEqual([
      'admin_violation_cases',
      'bp_commune_deputy_secretaries',
      'bp_commune_reinforcement_cadres',
      'communes_with_bp_reinforcement',
      'crime_cases_detected',
      'crime_suspects_detected',
    ]);
  });
});

describe('reporting_completeness', () => {
  it('sorts expected units into CSV, text only and missing, and finds the late ones', async () => {
    const rows = await run('reporting_completeness', '2025Q2', '10');
    expect(
      project(
        rows.filter((row) => row.status !== 'missing'),
        [
          'province',
          'expected',
          'status',
          'csv_files',
          'text_files',
          'accepted_values',
          'first_received_at',
          'days_after_quarter_end',
          'late',
        ],
      ),
    ).toEqual([
      // Received 2025-07-25: 25 days after 2025-06-30, over the 10-day deadline.
      {
        province: 'VN-03',
        expected: true,
        status: 'csv',
        csv_files: 1,
        text_files: 0,
        accepted_values: 2,
        first_received_at: '2025-07-25T03:00:00.000Z',
        days_after_quarter_end: 25,
        late: true,
      },
      // Tuyên Quang had no border before the merger: it reported without being expected.
      {
        province: 'VN-07',
        expected: false,
        status: 'csv',
        csv_files: 1,
        text_files: 0,
        accepted_values: 2,
        first_received_at: '2025-07-03T03:00:00.000Z',
        days_after_quarter_end: 3,
        late: false,
      },
      // 6 accepted from the first CSV (one row rejected), 1 from the correction, 3 from the text.
      {
        province: 'VN-22',
        expected: true,
        status: 'csv',
        csv_files: 2,
        text_files: 1,
        accepted_values: 10,
        first_received_at: '2025-07-08T03:00:00.000Z',
        days_after_quarter_end: 8,
        late: false,
      },
      {
        province: 'VN-13',
        expected: true,
        status: 'text_only',
        csv_files: 0,
        text_files: 1,
        accepted_values: 2,
        first_received_at: '2025-07-12T03:00:00.000Z',
        days_after_quarter_end: 12,
        late: true,
      },
    ]);
    const missing = rows.filter((row) => row.status === 'missing');
    // 44 border or coastal units existed in 2025Q2; three of them reported.
    expect(missing).toHaveLength(41);
    expect(missing.every((row) => row.expected === true && row.late === null && row.first_received_at === null)).toBe(
      true,
    );
    expect(missing.map((row) => row.province)).toContain('VN-01');
  });

  it('moves the deadline with its parameter', async () => {
    const rows = await run('reporting_completeness', '2025Q2', '30');
    expect(rows.filter((row) => row.late === true)).toEqual([]);
  });

  it('counts days in Vietnam time', async () => {
    // Received 2025-10-10 18:30 UTC = 2025-10-11 01:30 in Vietnam: day 11, one day late.
    const rows = await run('reporting_completeness', '2025Q3', '10');
    expect(
      project(
        rows.filter((row) => row.status !== 'missing'),
        ['province', 'expected', 'days_after_quarter_end', 'late'],
      ),
    ).toEqual([{ province: 'VN-07', expected: true, days_after_quarter_end: 11, late: true }]);
  });
});

describe('rejections_summary', () => {
  it('lists each rejected record by province, file and reason', async () => {
    expect(
      project(await run('rejections_summary', '2025Q2'), [
        'province',
        'source_key',
        'column',
        'rejected_rows',
        'first_line',
      ]),
    ).toEqual([
      {
        province: 'VN-22',
        source_key: 'incoming/VN-22/2025Q2/a-nghe-an.csv',
        column: 'value',
        rejected_rows: 1,
        first_line: 8,
      },
    ]);
  });
});

describe('text_csv_conflicts', () => {
  it('lists text figures that disagree with the current CSV value, and lets a close approximate one pass', async () => {
    expect(
      project(await run('text_csv_conflicts', '2025Q2'), [
        'province',
        'metric',
        'csv_value',
        'csv_source_key',
        'csv_line',
        'text_value',
        'text_approx',
        'difference',
        'difference_pct',
      ]),
    ).toEqual([
      // Against the correction's 41, not the first file's 40: 38 − 41 = −3 = −7.3 %.
      {
        province: 'VN-22',
        metric: 'crime_cases_detected',
        csv_value: 41,
        csv_source_key: 'incoming/VN-22/2025Q2/b-dieu-chinh.csv',
        csv_line: 2,
        text_value: 38,
        text_approx: false,
        difference: -3,
        difference_pct: -7.3,
      },
      {
        province: 'VN-22',
        metric: 'crime_suspects_detected',
        csv_value: 15,
        csv_source_key: 'incoming/VN-22/2025Q2/a-nghe-an.csv',
        csv_line: 3,
        text_value: 45,
        text_approx: false,
        difference: 30,
        difference_pct: 200,
      },
      // "khoảng 20 vụ" against 21 is within 10 %: not listed.
    ]);
  });
});

describe('outliers', () => {
  it('scores a value against the province’s own history', async () => {
    expect(
      project(await run('outliers', '2025Q2', '3'), [
        'province',
        'metric',
        'value',
        'history_quarters',
        'history_from',
        'history_to',
        'history_mean',
        'history_stddev',
        'history_min',
        'history_max',
        'z_score',
        'outside_bounds',
      ]),
    ).toEqual([
      // History 10, 12, 11, 13: mean 11.5, sample sd √(5/3) = 1.29; (41 − 11.5) / 1.29 = 22.85.
      {
        province: 'VN-22',
        metric: 'crime_cases_detected',
        value: 41,
        history_quarters: 4,
        history_from: '2024Q2',
        history_to: '2025Q1',
        history_mean: 11.5,
        history_stddev: 1.29,
        history_min: 10,
        history_max: 13,
        z_score: 22.85,
        outside_bounds: true,
      },
    ]);
  });

  it('needs enough history: suspects 15 against 15, 16, 14, 15 is not an outlier', async () => {
    expect((await run('outliers', '2025Q2', '3')).some((row) => row.metric === 'crime_suspects_detected')).toBe(false);
  });
});

describe('provenance', () => {
  it('lists every source behind a value and marks the current one', async () => {
    expect(
      project(await run('provenance', '2025Q2', 'VN-22', 'crime_cases_detected'), [
        'value',
        'is_current',
        'source_kind',
        'source_key',
        'source_row',
        'span_start',
        'span_end',
      ]),
    ).toEqual([
      {
        value: 41,
        is_current: true,
        source_kind: 'csv',
        source_key: 'incoming/VN-22/2025Q2/b-dieu-chinh.csv',
        source_row: 2,
        span_start: null,
        span_end: null,
      },
      {
        value: 38,
        is_current: false,
        source_kind: 'text',
        source_key: 'incoming/VN-22/2025Q2/c-bao-cao.txt',
        source_row: null,
        span_start: 59,
        span_end: 61,
      },
      {
        value: 40,
        is_current: false,
        source_kind: 'csv',
        source_key: 'incoming/VN-22/2025Q2/a-nghe-an.csv',
        source_row: 2,
        span_start: null,
        span_end: null,
      },
    ]);
  });

  it('takes * for every province and metric, with one current row per province and metric', async () => {
    const rows = await run('provenance', '2025Q2', '*', '*');
    // VN-03: 2 values; VN-07: 2; VN-13: 2 from text; VN-22: 6 + 1 correction + 3 from text.
    expect(rows).toHaveLength(16);
    const current = rows
      .filter((row) => row.is_current === true)
      .map((row) => `${String(row.province)} ${String(row.metric)}`);
    expect(new Set(current).size).toBe(current.length);
    // VN-22's correction and text values are history: 2 + 2 + 2 + 6 current.
    expect(current).toHaveLength(12);
  });
});

describe('merged_history', () => {
  it('sums former units into the current province and says whether the sum is complete', async () => {
    expect(
      project(await run('merged_history', 'crime_cases_detected', '2025Q1', '2025Q3'), [
        'province',
        'period',
        'value',
        'units_reporting',
        'units_expected',
        'complete',
      ]),
    ).toEqual([
      // Tuyên Quang (VN-07) since 2025-07-01 = former Hà Giang + Tuyên Quang.
      { province: 'VN-07', period: '2025Q1', value: 5, units_reporting: 1, units_expected: 2, complete: false },
      { province: 'VN-07', period: '2025Q2', value: 8, units_reporting: 2, units_expected: 2, complete: true },
      { province: 'VN-07', period: '2025Q3', value: 9, units_reporting: 1, units_expected: 1, complete: true },
      { province: 'VN-13', period: '2025Q2', value: 7, units_reporting: 1, units_expected: 1, complete: true },
      { province: 'VN-22', period: '2025Q1', value: 13, units_reporting: 1, units_expected: 1, complete: true },
      { province: 'VN-22', period: '2025Q2', value: 41, units_reporting: 1, units_expected: 1, complete: true },
    ]);
  });
});
