/**
 * Recognises the columns of a province CSV by their header names (case, spaces, underscores and
 * Vietnamese diacritics ignored) and decides between the long layout (one row per value) and the
 * wide layout (one column per metric).
 */
import { problem, type Problem } from '../facts/rejection-codes.js';
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
  unit: ['unit', 'don_vi', 'Đơn vị', 'Đơn vị tính', 'don_vi_tinh', 'ĐVT', 'DVT', 'Đ.V.T', 'Đơn vị đo'],
  note: ['note', 'ghi_chu', 'Ghi chú'],
};

/** How messages name each column role in Vietnamese. */
export const ROLE_NAMES_VI: Record<ColumnRole, string> = {
  province: 'tỉnh',
  period: 'kỳ báo cáo',
  metric: 'chỉ tiêu',
  value: 'giá trị',
  denominator: 'mẫu số',
  unit: 'đơn vị tính',
  note: 'ghi chú',
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
  /** Columns the format does not know: reported in the long layout, rejected cell by cell in the wide one. */
  readonly unknownColumns: readonly { readonly index: number; readonly name: string }[];
}

export type CsvColumnsReading =
  | { readonly ok: true; readonly columns: CsvColumns }
  | { readonly ok: false; readonly problem: Problem };

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
          problem: problem('header-column-twice', {
            role,
            roleVi: ROLE_NAMES_VI[role],
            first: header[earlier] ?? '',
            second: name,
          }),
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
      problem: problem('header-missing', {
        where: 'dòng đầu tiên không phải tiêu đề',
        whereEn: 'the first line is not one',
      }),
    };
  }
  const isLong = roles.metric !== undefined || roles.value !== undefined;
  if (isLong) {
    const missing = REQUIRED_LONG.filter((role) => roles[role] === undefined);
    if (missing.length > 0) return { ok: false, problem: missingColumns(missing) };
    // A metric-named column beside metric and value columns: its cells are read, and rejected.
    return { ok: true, columns: { layout: 'long', roles, metricColumns, unknownColumns } };
  }
  if (metricColumns.length > 0) {
    const missing = (['province', 'period'] as const).filter((role) => roles[role] === undefined);
    if (missing.length > 0) return { ok: false, problem: missingColumns(missing) };
    for (const role of ['denominator', 'unit'] as const) {
      if (roles[role] !== undefined) {
        return { ok: false, problem: problem('header-wide-extra', { role, roleVi: ROLE_NAMES_VI[role] }) };
      }
    }
    return { ok: true, columns: { layout: 'wide', roles, metricColumns, unknownColumns } };
  }
  return { ok: false, problem: problem('header-no-metric') };
}

function missingColumns(missing: readonly ColumnRole[]): Problem {
  const names = (role: ColumnRole): string => COLUMN_NAMES[role].map((name) => `"${name}"`).join(', ');
  return problem('header-column-missing', {
    columnsVi: missing
      .map((role) => `${ROLE_NAMES_VI[role]} (tên được chấp nhận: ${names(role)})`)
      .join('; thiếu cột '),
    columns: missing.map((role) => `${role} (accepted names: ${names(role)})`).join('; no '),
  });
}
