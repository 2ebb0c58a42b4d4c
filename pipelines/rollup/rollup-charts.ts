/**
 * The rollup's charts: Vega-Lite specifications compiled and rendered to SVG by Vega in Node, so the
 * page needs no script or network to show them.
 */
import { parse, View } from 'vega';
import { compile, type Config, type TopLevelSpec } from 'vega-lite';
import type { ResultRow } from '../query/query-runner.js';
import type { RollupData } from './collect-rollup.js';
import { formatCell } from './rollup-format.js';

export interface RenderedChart {
  readonly id: string;
  readonly vi: string;
  readonly en: string;
  /** A line under the caption (the latest value of a trend). */
  readonly detail?: string;
  /** The chart as standalone SVG markup. */
  readonly svg: string;
  /** The Vega-Lite specification it was rendered from (kept in rollup.json). */
  readonly spec: TopLevelSpec;
}

const FONT = "'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif";
/**
 * Every chart is 340 px wide, axes and labels included, with 12 px text: shown at the full width of
 * a phone (390 px less margins) or in a column of the desktop page, no text ends up below 11 px.
 */
const CHART_WIDTH = 340;
const TEXT_SIZE = 12;
const FIT_WIDTH = { type: 'fit-x', contains: 'padding' } as const;
const CONFIG: Config = {
  font: FONT,
  // Numbers in Vietnamese style, as in the tables: 1.234,5.
  locale: { number: { decimal: ',', thousands: '.', grouping: [3], currency: ['', ' đ'] as [string, string] } },
  view: { stroke: null },
  axis: { labelFontSize: TEXT_SIZE, titleFontSize: TEXT_SIZE, grid: true, gridColor: '#e5e7eb', labelColor: '#374151' },
};

/** Metrics drawn in the national trend, in order; those with fewer than two quarters of data are left out. */
export const TREND_METRICS = [
  'crime_cases_detected',
  'crime_suspects_detected',
  'drugs_seized_kg',
  'admin_violation_cases',
  'bp_commune_reinforcement_cadres',
  'new_party_members_admitted',
] as const;

async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

interface Bar {
  readonly label: string;
  readonly value: number;
}

function barSpec(bars: readonly Bar[], format: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    width: CHART_WIDTH,
    autosize: FIT_WIDTH,
    // A fixed height per bar (a step height would stop the chart fitting its width).
    height: bars.length * 22,
    // Largest first; the order is the data's, so both layers agree on it.
    data: {
      values: [...bars].sort((a, b) => b.value - a.value || a.label.localeCompare(b.label)).map((bar) => ({ ...bar })),
    },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 150, grid: false } },
      // The caption names the measure; the axis only needs its numbers.
      x: {
        field: 'value',
        type: 'quantitative',
        title: null,
        scale: { zero: true },
        axis: { format: ',.4~f', tickCount: 3 },
      },
    },
    layer: [
      { mark: { type: 'bar', color: '#1d4ed8' } },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: TEXT_SIZE, color: '#111827' },
        encoding: { text: { field: 'value', type: 'quantitative', format } },
      },
    ],
  };
}

function barsOf(rows: readonly ResultRow[], key: string, scale = 1): Bar[] {
  return rows.flatMap((row) => {
    const value = row[key];
    if (typeof value !== 'number') return [];
    return [{ label: String(row.province_name), value: Math.round(value * scale * 1e6) / 1e6 }];
  });
}

async function barChart(
  id: string,
  vi: string,
  en: string,
  bars: readonly Bar[],
  format = ',.4~f',
): Promise<RenderedChart | null> {
  if (bars.length === 0) return null;
  const spec = barSpec(bars, format);
  return { id, vi, en, spec, svg: await renderSvg(spec) };
}

/** Quarters from `first` to `last`, both included. */
function quartersBetween(first: string, last: string): string[] {
  const quarters: string[] = [];
  for (let period = first; period <= last; period = nextPeriod(period)) quarters.push(period);
  return quarters;
}

/**
 * One metric's national total per quarter, from its first quarter with data (no empty stretch) to
 * the reported one. The value axis starts at zero; no value is written inside the plot, so no text
 * crosses the line. Each quarter's tick says how many provinces the total adds up, since a total
 * also moves when a province starts or stops reporting.
 */
async function trendChart(data: RollupData, metric: string): Promise<RenderedChart | null> {
  const points = data.nationalTrend.filter(
    (row) => row.metric === metric && typeof row.total === 'number' && String(row.period) <= data.period,
  );
  if (points.length < 2) return null;
  const periods = points.map((row) => String(row.period)).sort();
  const reporting = new Map(points.map((row) => [String(row.period), Number(row.provinces_reporting ?? 0)]));
  // Q3, 2024 and n=7 on three lines under each quarter (the axis splits the label at '|').
  const tick = (period: string): string => `Q${period.slice(5)}|${period.slice(0, 4)}|n=${reporting.get(period) ?? 0}`;
  const domain = quartersBetween(periods[0]!, data.period).map(tick);
  const first = points[0]!;
  const latest = points.find((row) => row.period === data.period);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    width: CHART_WIDTH,
    autosize: FIT_WIDTH,
    height: 150,
    data: { values: points.map((row) => ({ quarter: tick(String(row.period)), total: row.total as number })) },
    encoding: {
      x: {
        field: 'quarter',
        type: 'ordinal',
        title: null,
        scale: { domain },
        axis: { labelAngle: 0, labelExpr: "split(datum.value, '|')", labelLineHeight: 14, grid: false },
      },
      y: {
        field: 'total',
        type: 'quantitative',
        title: null,
        scale: { zero: true, nice: true },
        axis: { format: ',.4~f', tickCount: 4 },
      },
    },
    layer: [
      { mark: { type: 'line', color: '#1d4ed8', strokeWidth: 2 } },
      { mark: { type: 'point', filled: true, color: '#1d4ed8', size: 40 } },
    ],
  };
  const total = latest && typeof latest.total === 'number' ? formatCell(latest.total, 'integer') : null;
  const provinces = latest ? Number(latest.provinces_reporting ?? 0) : 0;
  return {
    id: `trend-${metric.replace(/_/g, '-')}`,
    vi: String(first.label_vi),
    en: String(first.label_en),
    detail:
      total === null
        ? `${data.period}: chưa có số liệu · no figure yet`
        : `${data.period}: ${total} · ${provinces} tỉnh báo cáo · provinces reporting`,
    spec,
    svg: await renderSvg(spec),
  };
}

function nextPeriod(period: string): string {
  const year = Number(period.slice(0, 4));
  const quarter = Number(period.slice(5, 6));
  return quarter === 4 ? `${year + 1}Q1` : `${year}Q${quarter + 1}`;
}

export interface RollupCharts {
  /** One small chart per trend metric with at least two quarters of data. */
  readonly trend: readonly RenderedChart[];
  readonly cadre: readonly RenderedChart[];
  readonly crime: readonly RenderedChart[];
}

/** Renders every chart of the report (a chart with no data is left out, not drawn empty). */
export async function renderRollupCharts(data: RollupData): Promise<RollupCharts> {
  const cadre = await Promise.all([
    barChart(
      'chart-seconded-cadres',
      'Cán bộ biên phòng tăng cường cho xã',
      'Border-guard cadres seconded to communes',
      barsOf(data.cadre, 'seconded_cadres'),
      ',d',
    ),
    barChart(
      'chart-seconded-share',
      'Tỷ lệ xã biên giới có cán bộ tăng cường (%)',
      'Share of border communes with a seconded cadre (%)',
      barsOf(data.cadre, 'share_communes_with_seconded_cadre', 100),
      ',.1f',
    ),
  ]);
  const crime = await Promise.all([
    barChart(
      'chart-crime-cases',
      'Vụ vi phạm, tội phạm phát hiện',
      'Crime and violation cases detected',
      barsOf(data.crime, 'cases'),
      ',d',
    ),
    barChart(
      'chart-cases-per-100-km',
      'Số vụ trên 100 km biên giới',
      'Cases per 100 km of land border',
      barsOf(data.crime, 'cases_per_100_km'),
      ',.2f',
    ),
    barChart(
      'chart-drugs-seized',
      'Ma túy thu giữ (kg)',
      'Drugs seized (kg)',
      barsOf(data.crime, 'drugs_seized_kg'),
      ',.4~f',
    ),
  ]);
  const trend = await Promise.all(TREND_METRICS.map((metric) => trendChart(data, metric)));
  return {
    trend: trend.filter((chart): chart is RenderedChart => chart !== null),
    cadre: cadre.filter((chart): chart is RenderedChart => chart !== null),
    crime: crime.filter((chart): chart is RenderedChart => chart !== null),
  };
}
