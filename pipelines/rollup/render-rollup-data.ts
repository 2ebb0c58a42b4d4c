/** rollup.csv and rollup.json: the page's tables as data, the same numbers the page shows. */
import { writeCsv, type CsvCell } from '../csv/write-csv.js';
import { PIPELINE_VERSION } from '../version.js';
import type { RollupData } from './collect-rollup.js';
import type { RollupCharts } from './rollup-charts.js';
import type { RollupTable } from './rollup-tables.js';

/** Columns that only label a row (already in the CSV's own province and metric columns, or names). */
const LABEL_COLUMNS = new Set(['province', 'province_name', 'metric', 'label_vi', 'label_en', 'measure']);

export const ROLLUP_CSV_COLUMNS = ['table', 'row', 'province', 'metric', 'measure', 'column', 'value'] as const;

/**
 * One line per cell of every table (long format, easy to filter in a spreadsheet): the table, the
 * row's position, its province and metric when it has them, the column and the value.
 */
export function renderRollupCsv(tables: readonly RollupTable[]): string {
  const lines: Record<string, CsvCell>[] = [];
  for (const table of tables) {
    table.rows.forEach((row, index) => {
      for (const column of table.columns) {
        if (LABEL_COLUMNS.has(column.key)) continue;
        const value = row.cells[column.key];
        if (value === null || value === undefined) continue;
        lines.push({
          table: table.id,
          row: index + 1,
          province: (row.cells.province as CsvCell) ?? null,
          metric: (row.cells.metric as CsvCell) ?? null,
          measure: (row.cells.measure as CsvCell) ?? null,
          column: column.key,
          value,
        });
      }
    });
  }
  return writeCsv(ROLLUP_CSV_COLUMNS, lines);
}

/** The report as JSON: settings, every table with its bilingual column names, the chart specifications. */
export function renderRollupJson(data: RollupData, tables: readonly RollupTable[], charts: RollupCharts): string {
  const chartList = [...charts.trend, ...charts.cadre, ...charts.crime];
  return `${JSON.stringify(
    {
      period: data.period,
      previous_quarter: data.previousQuarter,
      previous_year: data.previousYear,
      trend_from: data.trendFrom,
      deadline_days: data.deadlineDays,
      z_threshold: data.zThreshold,
      generated_at: data.generatedAt,
      engine: data.engine,
      provstat_version: PIPELINE_VERSION,
      tables: tables.map((table) => ({
        id: table.id,
        title_vi: table.vi,
        title_en: table.en,
        note: table.note ?? null,
        columns: table.columns.map((column) => ({
          key: column.key,
          label_vi: column.vi,
          label_en: column.en,
          format: column.format,
          out_of: column.outOf ?? null,
        })),
        rows: table.rows.map((row) => row.cells),
      })),
      charts: chartList.map((chart) => ({
        id: chart.id,
        title_vi: chart.vi,
        title_en: chart.en,
        vega_lite: chart.spec,
      })),
    },
    null,
    2,
  )}\n`;
}
