/**
 * The rollup's charts: Vega-Lite specifications compiled and rendered to SVG by Vega in Node, so the
 * page needs no script or network to show them.
 */
import { parse, View } from 'vega';
import { compile, type Config, type TopLevelSpec } from 'vega-lite';
import type { ResultRow } from '../query/query-runner.js';
import type { RollupData } from './collect-rollup.js';

export interface RenderedChart {
  readonly id: string;
  readonly vi: string;
  readonly en: string;
  /** The chart as standalone SVG markup. */
  readonly svg: string;
  /** The Vega-Lite specification it was rendered from (kept in rollup.json). */
  readonly spec: TopLevelSpec;
}

const FONT = "'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif";
const CONFIG: Config = {
  font: FONT,
  // Numbers in Vietnamese style, as in the tables: 1.234,5.
  locale: { number: { decimal: ',', thousands: '.', grouping: [3], currency: ['', ' đ'] as [string, string] } },
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, grid: true, gridColor: '#e5e7eb' },
  header: { labelFontSize: 12, labelFontWeight: 'bold', labelLimit: 0 },
};

/** Metrics drawn in the national trend, in order; those without data in the window are left out. */
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

function barSpec(title: string, bars: readonly Bar[], format: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    width: 460,
    height: { step: 20 },
    // Largest first; the order is the data's, so both layers agree on it.
    data: {
      values: [...bars].sort((a, b) => b.value - a.value || a.label.localeCompare(b.label)).map((bar) => ({ ...bar })),
    },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 180 } },
      x: { field: 'value', type: 'quantitative', title, axis: { format } },
    },
    layer: [
      { mark: { type: 'bar', color: '#1d4ed8' } },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, color: '#111827' },
        encoding: { text: { field: 'value', type: 'quantitative', format } },
      },
    ],
  };
}

function barsOf(rows: readonly ResultRow[], key: string, scale = 1): Bar[] {
  return rows.flatMap((row) => {
    const value = row[key];
    return typeof value === 'number'
      ? [
          {
            label: `${String(row.province_name)} (${String(row.province)})`,
            value: Math.round(value * scale * 1e6) / 1e6,
          },
        ]
      : [];
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
  const spec = barSpec(`${vi} · ${en}`, bars, format);
  return { id, vi, en, spec, svg: await renderSvg(spec) };
}

async function trendChart(data: RollupData): Promise<RenderedChart | null> {
  const points = data.nationalTrend.filter(
    (row) => (TREND_METRICS as readonly string[]).includes(String(row.metric)) && typeof row.total === 'number',
  );
  if (points.length === 0) return null;
  const order = TREND_METRICS.filter((metric) => points.some((row) => row.metric === metric));
  const values = points.map((row) => ({
    period: String(row.period),
    metric: String(row.label_vi),
    order: order.indexOf(row.metric as (typeof TREND_METRICS)[number]),
    total: row.total as number,
    provinces: row.provinces_reporting,
  }));
  const periods: string[] = [];
  for (let period = data.trendFrom; periods.length < 8; period = nextPeriod(period)) periods.push(period);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    data: { values },
    facet: { field: 'metric', type: 'nominal', title: null, sort: { field: 'order' } },
    columns: 2,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 300,
      height: 140,
      layer: [
        { mark: { type: 'line', color: '#1d4ed8', strokeWidth: 2 } },
        { mark: { type: 'point', filled: true, color: '#1d4ed8', size: 40 } },
        {
          mark: { type: 'text', dy: -9, fontSize: 9, color: '#374151' },
          encoding: { text: { field: 'total', type: 'quantitative', format: ',.4~f' } },
        },
      ],
      encoding: {
        x: {
          field: 'period',
          type: 'ordinal',
          scale: { domain: periods },
          title: null,
          axis: { labelAngle: 0, labelFontSize: 9 },
        },
        y: {
          field: 'total',
          type: 'quantitative',
          title: null,
          scale: { zero: false },
          axis: { format: ',.4~f', tickCount: 4 },
        },
      },
    },
  };
  return {
    id: 'national-trend',
    vi: `Xu hướng toàn quốc ${data.trendFrom}–${data.period}`,
    en: `National trend ${data.trendFrom}–${data.period}`,
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
  readonly trend: RenderedChart | null;
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
  return {
    trend: await trendChart(data),
    cadre: cadre.filter((chart): chart is RenderedChart => chart !== null),
    crime: crime.filter((chart): chart is RenderedChart => chart !== null),
  };
}
