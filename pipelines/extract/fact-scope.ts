/**
 * Whose figure a fact is and for when: the report's own province and period (`report`), another
 * unit's (`other_unit`: the whole country, the neighbour's side, another force), a running total
 * over a long span (`cumulative`: since a year, a whole term, several years) or one case's detail
 * (`incident`). Only `report` facts may become the province's value for its quarter, so the cues
 * lean towards setting a figure aside when the sentence says it belongs elsewhere.
 */
import { lookBehindFirst } from './look-behind-first.js';
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
      'nhiệm kỳ|những năm qua|nhiều năm qua|những năm gần đây|các năm qua|lũy kế' +
      '|từ khi (?:thành lập|triển khai|thực hiện|ra đời)|qua \\d+ năm|sau \\d+ năm|\\d+ năm qua' +
      '|(?:tính|cho) đến (?:nay|hiện nay|hiện tại|thời điểm này)',
  },
];

/**
 * Words that tell one case's story: caught in the act, a named person, a day and an hour
 * (`khoảng 9 giờ ngày 11/3`, `lúc 4h30`), one operation (`phá thành công một chuyên án`), the next event
 * of a story (`trước đó`, `cùng ngày`).
 */
const INCIDENT_CUES = lookBehindFirst(
  '(?<![\\p{L}\\p{N}])',
  `(?:${[
    'bắt quả tang|quả tang|đang (?:vận chuyển|mua bán|tàng trữ|có hành vi)|khi đang|sinh năm|sn|trú tại',
    '(?:lúc|hồi|vào lúc|khoảng) \\d{1,2} ?(?:giờ|h)|\\d{1,2}h\\d{1,2}',
    '\\d{1,2} giờ(?: \\d{1,2})?(?: phút)?(?: (?:sáng|trưa|chiều|tối|đêm))? (?:ngày|cùng ngày|hôm)',
    '(?<!(?:từ|đến|tới) )(?:ngày|đêm|sáng|chiều|tối|trưa|rạng sáng) \\d{1,2}[/.-]\\d{1,2}(?![\\d/.-]*\\d{5})',
    '(?:một|1|01) chuyên án|trước đó|cùng ngày|tiếp đến|tiếp đó',
  ].join('|')})(?![\\p{L}])`,
  'u',
);
/**
 * A count of cases above one, or a tally over several days: the sentence or the report sums several
 * cases (`2 vụ`, `hai đường dây`, `trong 3 ngày, 10-12/8`).
 */
const CASE_NOUNS = ['vụ', 'chuyên án', 'đường dây'] as const;
/** What counts several before a case noun, read on the few characters before it. */
const SEVERAL_BEFORE = new RegExp(
  '(?<![\\p{L}\\p{N}.,])(?:[2-9]|\\d{2,}|\\d{1,3}(?:\\.\\d{3})+' +
    '|hai|ba|bốn|sáu|bảy|tám|chín|mười|nhiều|hàng chục|hàng trăm) $',
  'u',
);
const SEVERAL_DAYS = lookBehindFirst(
  '(?<![\\p{L}])',
  'trong (?:\\d+|hai|ba|bốn|năm|mấy) ngày(?![\\p{L}])|\\d{1,2} ?- ?\\d{1,2}\\/\\d{1,2}(?![\\d/])',
);
const LETTER = /\p{L}/u;
/**
 * Who hands people or goods over (`do lực lượng chức năng Campuchia trao trả`, `bàn giao cho Công an
 * tỉnh Hủa Phăn (Lào)`) does not own the figure: such phrases are set aside before the other-unit cues.
 */
const HANDOVER = new RegExp(
  `(?<![\\p{L}])(?:${[
    '(?:do|từ) [^.;]{0,100}?(?:trao trả|bàn giao|chuyển giao)',
    '(?:trao trả|bàn giao|chuyển giao)(?: lại)? cho [^.;,]{0,80}',
  ].join('|')})`,
  'gu',
);
/**
 * Figures of another force: a national unit or another force leads the case (`Cục Phòng, chống ma túy
 * và tội phạm ... chủ trì`), or the figures are another agency's (`Theo thống kê của Công an huyện`).
 */
const OTHER_FORCE = lookBehindFirst(
  '(?<![\\p{L}])',
  `(?:${[
    '(?:cục|bộ tư lệnh|đoàn đặc nhiệm|công an (?:tỉnh|huyện|thành phố)|hải quan)' +
      '[^.;]{0,100}?(?<!phối hợp |và )(?:đồng )?chủ trì',
    'theo (?:thống kê|số liệu|báo cáo)(?: của)? ' +
      '(?:công an|hải quan|cục|tổng cục|bộ công an|ubnd|ủy ban|ban chỉ đạo|viện kiểm sát|tòa án)',
  ].join('|')})`,
  'u',
);

/** Words of a case's goods: `Tang vật thu giữ ...`, `cất giấu trong người`. */
const GOODS_CUES = lookBehindFirst('(?<![\\p{L}])', '(?:tang vật|trên xe|cất giấu|giấu trong)(?![\\p{L}])');
/** What was seized: inside the story of one case, the case's. */
const SEIZURE_METRICS = new Set([
  'heroin_seized_cakes',
  'synthetic_drug_pills_seized',
  'drugs_seized_kg',
  'seized_goods_value_vnd',
]);

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
const RUNNING_PERIOD = lookBehindFirst(
  '(?<![\\p{L}\\p{N}])',
  '(?:những năm qua|nhiều năm qua|các năm qua|\\d+ năm qua|nhiệm kỳ (?:qua|trước)|lũy kế|' +
    'từ khi (?:thành lập|triển khai|thực hiện|ra đời))(?![\\p{L}\\p{N}])',
  'u',
);
/** One disaster named (`cơn lũ 2019`, `bão số 3`, `hàng hóa cứu trợ`): relief given for it is that event's. */
const SINGLE_DISASTER = lookBehindFirst(
  '(?<![\\p{L}])',
  '(?:(?:cơn|trận|đợt) (?:bão|lũ|mưa lũ|lũ quét|lũ ống|sạt lở)|bão số \\d+|hoàn lưu bão|cứu trợ)(?![\\p{L}])',
);
const RELIEF_METRICS: ReadonlySet<string> = new Set(['disaster_relief_deployments', 'rice_aid_kg', 'cash_aid_vnd']);
/** The border area's size, stated beside the neighbour it faces (`giáp ... (Lào)`). */
const AREA_METRICS: ReadonlySet<string> = new Set(['border_length_km', 'border_districts', 'border_communes']);
/** The neighbour named in brackets: another country's unit, unless the figure sizes the border it shares. */
const NEIGHBOUR_IN_BRACKETS = /\((?:lào|trung quốc|campuchia)\)/gu;

const COMPILED_CUES = SCOPE_CUES.map(({ scope, pattern }) => ({
  scope,
  pattern: lookBehindFirst('(?<![\\p{L}\\p{N}])', `(?:${pattern})(?![\\p{L}\\p{N}])`),
}));

/** What the scope of a sentence's facts depends on beyond the sentence: does the report add up several cases? */
export interface ReportShape {
  readonly sumsSeveralCases: boolean;
}

/** Does this (lowercased) text count several cases? Used once per report to tell a summary from one case's story. */
export function countsSeveralCases(text: string): boolean {
  // Found from each case noun and the words just before it: a pattern tried at every position costs too much.
  for (const noun of CASE_NOUNS) {
    for (let at = text.indexOf(noun); at !== -1; at = text.indexOf(noun, at + 1)) {
      if (LETTER.test(text.charAt(at + noun.length))) continue;
      if (SEVERAL_BEFORE.test(text.slice(Math.max(0, at - 16), at))) return true;
    }
  }
  return (text.includes('ngày') || text.includes('/')) && SEVERAL_DAYS.test(text);
}

/** What a sentence says about the scope of its figures, read once per sentence. */
export interface SentenceScope {
  readonly severalCases: boolean;
  readonly incidentCue: boolean;
  /** The sentence goes on with the story of one case (see `continuesStory`) and names no span of its own. */
  readonly storyGoods: () => boolean;
  /** The sentence names a case's goods (`tang vật`, `cất giấu`). */
  readonly goodsCue: boolean;
  readonly span: TimeSpan | undefined;
  readonly otherUnit: boolean;
  /** Only a neighbour named in brackets (`(Lào)`) made the sentence another unit's. */
  readonly otherUnitByNeighbourOnly: boolean;
  readonly cumulative: boolean;
  readonly runningPeriod: boolean;
  readonly singleDisaster: boolean;
}

/**
 * Reads the scope cues of one sentence (lowercased, normalized). `inStory`: whether the sentences before
 * it tell one case and nothing has closed that story (see `continuesStory`), asked only when it matters.
 * `severalCases`: `countsSeveralCases(sentence)`, when the caller has it already.
 */
export function readSentenceScope(
  sentence: string,
  span: TimeSpan | undefined,
  inStory: () => boolean = () => false,
  severalCases: boolean = countsSeveralCases(sentence),
): SentenceScope {
  const owned = sentence.includes('trao trả') || sentence.includes('giao') ? sentence.replace(HANDOVER, ' ') : sentence;
  const otherUnit =
    (COMPILED_CUES[0]?.pattern.test(owned) ?? false) ||
    ((owned.includes('chủ trì') || owned.includes('theo ')) && OTHER_FORCE.test(owned));
  const cumulativeWords = COMPILED_CUES[1]?.pattern.test(sentence) ?? false;
  const longSpan = span?.toDate === true || (span?.span != null && /^\d{4}-\d{4}$/u.test(span.span));
  return {
    severalCases,
    incidentCue: INCIDENT_CUES.test(sentence),
    storyGoods: () => (span === undefined || span.date === true) && inStory(),
    goodsCue: GOODS_CUES.test(sentence),
    span,
    otherUnit,
    otherUnitByNeighbourOnly:
      otherUnit && !(COMPILED_CUES[0]?.pattern.test(sentence.replace(NEIGHBOUR_IN_BRACKETS, ' ')) ?? false),
    cumulative: cumulativeWords || longSpan,
    runningPeriod: RUNNING_PERIOD.test(sentence),
    singleDisaster: SINGLE_DISASTER.test(sentence),
  };
}

/** How far back a story of one case is looked for: a case is told in a few sentences. */
const STORY_LOOKBACK = 8;

/**
 * Whether the sentences before one tell one case: going back from the nearest, a sentence with a
 * case's own cues (a day and an hour, caught in the act) opens the story and a total of several
 * cases, a named span, another unit's or a running figure closes it. Sentences in between
 * (`Tang vật thu giữ ...`) belong to the case. `sentences[0, end)` are the sentences before it, each
 * with its span from `spanOf`; only the last few are read, so the cost stays linear.
 */
export function continuesStory(
  sentences: readonly string[],
  end: number,
  spanOf: (index: number) => TimeSpan | undefined,
  severalCasesIn: (index: number) => boolean = (index) => countsSeveralCases(sentences[index] ?? ''),
): boolean {
  for (let index = end - 1; index >= Math.max(0, end - STORY_LOOKBACK); index--) {
    const sentence = sentences[index] ?? '';
    const span = spanOf(index);
    const closes =
      severalCasesIn(index) ||
      (span !== undefined && span.date !== true) ||
      COMPILED_CUES.some(({ pattern }) => pattern.test(sentence));
    if (closes) return false;
    if (INCIDENT_CUES.test(sentence)) return true;
  }
  return false;
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
  if (!CASE_METRICS.has(metric) || sentence.severalCases) return 'report';
  if (sentence.incidentCue || !report.sumsSeveralCases) return 'incident';
  // Inside a story, what was seized, or any count next to the case's goods, is the case's.
  return (SEIZURE_METRICS.has(metric) || sentence.goodsCue) && sentence.storyGoods() ? 'incident' : 'report';
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
