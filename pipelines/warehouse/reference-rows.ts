/**
 * The reference tables' contents, from the project's copy of the reference data: the province
 * table (units before and after the 2025 merger) and the metric catalog, with the keys each is
 * stored under and a digest that changes whenever the data or the layout does.
 */
import { createHash } from 'node:crypto';
import { formatPeriod, type Period } from '../period.js';
import { loadMetricCatalog } from '../reference/catalog.js';
import { METRIC_CATALOG_JSON } from '../reference/metric-catalog.data.js';
import { PROVINCES_CSV } from '../reference/provinces.data.js';
import { currentCodeOf, firstReportingPeriod, lastReportingPeriod, loadProvinceUnits } from '../reference/provinces.js';
import { METRICS_KEY, PROVINCES_KEY, REFERENCE_TABLE_FOLDERS } from './layout.js';
import { METRIC_COLUMNS, PROVINCE_COLUMNS, type TableColumn } from './table-columns.js';

/** Changes when the reference files' layout changes, so existing warehouses are rewritten. */
const LAYOUT_VERSION = 'reference-layout-2';

export type ReferenceValue = string | number | boolean | null;

export interface ReferenceTable {
  readonly name: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly ReferenceValue[])[];
  /** Every key the table is stored under (the same file each time). */
  readonly keys: readonly string[];
}

/** The digest of this version's reference data and layout. */
export function referenceDigest(): string {
  return createHash('sha256').update(LAYOUT_VERSION).update(PROVINCES_CSV).update(METRIC_CATALOG_JSON).digest('hex');
}

/** The reference tables with their rows, in the columns' order. */
export function referenceTables(): ReferenceTable[] {
  const provinces = loadProvinceUnits().map((unit) => [
    unit.code,
    unit.name_vi,
    unit.name_ascii,
    unit.kind,
    unit.valid_from,
    unit.valid_to,
    formatPeriod(firstReportingPeriod(unit)),
    formatOptionalPeriod(lastReportingPeriod(unit)),
    unit.valid_to === null,
    unit.gso_code,
    unit.land_border.length ? unit.land_border.join('+') : 'none',
    unit.land_border.length > 0,
    unit.coastal,
    unit.successor_code,
    currentCodeOf(unit),
    unit.constituents.length ? unit.constituents.join('|') : null,
    unit.aliases.join('|'),
  ]);
  const metrics = loadMetricCatalog().metrics.map((metric) => [
    metric.code,
    metric.domain,
    metric.unit,
    metric.ratio_ok,
    metric.label_vi,
    metric.label_en,
  ]);
  return [
    {
      name: 'reference_provinces',
      columns: PROVINCE_COLUMNS,
      rows: provinces,
      keys: [PROVINCES_KEY, `${REFERENCE_TABLE_FOLDERS.provinces}provinces.parquet`],
    },
    {
      name: 'reference_metrics',
      columns: METRIC_COLUMNS,
      rows: metrics,
      keys: [METRICS_KEY, `${REFERENCE_TABLE_FOLDERS.metric_catalog}metrics.parquet`],
    },
  ];
}

function formatOptionalPeriod(period: Period | null): string | null {
  return period ? formatPeriod(period) : null;
}
