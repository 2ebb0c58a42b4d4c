/**
 * The rollup as tables: one model from which the HTML page, rollup.csv and rollup.json are all
 * written, so the three always carry the same numbers.
 */
import type { ResultRow, ResultValue } from '../query/query-runner.js';
import type { RollupData } from './collect-rollup.js';
import { anchorId, type CellFormat } from './rollup-format.js';

export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

export interface RollupColumn extends Bilingual {
  readonly key: string;
  readonly format: CellFormat;
  /** Key of the column this count is a part of: the page shows "7 / 8". */
  readonly outOf?: string;
}

export interface RollupRow {
  /** Fragment id of the row on the page, when others link to it. */
  readonly id?: string;
  readonly cells: Readonly<Record<string, ResultValue>>;
  /** Column key → fragment id of the sources behind that cell. */
  readonly links?: Readonly<Record<string, string>>;
}

export interface RollupTable extends Bilingual {
  readonly id: string;
  readonly note?: Bilingual;
  readonly columns: readonly RollupColumn[];
  readonly rows: readonly RollupRow[];
}

export const STATUS_LABELS: Readonly<Record<string, string>> = {
  csv: 'Đã gửi CSV · CSV received',
  text_only: 'Chỉ có báo cáo văn bản · Text report only',
  rejected_only: 'Gửi nhưng bị từ chối · Sent, all rejected',
  missing: 'Chưa gửi · Nothing received',
};

/** Fragment id of the sources of one province's metric. */
export function sourceAnchor(province: string, metric: string): string {
  return anchorId('src', province, metric);
}

/** Fragment id of one province's sources. */
export function provinceSourcesAnchor(province: string): string {
  return anchorId('src', province);
}

/** Fragment id of a national total's breakdown by province. */
export function nationalAnchor(metric: string): string {
  return anchorId('nat', metric);
}

function column(key: string, vi: string, en: string, format: CellFormat, outOf?: string): RollupColumn {
  return outOf ? { key, vi, en, format, outOf } : { key, vi, en, format };
}

const PROVINCE_COLUMNS = [
  column('province', 'Mã', 'Code', 'code'),
  column('province_name', 'Tỉnh', 'Province', 'text'),
];

function text(row: ResultRow, key: string): string {
  const value = row[key];
  return value === null || value === undefined ? '' : String(value);
}

function pick(row: ResultRow, keys: readonly string[]): Record<string, ResultValue> {
  return Object.fromEntries(keys.map((key) => [key, row[key] ?? null]));
}

/** Links each metric column of a province row to that metric's sources, derived columns to the province's. */
function provinceLinks(
  row: ResultRow,
  metricColumns: Readonly<Record<string, string>>,
  derivedColumns: readonly string[],
): Record<string, string> {
  const province = text(row, 'province');
  const links: Record<string, string> = {};
  for (const [key, metric] of Object.entries(metricColumns))
    if (row[key] !== null && row[key] !== undefined) links[key] = sourceAnchor(province, metric);
  for (const key of derivedColumns)
    if (row[key] !== null && row[key] !== undefined) links[key] = provinceSourcesAnchor(province);
  return links;
}

function completenessTable(data: RollupData): RollupTable {
  const columns = [
    ...PROVINCE_COLUMNS,
    column('status', 'Tình trạng', 'Status', 'text'),
    column('expected', 'Phải báo cáo', 'Expected', 'flag'),
    column('csv_files', 'Tệp CSV', 'CSV files', 'integer'),
    column('text_files', 'Báo cáo văn bản', 'Text reports', 'integer'),
    column('accepted_values', 'Số liệu nhận', 'Values accepted', 'integer'),
    column('first_received_at', 'Nhận lần đầu', 'First received', 'date'),
    column('days_after_quarter_end', 'Số ngày sau cuối quý', 'Days after quarter end', 'integer'),
    column('late', `Trễ hạn (> ${data.deadlineDays} ngày)`, `Late (> ${data.deadlineDays} days)`, 'flag'),
  ];
  return {
    id: 'completeness',
    vi: 'Tình hình gửi báo cáo',
    en: 'Reporting completeness',
    note: {
      vi: `Các đơn vị có biên giới đất liền hoặc bờ biển phải báo cáo. Hạn: ${data.deadlineDays} ngày sau cuối quý (giờ Việt Nam).`,
      en: `Units with a land border or a coastline are expected to report. Deadline: ${data.deadlineDays} days after the quarter ends (Vietnam time).`,
    },
    columns,
    rows: data.completeness.map(
      (row): RollupRow => ({
        cells: {
          ...pick(
            row,
            columns.map((item) => item.key),
          ),
          status: STATUS_LABELS[text(row, 'status')] ?? text(row, 'status'),
        },
        links: row.accepted_values ? { accepted_values: provinceSourcesAnchor(text(row, 'province')) } : {},
      }),
    ),
  };
}

/** The catalog domain of metrics that describe the size of the border area rather than activity in it. */
export const SCOPE_DOMAIN = 'scope';

function nationalRows(data: RollupData, scope: boolean): ResultRow[] {
  return data.nationalTrend.filter((row) => row.period === data.period && (row.domain === SCOPE_DOMAIN) === scope);
}

/**
 * National totals with like-for-like changes: each change is summed over the provinces that
 * reported the metric in both quarters, and says how many of this quarter's provinces those are.
 */
function nationalTable(data: RollupData): RollupTable {
  const { period, previousQuarter, previousYear } = data;
  const columns = [
    column('label_vi', 'Chỉ tiêu', 'Metric (vi)', 'text'),
    column('label_en', 'Metric', 'Metric (en)', 'text'),
    column('unit', 'Đơn vị', 'Unit', 'code'),
    column('total', `Tổng ${period}`, `Total ${period}`, 'integer'),
    column('provinces_reporting', 'Số tỉnh báo cáo', 'Provinces reporting', 'integer'),
    column(
      'like_for_like_quarter_provinces',
      'Tỉnh báo cáo cả hai quý',
      'Provinces reporting in both quarters',
      'integer',
      'provinces_reporting',
    ),
    column(
      'like_for_like_previous_quarter_total',
      `${previousQuarter}, cùng tỉnh`,
      `${previousQuarter}, same provinces`,
      'integer',
    ),
    column('like_for_like_quarter_total', `${period}, cùng tỉnh`, `${period}, same provinces`, 'integer'),
    column('change_from_previous_quarter', 'Thay đổi', 'Change', 'change'),
    column('change_from_previous_quarter_pct', 'Thay đổi %', 'Change %', 'percent'),
    column(
      'like_for_like_year_provinces',
      'Tỉnh báo cáo cả hai kỳ',
      'Provinces reporting in both years',
      'integer',
      'provinces_reporting',
    ),
    column(
      'like_for_like_previous_year_total',
      `${previousYear}, cùng tỉnh`,
      `${previousYear}, same provinces`,
      'integer',
    ),
    column('like_for_like_year_total', `${period}, cùng tỉnh`, `${period}, same provinces`, 'integer'),
    column('change_from_previous_year', 'Thay đổi', 'Change', 'change'),
    column('change_from_previous_year_pct', 'Thay đổi %', 'Change %', 'percent'),
  ];
  return {
    id: 'national',
    vi: 'Tổng hợp toàn quốc',
    en: 'National totals',
    note: {
      vi:
        `Tổng: các giá trị hiện hành của mọi tỉnh đã báo cáo. Thay đổi so với quý trước (${previousQuarter}) ` +
        `và cùng kỳ năm trước (${previousYear}) chỉ tính trên các tỉnh báo cáo chỉ tiêu ở cả hai kỳ, ` +
        'nên một tỉnh bắt đầu hay ngừng báo cáo không được tính là thay đổi.',
      en:
        'Total: the current values of every province that reported. Changes against the previous quarter ' +
        `(${previousQuarter}) and a year earlier (${previousYear}) are summed over the provinces that reported the ` +
        'metric in both, so a province starting or stopping to report is not counted as a change.',
    },
    columns,
    rows: nationalRows(data, false).map((row) => nationalRow(row, columns)),
  };
}

function nationalRow(row: ResultRow, columns: readonly RollupColumn[]): RollupRow {
  return {
    cells: {
      metric: row.metric ?? null,
      ...pick(
        row,
        columns.map((item) => item.key),
      ),
      unit: row.unit ?? null,
    },
    links: { total: nationalAnchor(text(row, 'metric')) },
  };
}

/** The size of the area the reporting provinces cover: a current size, never a change. */
function nationalScopeTable(data: RollupData): RollupTable {
  const columns = [
    column('label_vi', 'Chỉ tiêu', 'Metric (vi)', 'text'),
    column('label_en', 'Metric', 'Metric (en)', 'text'),
    column('unit', 'Đơn vị', 'Unit', 'code'),
    column('total', `Tổng ${data.period}`, `Total ${data.period}`, 'integer'),
    column('provinces_reporting', 'Số tỉnh báo cáo', 'Provinces reporting', 'integer'),
  ];
  return {
    id: 'national-scope',
    vi: 'Địa bàn của các tỉnh báo cáo',
    en: 'Area covered by the reporting provinces',
    note: {
      vi:
        'Quy mô hiện tại (chiều dài biên giới, số huyện, xã, đồn biên phòng) của các tỉnh đã báo cáo: ' +
        'là quy mô địa bàn, không phải kết quả công tác, nên không so sánh với các kỳ trước.',
      en:
        'The current size (border length, districts, communes, posts) of the provinces that reported: ' +
        'the size of the area, not an activity, so it is not compared with earlier quarters.',
    },
    columns,
    rows: nationalRows(data, true).map((row) => nationalRow(row, columns)),
  };
}

function nationalBreakdownTable(data: RollupData): RollupTable {
  const current = data.sources.filter((row) => row.is_current === true);
  const sorted = [...current].sort(
    (a, b) =>
      text(a, 'metric').localeCompare(text(b, 'metric')) || text(a, 'province').localeCompare(text(b, 'province')),
  );
  let previousMetric = '';
  return {
    id: 'national-by-province',
    vi: 'Tổng toàn quốc theo tỉnh',
    en: 'National totals by province',
    columns: [
      column('metric', 'Mã chỉ tiêu', 'Metric code', 'code'),
      ...PROVINCE_COLUMNS,
      column('value', 'Giá trị', 'Value', 'integer'),
      column('source_kind', 'Nguồn', 'Source', 'code'),
    ],
    rows: sorted.map((row) => {
      const metric = text(row, 'metric');
      const first = metric !== previousMetric;
      previousMetric = metric;
      return {
        ...(first ? { id: nationalAnchor(metric) } : {}),
        cells: pick(row, ['metric', 'province', 'province_name', 'value', 'source_kind']),
        links: { value: sourceAnchor(text(row, 'province'), metric) },
      };
    }),
  };
}

const CADRE_METRICS: Readonly<Record<string, string>> = {
  border_communes: 'border_communes',
  seconded_cadres: 'bp_commune_reinforcement_cadres',
  communes_with_seconded_cadre: 'communes_with_bp_reinforcement',
  commune_secretaries: 'bp_commune_party_secretaries',
  commune_deputy_secretaries: 'bp_commune_deputy_secretaries',
  district_committee_members: 'bp_cadres_district_committee',
  commune_committee_members: 'bp_cadres_commune_committee',
  council_deputies: 'bp_council_deputies',
  new_party_members: 'new_party_members_admitted',
};

function cadreTable(data: RollupData): RollupTable {
  const columns = [
    column('rank_by_share', 'Hạng', 'Rank', 'integer'),
    ...PROVINCE_COLUMNS,
    column('border_communes', 'Xã biên giới', 'Border communes', 'integer'),
    column('seconded_cadres', 'Cán bộ tăng cường xã', 'Seconded cadres', 'integer'),
    column('communes_with_seconded_cadre', 'Xã có cán bộ tăng cường', 'Communes with a seconded cadre', 'integer'),
    column(
      'share_communes_with_seconded_cadre',
      'Tỷ lệ xã có cán bộ tăng cường',
      'Share of border communes with one',
      'percent',
    ),
    column('commune_secretaries', 'Bí thư đảng ủy xã', 'Commune party secretaries', 'integer'),
    column('commune_deputy_secretaries', 'Phó Bí thư đảng ủy xã', 'Deputy secretaries', 'integer'),
    column(
      'deputy_secretaries_per_seconded_cadre',
      'Phó Bí thư / cán bộ tăng cường',
      'Deputy secretaries per seconded cadre',
      'number',
    ),
    column('district_committee_members', 'Cấp ủy huyện', 'District committee members', 'integer'),
    column('commune_committee_members', 'Cấp ủy xã', 'Commune committee members', 'integer'),
    column('council_deputies', 'Đại biểu HĐND', "People's Council deputies", 'integer'),
    column('new_party_members', 'Đảng viên mới', 'New party members', 'integer'),
  ];
  return {
    id: 'cadre',
    vi: 'Cán bộ biên phòng tham gia cấp ủy, chính quyền cơ sở',
    en: 'Border-guard cadre participation by province',
    note: {
      vi: 'Xếp hạng theo tỷ lệ xã biên giới có cán bộ biên phòng tăng cường.',
      en: 'Ranked by the share of border communes with a seconded border-guard cadre.',
    },
    columns,
    rows: data.cadre.map((row) => {
      const share = row.share_communes_with_seconded_cadre;
      return {
        cells: {
          ...pick(
            row,
            columns.map((item) => item.key),
          ),
          share_communes_with_seconded_cadre: typeof share === 'number' ? Math.round(share * 1000) / 10 : null,
        },
        links: provinceLinks(row, CADRE_METRICS, [
          'share_communes_with_seconded_cadre',
          'deputy_secretaries_per_seconded_cadre',
        ]),
      };
    }),
  };
}

const CRIME_METRICS: Readonly<Record<string, string>> = {
  cases: 'crime_cases_detected',
  suspects: 'crime_suspects_detected',
  cases_prosecuted: 'criminal_cases_prosecuted',
  defendants_prosecuted: 'criminal_defendants_prosecuted',
  administrative_cases: 'admin_violation_cases',
  fines_vnd: 'fines_collected_vnd',
  drug_cases: 'drug_cases_detected',
  drugs_seized_kg: 'drugs_seized_kg',
  border_km: 'border_length_km',
  border_communes: 'border_communes',
};

function crimeTable(data: RollupData): RollupTable {
  const columns = [
    column('rank_by_cases', 'Hạng', 'Rank', 'integer'),
    ...PROVINCE_COLUMNS,
    column('cases', 'Vụ phát hiện', 'Cases detected', 'integer'),
    column('suspects', 'Đối tượng', 'Suspects', 'integer'),
    column('cases_prosecuted', 'Vụ khởi tố', 'Cases prosecuted', 'integer'),
    column('defendants_prosecuted', 'Bị can khởi tố', 'Defendants prosecuted', 'integer'),
    column('administrative_cases', 'Vụ xử phạt hành chính', 'Administrative sanctions', 'integer'),
    column('fines_vnd', 'Tiền phạt', 'Fines', 'vnd'),
    column('drug_cases', 'Vụ ma túy', 'Drug cases', 'integer'),
    column('drugs_seized_kg', 'Ma túy thu giữ (kg)', 'Drugs seized (kg)', 'number'),
    column('border_km', 'Biên giới (km)', 'Land border (km)', 'number'),
    column('cases_per_100_km', 'Vụ / 100 km', 'Cases per 100 km', 'number'),
    column('suspects_per_100_km', 'Đối tượng / 100 km', 'Suspects per 100 km', 'number'),
    column('cases_per_border_commune', 'Vụ / xã biên giới', 'Cases per border commune', 'number'),
    column('drugs_kg_per_border_commune', 'Ma túy (kg) / xã', 'Drugs (kg) per border commune', 'number'),
  ];
  return {
    id: 'crime',
    vi: 'Tình hình tội phạm khu vực biên giới',
    en: 'Border-area crime by province',
    note: {
      vi: 'Xếp hạng theo số vụ phát hiện; chuẩn hóa theo 100 km đường biên giới đất liền và theo xã biên giới.',
      en: 'Ranked by cases detected; normalised per 100 km of land border and per border commune.',
    },
    columns,
    rows: data.crime.map((row) => ({
      cells: pick(
        row,
        columns.map((item) => item.key),
      ),
      links: provinceLinks(row, CRIME_METRICS, [
        'cases_per_100_km',
        'suspects_per_100_km',
        'cases_per_border_commune',
        'drugs_kg_per_border_commune',
      ]),
    })),
  };
}

function outlierTable(data: RollupData): RollupTable {
  const columns = [
    ...PROVINCE_COLUMNS,
    column('label_vi', 'Chỉ tiêu', 'Metric', 'text'),
    column('value', `Giá trị ${data.period}`, `Value ${data.period}`, 'number'),
    column('history_quarters', 'Số quý lịch sử', 'Quarters of history', 'integer'),
    column('history_mean', 'Trung bình', 'Mean', 'number'),
    column('history_min', 'Nhỏ nhất', 'Min', 'number'),
    column('history_max', 'Lớn nhất', 'Max', 'number'),
    column('z_score', 'Điểm z', 'z-score', 'number'),
    column('outside_bounds', 'Ngoài khoảng', 'Outside bounds', 'flag'),
  ];
  return {
    id: 'outliers',
    vi: 'Giá trị bất thường',
    en: 'Outliers against each province’s own history',
    note: {
      vi: `So với 8 quý trước của chính tỉnh đó: |z| ≥ ${data.zThreshold} (cần ít nhất 4 quý), hoặc nằm ngoài [min, max] quá nửa giá trị trung bình.`,
      en: `Against the province's previous eight quarters: |z| ≥ ${data.zThreshold} (needs four quarters), or outside [min, max] by more than half the mean.`,
    },
    columns,
    rows: data.outliers.map((row) => ({
      cells: {
        metric: row.metric ?? null,
        ...pick(
          row,
          columns.map((item) => item.key),
        ),
      },
      links: { value: sourceAnchor(text(row, 'province'), text(row, 'metric')) },
    })),
  };
}

function conflictTable(data: RollupData): RollupTable {
  const columns = [
    ...PROVINCE_COLUMNS,
    column('label_vi', 'Chỉ tiêu', 'Metric', 'text'),
    column('csv_value', 'Theo CSV', 'In the CSV', 'number'),
    column('text_value', 'Theo văn bản', 'In the text', 'number'),
    column('text_approx', 'Số ước', 'Approximate', 'flag'),
    column('difference_pct', 'Chênh lệch %', 'Difference %', 'percent'),
    column('evidence', 'Câu trích', 'Sentence', 'text'),
  ];
  return {
    id: 'conflicts',
    vi: 'Số liệu văn bản khác CSV',
    en: 'Text figures that disagree with the CSV',
    note: {
      vi: 'Giá trị CSV hiện hành được dùng; các câu dưới đây cần rà soát.',
      en: 'The current CSV value is used; the sentences below need a look.',
    },
    columns,
    rows: data.conflicts.map((row) => ({
      cells: {
        metric: row.metric ?? null,
        ...pick(
          row,
          columns.map((item) => item.key),
        ),
      },
      links: {
        csv_value: sourceAnchor(text(row, 'province'), text(row, 'metric')),
        text_value: sourceAnchor(text(row, 'province'), text(row, 'metric')),
      },
    })),
  };
}

function rejectionTable(data: RollupData): RollupTable {
  const columns = [
    ...PROVINCE_COLUMNS,
    column('source_key', 'Tệp', 'File', 'code'),
    column('column', 'Cột', 'Column', 'code'),
    column('first_line', 'Dòng', 'Line', 'integer'),
    column('rejected_rows', 'Số dòng', 'Rows', 'integer'),
    column('reason', 'Lý do', 'Reason', 'text'),
  ];
  return {
    id: 'rejections',
    vi: 'Số liệu bị từ chối',
    en: 'Rejected records',
    note: {
      vi: 'Dòng trống ở cột "Dòng" là cả tệp bị từ chối.',
      en: 'No line means the whole file was rejected.',
    },
    columns,
    rows: data.rejections.map((row) => ({
      cells: pick(
        row,
        columns.map((item) => item.key),
      ),
    })),
  };
}

function sourcesTable(data: RollupData): RollupTable {
  let previous = '';
  return {
    id: 'sources',
    vi: 'Nguồn của từng số liệu',
    en: 'Sources of every value',
    note: {
      vi: 'Mỗi giá trị kèm tệp, dòng CSV hoặc câu văn bản; dòng in đậm là giá trị hiện hành.',
      en: 'Each value with its file and CSV line or sentence; the current value is in bold.',
    },
    columns: [
      ...PROVINCE_COLUMNS,
      column('metric', 'Mã chỉ tiêu', 'Metric code', 'code'),
      column('label_vi', 'Chỉ tiêu', 'Metric', 'text'),
      column('value', 'Giá trị', 'Value', 'number'),
      column('denominator', 'Mẫu số', 'Denominator', 'number'),
      column('is_current', 'Hiện hành', 'Current', 'flag'),
      column('source_kind', 'Loại', 'Kind', 'code'),
      column('source_key', 'Tệp', 'File', 'code'),
      column('source_row', 'Dòng', 'Line', 'integer'),
      column('evidence', 'Câu trích', 'Sentence', 'text'),
      column('ingested_at', 'Nhận lúc', 'Ingested', 'text'),
    ],
    rows: data.sources.map((row) => {
      const key = `${text(row, 'province')}|${text(row, 'metric')}`;
      const first = key !== previous;
      previous = key;
      return {
        ...(first ? { id: sourceAnchor(text(row, 'province'), text(row, 'metric')) } : {}),
        cells: pick(row, [
          'province',
          'province_name',
          'metric',
          'label_vi',
          'value',
          'denominator',
          'is_current',
          'source_kind',
          'source_key',
          'source_row',
          'evidence',
          'ingested_at',
        ]),
      };
    }),
  };
}

function count(rows: readonly ResultRow[], predicate: (row: ResultRow) => boolean): number {
  return rows.filter(predicate).length;
}

function sum(rows: readonly ResultRow[], key: string): number {
  return rows.reduce((total, row) => total + (typeof row[key] === 'number' ? (row[key] as number) : 0), 0);
}

/** The figures at the top of the page: who reported, how much got in, what needs a look. */
function summaryTable(data: RollupData): RollupTable {
  const expected = data.completeness.filter((row) => row.expected === true);
  const measures: [string, string, string, number, string?][] = [
    ['expected', 'Đơn vị phải báo cáo', 'Units expected to report', expected.length, 'completeness'],
    ['sent_csv', 'Đã gửi CSV', 'Sent a CSV', count(expected, (row) => row.status === 'csv'), 'completeness'],
    [
      'text_only',
      'Chỉ gửi báo cáo văn bản',
      'Sent text reports only',
      count(expected, (row) => row.status === 'text_only'),
      'completeness',
    ],
    [
      'rejected_only',
      'Gửi nhưng bị từ chối toàn bộ',
      'Sent files, all rejected',
      count(expected, (row) => row.status === 'rejected_only'),
      'completeness',
    ],
    ['missing', 'Chưa gửi', 'Sent nothing', count(expected, (row) => row.status === 'missing'), 'completeness'],
    ['late', 'Gửi trễ hạn', 'Sent late', count(data.completeness, (row) => row.late === true), 'completeness'],
    [
      'unexpected',
      'Đơn vị khác đã gửi',
      'Other units that reported',
      count(data.completeness, (row) => row.expected !== true),
      'completeness',
    ],
    ['values_accepted', 'Số liệu được nhận', 'Values accepted', sum(data.completeness, 'accepted_values'), 'sources'],
    ['records_rejected', 'Số liệu bị từ chối', 'Records rejected', sum(data.rejections, 'rejected_rows'), 'rejections'],
    [
      'files_rejected',
      'Tệp bị từ chối toàn bộ',
      'Files rejected whole',
      count(data.rejections, (row) => row.first_line === null),
      'rejections',
    ],
    [
      'conflicts',
      'Số liệu văn bản khác CSV',
      'Text figures disagreeing with the CSV',
      data.conflicts.length,
      'conflicts',
    ],
    ['outliers', 'Giá trị bất thường', 'Outliers', data.outliers.length, 'outliers'],
  ];
  return {
    id: 'summary',
    vi: 'Tóm tắt',
    en: 'At a glance',
    columns: [
      column('measure', 'Mã', 'Key', 'code'),
      column('label_vi', 'Nội dung', 'Measure', 'text'),
      column('label_en', 'Measure', 'Measure (en)', 'text'),
      column('value', 'Số', 'Number', 'integer'),
    ],
    rows: measures.map(
      ([measure, vi, en, value, target]): RollupRow => ({
        cells: { measure, label_vi: vi, label_en: en, value },
        links: target ? { value: target } : {},
      }),
    ),
  };
}

/** Every table of the report, in page order. */
export function buildRollupTables(data: RollupData): RollupTable[] {
  return [
    summaryTable(data),
    completenessTable(data),
    nationalScopeTable(data),
    nationalTable(data),
    nationalBreakdownTable(data),
    cadreTable(data),
    crimeTable(data),
    outlierTable(data),
    conflictTable(data),
    rejectionTable(data),
    sourcesTable(data),
  ];
}
