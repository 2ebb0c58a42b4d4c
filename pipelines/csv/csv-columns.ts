/**
 * Recognises the columns of a province CSV by their header names (case, spaces, underscores and
 * Vietnamese diacritics ignored) and decides between the long layout (one row per value) and the
 * wide layout (one column per metric).
 */
import { findMetric, type Metric } from '../reference/catalog.js';
import { foldKey } from '../text/fold.js';

export type ColumnRole = 'province' | 'period' | 'metric' | 'value' | 'denominator' | 'unit' | 'note';

/** Accepted header names per column, as the upload contract lists them. */
export const COLUMN_NAMES: Record<ColumnRole, readonly string[]> = {
  province: ['province', 'province_code', 'ma_tinh', 'Mã tỉnh', 'Tỉnh'],
  period: ['period', 'ky_bao_cao', 'Kỳ báo cáo', 'Quý'],
  metric: ['metric', 'metric_code', 'chi_tieu', 'Chỉ tiêu'],
  value: ['value', 'gia_tri', 'Giá trị', 'So lieu', 'Số liệu'],
  denominator: ['denominator', 'mau_so', 'Mẫu số'],
  unit: ['unit', 'don_vi', 'Đơn vị'],
  note: ['note', 'ghi_chu', 'Ghi chú'],
};

const ROLE_BY_KEY = new Map<string, ColumnRole>(
  (Object.entries(COLUMN_NAMES) as [ColumnRole, readonly string[]][]).flatMap(([role, names]) =>
    names.map((name) => [foldKey(name), role] as const),
  ),
);

/** A column of the wide layout holding one metric's values. */
export interface MetricColumn {
  readonly index: number;
  readonly name: string;
  readonly metric: Metric;
}

export interface CsvColumns {
  readonly layout: 'long' | 'wide';
  readonly roles: Partial<Record<ColumnRole, number>>;
  /** Wide layout only: the metric columns. */
  readonly metricColumns: readonly MetricColumn[];
  /** Columns the format does not know: ignored in the long layout, rejected cell by cell in the wide one. */
  readonly unknownColumns: readonly { readonly index: number; readonly name: string }[];
}

export type CsvColumnsReading =
  | { readonly ok: true; readonly columns: CsvColumns }
  | { readonly ok: false; readonly reason: string };

const REQUIRED_LONG: readonly ColumnRole[] = ['province', 'period', 'metric', 'value'];

/** Maps a header row to column roles, or explains why it cannot be read. */
export function recogniseColumns(header: readonly string[]): CsvColumnsReading {
  const roles: Partial<Record<ColumnRole, number>> = {};
  const metricColumns: MetricColumn[] = [];
  const unknownColumns: { index: number; name: string }[] = [];
  for (const [index, name] of header.entries()) {
    const role = ROLE_BY_KEY.get(foldKey(name));
    if (role) {
      const earlier = roles[role];
      if (earlier !== undefined) {
        return {
          ok: false,
          reason: `the header has two ${role} columns ("${header[earlier]}" and "${name}"); keep one`,
        };
      }
      roles[role] = index;
      continue;
    }
    const metric = name ? findMetric(name) : undefined;
    if (metric) metricColumns.push({ index, name, metric });
    else unknownColumns.push({ index, name });
  }

  if (roles.province === undefined && roles.period === undefined) {
    return {
      ok: false,
      reason:
        'the first line is not a header: it must name the columns (province, period, metric, value), or province, period and one column per metric code',
    };
  }
  const isLong = roles.metric !== undefined || roles.value !== undefined;
  if (isLong) {
    const missing = REQUIRED_LONG.filter((role) => roles[role] === undefined);
    if (missing.length > 0) return { ok: false, reason: missingColumnsReason(missing) };
    // A metric-named column beside metric and value columns: its cells are read, and rejected.
    return { ok: true, columns: { layout: 'long', roles, metricColumns, unknownColumns } };
  }
  if (metricColumns.length > 0) {
    const missing = (['province', 'period'] as const).filter((role) => roles[role] === undefined);
    if (missing.length > 0) return { ok: false, reason: missingColumnsReason(missing) };
    for (const role of ['denominator', 'unit'] as const) {
      if (roles[role] !== undefined) {
        return {
          ok: false,
          reason: `a wide file (one column per metric) cannot have a ${role} column; write ratios as 26/27 in the metric's column`,
        };
      }
    }
    return { ok: true, columns: { layout: 'wide', roles, metricColumns, unknownColumns } };
  }
  return {
    ok: false,
    reason: 'the header names no metric or value column: add metric and value columns, or one column per metric code',
  };
}

function missingColumnsReason(missing: readonly ColumnRole[]): string {
  const described = missing.map((role) => `${role} (accepted names: ${COLUMN_NAMES[role].join(', ')})`);
  return `the header has no ${described.join('; no ')} column`;
}
