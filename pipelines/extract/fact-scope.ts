/**
 * Whose figure a fact is and for when: the report's own province and period (`report`), another
 * unit's (`other_unit`: the whole country, the neighbour's side, another force), a running total
 * over a long span (`cumulative`: since a year, a whole term, several years) or one case's detail
 * (`incident`). Only `report` facts may become the province's value for its quarter, so the cues
 * lean towards setting a figure aside when the sentence says it belongs elsewhere.
 */
import type { TimeSpan } from './time-spans.js';

export type FactScope = 'report' | 'other_unit' | 'cumulative' | 'incident';

/** Sentence cues, as data: the first scope whose pattern the sentence matches wins. */
export const SCOPE_CUES: readonly {
  readonly scope: Exclude<FactScope, 'report' | 'incident'>;
  readonly pattern: string;
}[] = [
  {
    scope: 'other_unit',
    pattern:
      'toàn quốc|cả nước|toàn lực lượng|toàn quân|các tỉnh, thành|phía bạn|lực lượng (?:chức năng )?(?:của )?(?:nước bạn|lào|trung quốc|campuchia)|\\((?:lào|trung quốc|campuchia)\\)',
  },
  {
    scope: 'cumulative',
    pattern:
      'nhiệm kỳ|những năm qua|nhiều năm qua|những năm gần đây|các năm qua|lũy kế|từ khi (?:thành lập|triển khai|thực hiện|ra đời)|qua \\d+ năm|sau \\d+ năm|\\d+ năm qua',
  },
];

/** Words of one case's story: caught in the act, a named person, the goods on a vehicle. */
const INCIDENT_CUES =
  /(?<![\p{L}])(?:bắt quả tang|quả tang|đang (?:vận chuyển|mua bán|tàng trữ|có hành vi)|khi đang|sinh năm|trú tại|tang vật|trên xe|cất giấu|giấu trong)(?![\p{L}])/u;
/** A count of cases above one: the sentence or the report sums several cases. */
const SEVERAL_CASES = /(?<![\p{L}\p{N}.,])(?:[2-9]|\d{2,}|\d{1,3}(?:\.\d{3})+) (?:vụ|chuyên án)(?![\p{L}])/u;

/** Metrics a single case can yield: detection, seizures, prosecution and sanctions of one case. */
const CASE_METRICS = new Set([
  'crime_cases_detected',
  'crime_suspects_detected',
  'drug_cases_detected',
  'drug_suspects_detected',
  'heroin_seized_cakes',
  'synthetic_drug_pills_seized',
  'drugs_seized_kg',
  'smuggling_cases_detected',
  'seized_goods_value_vnd',
  'illegal_crossing_persons',
  'criminal_cases_prosecuted',
  'criminal_defendants_prosecuted',
  'admin_violation_cases',
  'admin_violation_subjects',
  'fines_collected_vnd',
]);

/**
 * Counts of what exists now (posts held, border communes, self-managed groups): a stock is the
 * report's own at the report's date, whatever span its sentence names.
 */
export const STOCK_METRICS: ReadonlySet<string> = new Set([
  'bp_cadres_district_committee',
  'bp_cadres_commune_committee',
  'bp_commune_party_secretaries',
  'bp_commune_deputy_secretaries',
  'bp_commune_reinforcement_cadres',
  'communes_with_bp_reinforcement',
  'bp_commune_key_positions',
  'bp_council_deputies',
  'bp_members_in_village_cells',
  'village_cells_with_bp_members',
  'households_assigned',
  'selfmgmt_border_groups',
  'selfmgmt_border_households',
  'selfmgmt_border_individuals',
  'selfmgmt_marker_groups',
  'selfmgmt_marker_households',
  'selfmgmt_marker_individuals',
  'selfmgmt_security_groups',
  'selfmgmt_security_individuals',
  'border_length_km',
  'border_districts',
  'border_communes',
  'border_posts',
]);

/** A period that has run its course (`5 năm qua`, `nhiệm kỳ trước`): a stock counted over it is a running total. */
const RUNNING_PERIOD = new RegExp(
  '(?<![\\p{L}\\p{N}])(?:những năm qua|nhiều năm qua|các năm qua|\\d+ năm qua|nhiệm kỳ (?:qua|trước)|lũy kế|' +
    'từ khi (?:thành lập|triển khai|thực hiện|ra đời))(?![\\p{L}\\p{N}])',
  'u',
);
/** One disaster named (`cơn lũ 2019`, `bão số 3`, `hàng hóa cứu trợ`): relief given for it is that event's. */
const SINGLE_DISASTER =
  /(?<![\p{L}])(?:(?:cơn|trận|đợt) (?:bão|lũ|mưa lũ|lũ quét|lũ ống|sạt lở)|bão số \d+|hoàn lưu bão|cứu trợ)(?![\p{L}])/u;
const RELIEF_METRICS: ReadonlySet<string> = new Set(['disaster_relief_deployments', 'rice_aid_kg', 'cash_aid_vnd']);
/** The border area's size, stated beside the neighbour it faces (`giáp ... (Lào)`). */
const AREA_METRICS: ReadonlySet<string> = new Set(['border_length_km', 'border_districts', 'border_communes']);
/** The neighbour named in brackets: another country's unit, unless the figure sizes the border it shares. */
const NEIGHBOUR_IN_BRACKETS = /\((?:lào|trung quốc|campuchia)\)/gu;

const COMPILED_CUES = SCOPE_CUES.map(({ scope, pattern }) => ({
  scope,
  pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, 'u'),
}));

/** What the scope of a sentence's facts depends on beyond the sentence: does the report add up several cases? */
export interface ReportShape {
  readonly sumsSeveralCases: boolean;
}

/** Does this (lowercased) text count several cases? Used once per report to tell a summary from one case's story. */
export function countsSeveralCases(text: string): boolean {
  return SEVERAL_CASES.test(text);
}

/** What a sentence says about the scope of its figures, read once per sentence. */
export interface SentenceScope {
  readonly severalCases: boolean;
  readonly incidentCue: boolean;
  readonly span: TimeSpan | undefined;
  readonly otherUnit: boolean;
  /** Only a neighbour named in brackets (`(Lào)`) made the sentence another unit's. */
  readonly otherUnitByNeighbourOnly: boolean;
  readonly cumulative: boolean;
  readonly runningPeriod: boolean;
  readonly singleDisaster: boolean;
}

/** Reads the scope cues of one sentence (lowercased, normalized). */
export function readSentenceScope(sentence: string, span: TimeSpan | undefined): SentenceScope {
  const otherUnit = COMPILED_CUES[0]?.pattern.test(sentence) ?? false;
  const cumulativeWords = COMPILED_CUES[1]?.pattern.test(sentence) ?? false;
  const longSpan = span?.toDate === true || (span?.span != null && /^\d{4}-\d{4}$/u.test(span.span));
  return {
    severalCases: SEVERAL_CASES.test(sentence),
    incidentCue: INCIDENT_CUES.test(sentence),
    span,
    otherUnit,
    otherUnitByNeighbourOnly:
      otherUnit && !(COMPILED_CUES[0]?.pattern.test(sentence.replace(NEIGHBOUR_IN_BRACKETS, ' ')) ?? false),
    cumulative: cumulativeWords || longSpan,
    runningPeriod: RUNNING_PERIOD.test(sentence),
    singleDisaster: SINGLE_DISASTER.test(sentence),
  };
}

/** The scope of a fact of `metric` read in a sentence with these cues. */
export function classifyScope(metric: string, sentence: SentenceScope, report: ReportShape): FactScope {
  if (sentence.otherUnit && !(sentence.otherUnitByNeighbourOnly && AREA_METRICS.has(metric))) return 'other_unit';
  // Relief for one named disaster, in a sentence that gives no reporting period, is that event's detail.
  if (RELIEF_METRICS.has(metric) && sentence.singleDisaster && !sentence.cumulative && !sentence.span?.span)
    return 'incident';
  const stock = STOCK_METRICS.has(metric);
  if (stock) return sentence.runningPeriod ? 'cumulative' : 'report';
  if (sentence.cumulative) return 'cumulative';
  if (CASE_METRICS.has(metric) && !sentence.severalCases && (sentence.incidentCue || !report.sumsSeveralCases))
    return 'incident';
  return 'report';
}

/**
 * Whether a figure of `scope` with `timeSpan` is the report's own value for quarter `period`
 * (`2024Q3`): its own scope, and a span that is the quarter or one of its months, or none. The
 * same rule as the `metrics` view's REPORT_VALUE_FILTER (pipelines/warehouse/views.ts).
 */
export function isReportValue(
  scope: FactScope | null | undefined,
  timeSpan: string | null | undefined,
  period: string,
): boolean {
  if (scope && scope !== 'report') return false;
  if (!timeSpan || timeSpan === period) return true;
  const month = /^(\d{4})-(\d{2})$/u.exec(timeSpan);
  return month !== null && `${month[1]}Q${Math.ceil(Number(month[2]) / 3)}` === period;
}
