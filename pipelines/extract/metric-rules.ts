/**
 * The metric rules: one entry per catalog metric, as data. The engine (rule-engine.ts) reads every
 * number of a clause, then tries the rules from the highest priority down and keeps the first that
 * accepts it. To teach it a new wording, add a cue; to add a metric, add an entry.
 *
 * A rule accepts a number when:
 * - `measure` is absent and the number counts a noun, or `measure` names the unit it carries;
 * - `noun` (the classifier: `vụ`, `đối tượng`, `chi bộ`, `hộ`...) starts the words after it
 *   (after the unit, for measures);
 * - `topic` (crime metrics) is the one crime type its clause names, or `none-or-several`;
 * - one of the `cues` sets holds (all its scopes match), or there are no `cues`;
 * - no scope of `unless` matches.
 * A rule with a `copula` also accepts a bare number stated of its subject (`số đảng viên mới kết nạp
 * là 684`, `tổng số hộ được phụ trách: 120`); its `unless` still applies.
 *
 * Scopes, all lowercased normalized text:
 * - `tail`: from the noun up to the next number of the clause (`đồng chí tham gia vào cấp ủy, `);
 * - `after`: the tail, plus the words a list shares (`88 tổ, 916 hộ, 2.102 cá nhân tự quản đường biên`);
 * - `before`: from the previous list, or the clause start, up to the number (`phát hiện, bắt giữ `);
 * - `lead`: from the previous number, or the clause start, up to the number, even inside a list
 *   (`, thuộc ` in `13 xã biên giới, thuộc 4 huyện`);
 * - `around`: before and after together;
 * - `rest`: from the noun to the end of the clause, across other numbers;
 * - `clause`: the whole clause, between semicolons or sentence ends.
 * Patterns are regular-expression sources; word boundaries are added unless a pattern is anchored
 * with `^` or `$`. `nearEnd(verbs, n)` ends at the number with up to n words between.
 */
import { CRIME_TOPICS, type CrimeTopic } from './crime-topics.js';
import type { Measure } from './measures.js';
import {
  ACTIONS_ON_PLACES,
  BORDER_GUARD,
  ADMINISTRATIVE_SANCTION,
  CASES,
  DETECTION_VERBS,
  PEOPLE_COUNCIL,
  PERSONNEL,
  SECURITY_AND_ORDER,
  SEIZED_DRUGS,
  SUSPECTS,
  VILLAGE,
  nearEnd,
  nearEndWithout,
  nearStart,
} from './cue-words.js';

export type CueScope = 'tail' | 'after' | 'before' | 'lead' | 'around' | 'rest' | 'clause';
export type CueSet = Partial<Record<CueScope, string>>;

export interface MetricRule {
  readonly metric: string;
  readonly noun?: string;
  readonly measure?: Measure;
  readonly topic?: CrimeTopic | 'none-or-several';
  readonly cues?: readonly CueSet[];
  readonly unless?: CueSet;
  /** The subject a bare number may be stated of, before `là`, `đạt` or a colon (see the header). */
  readonly copula?: string;
  /**
   * On a metric without ratios, the part of `X/Y` that is the value: the part counted
   * (`củng cố 30/32 chi bộ` -> 30, the default) or the whole (`17/19 xã biên giới có ...` -> 19 border communes).
   */
  readonly fractionPart?: 'numerator' | 'denominator';
  /** Higher wins when several rules accept one number. */
  readonly priority: number;
}

/** The crime types with metrics of their own, by the words reports use for them. */
const NAMED_TYPES = CRIME_TOPICS.filter(({ topic }) => topic !== 'other')
  .map(({ words }) => words)
  .join('|');
/** A general total needs the verb itself: `phát hiện, bắt giữ 347 vụ` or `347 vụ bị phát hiện`. */
const DETECTED_BY_VERB: readonly CueSet[] = [
  { before: nearEnd(DETECTION_VERBS, 6) },
  { tail: nearStart(`(?:bị|được) (?:${DETECTION_VERBS})`) },
];
/** A detection count needs a detection verb, a heading (`Về ma túy:`) or a breakdown (`trong đó`). */
const DETECTED: readonly CueSet[] = [
  { before: nearEnd(DETECTION_VERBS, 6) },
  { tail: nearStart(`(?:bị|được) (?:${DETECTION_VERBS})`) },
  { before: ': ?$' },
  { before: '(?:trong đó|gồm|bao gồm)(?: \\S+){0,6},? ?$' },
  // `buôn lậu, vận chuyển trái phép hàng hóa qua biên giới là 86 vụ`: the type named, then its count.
  { before: '(?<![\\p{L}])là ?$' },
  // A breakdown that runs on across semicolons: `trong đó ma túy 40 vụ; buôn lậu 80 vụ/95 đối tượng`.
  {
    before:
      '^[ ,\\-–•+]*(?:(?:trong đó|riêng|gồm|cụ thể)[,:]? )?(?:về |tội phạm |vi phạm (?:về )?|lĩnh vực )?' +
      `(?:${NAMED_TYPES})(?: [^\\s,;:]+){0,5}:? ?$`,
  },
];
const NOT_DETECTION = {
  before: nearEndWithout(
    'khởi tố|truy tố|xét xử|đưa ra xét xử|quản lý|cai nghiện|tuyên truyền|tiếp nhận|trao trả|trục xuất',
    6,
    DETECTION_VERBS,
  ),
} as const;
/** Criminal handling, not detection: `khởi tố 5 vụ`, `xử lý hình sự 18 vụ và 22 đối tượng`. */
const CRIMINAL_HANDLING = 'khởi tố(?: vụ án)?|xử lý hình sự(?: trong)?';
const SELF_MANAGED_BORDER_LINE = 'tự quản (?:đường biên(?: giới)?|đoạn biên giới|tuyến biên giới|biên giới)';
const SELF_MANAGED_MARKERS = 'tự quản (?:cột )?mốc(?: quốc giới| biên giới)?';
/** `tự quản an ninh trật tự`, `tổ ANTT`, `tổ tự quản an ninh thôn bản`, `tự quản trật tự xóm, bản` (not `bến bãi`). */
const SECURITY_OF_VILLAGES = `(?:an ninh|trật tự),? (?:ở )?(?:${VILLAGE}|cơ sở)`;
const SELF_MANAGED_SECURITY = `(?:tự quản|tổ) (?:về )?(?:${SECURITY_AND_ORDER}|${SECURITY_OF_VILLAGES})`;
const GROUPS = 'tổ(?! chức)(?: (?:nhân dân )?tự quản)?';
const HOUSEHOLDS = 'hộ(?: gia đình| dân)?|gia đình';
const INDIVIDUALS = '(?:lượt )?(?:cá nhân|người|thành viên|hộ viên|quần chúng)';
/** What a group self-manages, as the object after a length or a count (`tự quản 6 cột mốc và 12 km đường biên`). */
const BORDER_LINE = 'đường biên(?: giới)?|đoạn biên giới|tuyến biên giới|biên giới';
const MARKERS = '(?:cột )?mốc(?: quốc giới| biên giới)?';
/**
 * Cadres sent to communes (`22 cán bộ biên phòng xuống tăng cường`, `29 cán bộ BĐBP được điều động tăng
 * cường`): counted as reinforcement even when the posts they hold follow.
 */
const REINFORCED_CADRES =
  `^(?:lượt )?(?:đồng chí |đ/c )?(?:cán bộ|sĩ quan)(?: (?:${BORDER_GUARD}))?` +
  '(?: được)?(?: (?:cử|điều động|biệt phái))?(?: (?:xuống|về|đi|lên))?(?: làm)? tăng cường';
/** `tham dự các buổi sinh hoạt đảng tại 3 chi bộ thôn`, `tham gia sinh hoạt tạm thời ở chi bộ` */
const CELL_MEETINGS =
  '(?: các buổi)? sinh hoạt(?: đảng)?(?: tạm thời| ghép| hai chiều)?(?: (?:tại|ở|với|của))?(?: các)?(?: \\d+)? chi bộ';
/** Local members in their own cells (`2.000 đảng viên hiện đang sinh hoạt ở 156 chi bộ`), not border guards. */
const LOCAL_MEMBERS = `(?:đảng viên|đv)(?! (?:${BORDER_GUARD}))(?: \\S+){0,2}? (?:hiện |vẫn )?đang sinh hoạt`;
/**
 * Cadres a verb dispatches (`điều động 29 cán bộ Biên phòng tăng cường xã giữ chức danh Phó Bí thư`):
 * the count is of reinforcement, whatever posts they go on to hold.
 */
const DISPATCH_VERBS = '(?:điều động|cử|giới thiệu|biệt phái|tăng cường)(?: [^\\s,;]+){0,2}?  ?';
const DISPATCHED_CADRES = `${DISPATCH_VERBS}${REINFORCED_CADRES.slice(1)}`;
/** Border posts as a noun (`4 đồn Biên phòng`, `3 ĐBP`), never their commanders (`3 đồn trưởng`). */
const POSTS = '(?:đồn(?: biên phòng| biên giới| bp)?|đbp)(?! công an| trưởng| phó)';
/** 80 characters before a comma, stepping over asides (`5 cán bộ (3 đồn trưởng, 2 chính trị viên)`). */
const SKIP_ASIDES = '(?:[^,;()]|\\([^();]{0,80}\\)){0,80}?';
/** `tự quản 468,281 km đường biên giới`: the length self-managed splits the list from its topic. */
const selfManagedLength = (what: string): string =>
  `tự quản (?:[^;.]{0,30}? )?(?:(?:hơn|gần|khoảng|trên) )?\\d[\\d.,]* ?(?:km )?(?:${what})`;
/** A list ending in `tự quản` whose object comes after a length or a count of markers (`tự quản 6 cột mốc`). */
const selfManagedAcross = (what: string): CueSet => ({ after: 'tự quản ?$', clause: selfManagedLength(what) });
/** A list form (`Số hộ tự quản đường biên: 1.250 hộ`): the subject, then a colon or `là`, then the count. */
const statedOf = (what: string): CueSet => ({ lead: `(?:${what})(?:,? [^\\s,;.:]+){0,4}? ?(?::|là|đạt) ?$` });
/** `7 tổ tự quản an ninh trật tự thôn, bản với 21 thành viên`: members counted after their groups. */
const membersOf = (what: string): CueSet => ({
  lead: `(?:${what})[^;.]{0,60}?(?:với|gồm|có) (?:tổng số )?$`,
  tail: '^(?:thành viên|hộ viên|người)',
});
/** Free care: `khám, chữa bệnh`, `KCB`, `cấp thuốc`, `cấp phát thuốc`. */
const MEDICAL_CARE = 'khám(?:,? chữa bệnh)?|khám bệnh|chữa bệnh|kcb|cấp thuốc|cấp phát thuốc';
/** What follows `huyện`/`xã` in a border area's size: `xã, thị trấn biên giới`, `huyện miền núi biên giới`. */
const BORDER_AREA =
  '(?:,? (?:và )?(?:huyện|xã|phường|thị trấn|thị xã|thành phố))*(?: (?:khu vực|vùng|miền núi|vùng cao))?' +
  ' (?:biên giới|giáp biên|có đường biên giới|ven biển)';
/**
 * A border area's size stated of the area: `Địa bàn biên giới của tỉnh có 29 xã`, `khu vực biên giới
 * của tỉnh gồm 5 huyện`, `đường biên giới ... trải dọc 16 xã` (the neighbour's side, `giáp`, is not).
 */
const AREA_INTRO =
  '(?:(?:địa bàn|khu vực|vùng|tuyến|đường|đoạn) biên giới(?: biển| đất liền)?|kvbg)(?: [^;.:]{0,100}?)?' +
  ' (?:có|gồm|bao gồm|với|trải dài|trải dọc|trải dài trên|đi qua|chạy qua|qua) (?:địa bàn )?(?:các |tổng số )?$';
/** Communes, then the districts they belong to: `29 xã thuộc 4 huyện`, `13 xã biên giới, thuộc 4 huyện`. */
const DISTRICTS_OF_COMMUNES =
  '(?:xã|phường|thị trấn)(?:,? (?:xã|phường|thị trấn))*(?: biên giới)?,? (?:thuộc|của) (?:địa bàn )?(?:các )?$';
/** A clause that sizes the border area: a border stretch or a border commune named in it. */
const BORDER_AREA_CLAUSE = '(?:địa bàn|khu vực|vùng|tuyến|đường|đoạn) biên giới|xã biên giới|kvbg';
/** The neighbour's side of the border: its posts are not the province's. */
const FOREIGN_SIDE = 'lào|trung quốc|campuchia|cam-pu-chia|nước bạn|phía bạn';
/** One post's sector (`Đồn Biên phòng X quản lý 25 km`) is not the province's border area. */
const ONE_POSTS_SECTOR = '(?:^|[^\\d] )đồn[^,;]{0,40} (?:quản lý|phụ trách)[^,;]{0,20}$';
const NOT_AREA_SIZE = { before: `${nearEnd(ACTIONS_ON_PLACES, 6)}|${ONE_POSTS_SECTOR}` } as const;
const MONEY_VALUE_BEFORE = '(?:trị giá|giá trị|tổng trị giá|tổng giá trị|kinh phí|tổng kinh phí)(?: \\S+){0,8} ?$';
/** Seized goods in a clause: what was caught, never aid (`11.000 bao thuốc lá ngoại, trị giá 180 triệu đồng`). */
const HEROIN = 'heroine|heroin|hêrôin|hê-rô-in|hê rô in';
/** A seizure described first and identified after (`147,18 gam chất bột màu trắng ... là hê-rô-in`). */
const DRUG_IDENTIFIED_LATER = `^[^;]{0,120}?(?:là|xác định là|giám định là|nghi là)(?: chất)? (?:${SEIZED_DRUGS})`;
const SEIZURE_WORDS =
  'vụ việc|vụ vi phạm|hàng|tang vật|buôn lậu|thu giữ|tạm giữ|vi phạm|gian lận|vận chuyển|bắt giữ|thuốc lá|nhập lậu|lậu|không rõ nguồn gốc|không có hóa đơn';

export const METRIC_RULES: readonly MetricRule[] = [
  // Cadre: party building and border-guard cadres in local party committees and councils.
  {
    metric: 'bp_commune_party_secretaries',
    noun: PERSONNEL,
    priority: 90,
    cues: [
      { tail: nearStart('(?<!phó )bí thư(?! chi bộ| chi đoàn| đoàn)') },
      statedOf('(?<!phó )bí thư(?! chi bộ| chi đoàn| đoàn)'),
    ],
    unless: { around: DISPATCHED_CADRES },
  },
  {
    metric: 'bp_commune_deputy_secretaries',
    noun: PERSONNEL,
    priority: 90,
    cues: [
      { tail: nearStart('phó bí thư(?! chi bộ| chi đoàn| đoàn)') },
      statedOf('phó bí thư(?! chi bộ| chi đoàn| đoàn)'),
    ],
    unless: { around: DISPATCHED_CADRES },
  },
  {
    metric: 'bp_commune_key_positions',
    noun: PERSONNEL,
    priority: 85,
    cues: [
      { tail: nearStart('(?:vị trí|chức danh|chức vụ|cương vị) chủ chốt') },
      statedOf('(?:vị trí|chức danh|chức vụ) chủ chốt'),
    ],
    unless: { around: DISPATCHED_CADRES },
  },
  {
    metric: 'bp_council_deputies',
    noun: PERSONNEL,
    priority: 85,
    cues: [
      { around: 'trúng cử|được bầu|tham gia', after: PEOPLE_COUNCIL },
      { tail: nearStart(`(?:trúng cử|được bầu|là|làm)(?: vào)?(?: đại biểu)? ${PEOPLE_COUNCIL}`) },
      { before: `trúng cử[^;]{0,40}${PEOPLE_COUNCIL}[^;]{0,20}$` },
      statedOf(`(?:trúng cử|là) (?:đại biểu )?${PEOPLE_COUNCIL}`),
    ],
  },
  {
    metric: 'bp_cadres_district_committee',
    // `4 đồn Biên phòng tham gia huyện ủy viên`: a post joins a district committee through its one cadre.
    noun: `${PERSONNEL}|${POSTS}`,
    priority: 80,
    cues: [
      {
        rest:
          `^${SKIP_ASIDES}tham gia (?:vào )?(?:cấp ủy|ban chấp hành(?: đảng bộ)?|bch(?: đảng bộ)?)(?: cấp)?` +
          `(?: (?:tại|ở|của))?(?: các)?(?: \\d+)? (?:cấp )?huyện|` +
          `^${SKIP_ASIDES}tham gia (?:vào )?(?:huyện ủy|thành ủy|thị ủy)`,
      },
      { tail: nearStart('huyện ủy viên|(?:cấp ủy viên|ủy viên ban chấp hành đảng bộ) (?:cấp )?huyện') },
      statedOf('tham gia (?:vào )?(?:cấp ủy|ban chấp hành(?: đảng bộ)?|bch(?: đảng bộ)?) (?:cấp )?huyện|huyện ủy viên'),
    ],
  },
  {
    metric: 'bp_cadres_commune_committee',
    noun: PERSONNEL,
    priority: 75,
    cues: [
      { tail: nearStart('tham gia (?:vào )?(?:cấp ủy|ban chấp hành đảng bộ xã|đảng ủy xã)') },
      { tail: nearStart('đảng ủy viên|cấp ủy viên') },
      statedOf(
        'tham gia (?:vào )?(?:cấp ủy|ban chấp hành(?: đảng bộ)?|bch(?: đảng bộ)?|đảng ủy)' +
          ' (?:cấp )?(?:xã|cơ sở)|đảng ủy viên',
      ),
    ],
    unless: {
      rest: '^[^,;]{0,60}?(?:tham gia (?:vào )?(?:cấp ủy|ban chấp hành(?: đảng bộ)?)|cấp ủy viên|ủy viên ban chấp hành(?: đảng bộ)?)(?: cấp)?(?: các)?(?: \\d+)? (?:cấp )?(?:huyện|tỉnh)',
    },
  },
  {
    metric: 'communes_with_bp_reinforcement',
    noun: 'xã',
    priority: 72,
    cues: [
      { before: 'tăng cường (?:cho |về |xuống |tại )?(?:các )?$' },
      // `tăng cường 42 cán bộ cho 38 xã biên giới`
      {
        before: '(?:cho|về|xuống|tại) (?:các )?$',
        clause:
          'tăng cường (?:\\S+ )?[\\d.]+ (?:cán bộ|sĩ quan|đồng chí)(?: \\S+){0,3}? ' +
          '(?:cho|về|xuống|tại) (?:các )?[\\d.]+ xã',
      },
      // `13/13 xã biên giới đều có cán bộ đồn Biên phòng tăng cường`
      { tail: '^xã[^,;]{0,40}? (?:đều )?có (?:\\S+ ){0,2}?(?:cán bộ|sĩ quan|đồng chí)(?: \\S+){0,4}? tăng cường' },
    ],
  },
  {
    metric: 'bp_commune_reinforcement_cadres',
    noun: PERSONNEL,
    priority: 70,
    cues: [
      {
        tail: REINFORCED_CADRES,
      },
      { tail: nearStart('được (?:cử )?tăng cường (?:cho|về|xuống|tại)') },
      { before: nearEnd('tăng cường', 1), rest: '^[^,;]{0,40}?(?:cho|về|xuống|tại) (?:các )?(?:\\d+ )?xã' },
      statedOf('(?:cán bộ|sĩ quan)(?: \\S+){0,2}? tăng cường'),
    ],
  },
  {
    metric: 'bp_members_in_village_cells',
    noun: PERSONNEL,
    priority: 70,
    cues: [
      {
        rest: '^[^;]{0,80}?sinh hoạt(?: đảng)?(?: tạm thời| ghép| hai chiều)?(?: (?:tại|ở|với))?(?: các)?(?: \\d+)? chi bộ',
      },
      // `12 đảng viên ..., phân công cụ thể cho từng đồng chí tham dự các buổi sinh hoạt đảng tại 3 chi bộ thôn`
      {
        rest: `^(?:đảng viên|đv)[^;]{0,160}?(?:phân công|giới thiệu|cử)[^;]{0,60}?(?:tham dự|tham gia)${CELL_MEETINGS}`,
      },
    ],
    unless: { rest: LOCAL_MEMBERS },
  },
  {
    metric: 'village_cells_with_bp_members',
    noun: 'chi bộ',
    priority: 70,
    cues: [
      { before: 'sinh hoạt(?: đảng)?(?: tạm thời| ghép| hai chiều)? (?:tại|ở) (?:các )?$' },
      { tail: `^chi bộ(?:,? ${VILLAGE})*[^,;]{0,30}? có (?:\\S+ ){0,3}?đảng viên (?:biên phòng|bđbp|đbp|đồn)` },
    ],
    unless: { before: `${LOCAL_MEMBERS}[^;]{0,20}$` },
  },
  {
    metric: 'new_party_members_admitted',
    noun: '(?:đảng viên|đv|quần chúng(?: ưu tú)?)',
    copula:
      '(?:đảng viên|đv) mới(?: được)? kết nạp|(?:đảng viên|đv) được kết nạp(?: mới)?|kết nạp (?:mới )?(?:đảng viên|đv)',
    priority: 60,
    cues: [
      { before: nearEnd('kết nạp', 3) },
      { before: 'phát triển (?:được |thêm )*$', tail: '^(?:đảng viên|đv) mới' },
      { tail: nearStart('được kết nạp|kết nạp vào đảng', 40) },
    ],
    unless: { before: '(?:đối tượng|bồi dưỡng|tạo nguồn) (?:\\S+ )?kết nạp' },
  },
  {
    metric: 'party_candidates_trained',
    noun: '(?:lượt )?(?:quần chúng|đối tượng)',
    priority: 60,
    cues: [
      {
        before: nearEnd('bồi dưỡng|tạo nguồn', 3),
        tail: '^(?:lượt )?(?:quần chúng|đối tượng (?:kết nạp|cảm tình|đảng|phát triển đảng))',
      },
      { before: nearEnd('bồi dưỡng|tạo nguồn', 3), after: 'kết nạp đảng|cảm tình đảng|vào đảng' },
      { tail: nearStart('cảm tình đảng|tạo nguồn|bồi dưỡng kết nạp', 40) },
    ],
  },
  {
    metric: 'party_cells_established',
    noun: 'chi bộ',
    copula: 'chi bộ(?: \\S+){0,3}? (?:được )?thành lập mới|chi bộ mới(?: được)? thành lập',
    priority: 60,
    cues: [{ before: 'thành lập (?:mới |được |thêm )*$' }, { tail: nearStart('được thành lập|thành lập mới', 30) }],
  },
  {
    metric: 'party_cells_consolidated',
    noun: 'chi bộ',
    priority: 55,
    cues: [{ before: nearEnd('củng cố|kiện toàn', 3) }],
  },
  {
    metric: 'mass_orgs_consolidated',
    noun: '(?:tổ chức chính trị[ ,-]*xã hội|tổ chức đoàn thể|đoàn thể)',
    priority: 55,
    cues: [{ before: nearEnd('củng cố|kiện toàn', 4) }],
  },
  {
    metric: 'local_cadres_replaced',
    noun: '(?:lượt )?(?:cán bộ|người)',
    priority: 55,
    cues: [{ before: nearEnd('thay thế', 3) }],
  },
  {
    metric: 'households_assigned',
    noun: '(?:hộ(?: gia đình| dân| nghèo| đồng bào)?)',
    copula: 'hộ(?: gia đình| dân| nghèo)? (?:được )?(?:đảng viên (?:\\S+ ){0,3}?)?(?:nhận )?phụ trách',
    priority: 55,
    cues: [
      { before: nearEnd('phụ trách|nhận đỡ đầu|theo dõi, giúp đỡ|quản lý, giúp đỡ', 3) },
      { tail: nearStart('được (?:\\S+ ){0,5}?phụ trách', 20) },
    ],
    unless: { after: 'tự quản' },
  },

  // Crime: detection, prosecution and administrative sanctions.
  {
    metric: 'criminal_cases_prosecuted',
    noun: CASES,
    priority: 50,
    cues: [{ before: nearEnd(CRIMINAL_HANDLING, 4) }],
  },
  {
    metric: 'criminal_defendants_prosecuted',
    noun: '(?:bị can|đối tượng|người)',
    priority: 50,
    cues: [{ before: nearEnd(CRIMINAL_HANDLING, 4) }, { tail: '^bị can' }],
    unless: { before: nearEnd('truy tố|xét xử', 6) },
  },
  {
    metric: 'admin_violation_cases',
    noun: CASES,
    priority: 50,
    cues: [
      { before: nearEnd(ADMINISTRATIVE_SANCTION, 4) },
      { tail: nearStart('bị xử phạt (?:vi phạm )?hành chính', 40) },
    ],
  },
  {
    metric: 'admin_violation_subjects',
    noun: '(?:lượt )?(?:đối tượng|người|cá nhân|trường hợp|tổ chức)',
    priority: 50,
    cues: [
      { before: nearEnd(ADMINISTRATIVE_SANCTION, 4) },
      { tail: nearStart('bị xử phạt (?:vi phạm )?hành chính', 40) },
    ],
  },
  {
    metric: 'fines_collected_vnd',
    measure: 'vnd',
    priority: 45,
    cues: [
      { before: '(?:nộp|thu nộp|thu)(?: vào)? (?:ngân sách|nsnn|kho bạc)[^;]{0,30}$' },
      { before: nearEnd(`phạt tiền|tiền phạt|phạt|${ADMINISTRATIVE_SANCTION}`, 5) },
      { before: 'xử phạt[^;]{0,80}(?:số tiền|tổng số tiền|tiền)[^;]{0,12}$' },
    ],
    unless: { before: MONEY_VALUE_BEFORE },
  },
  {
    metric: 'heroin_seized_cakes',
    noun: 'bánh',
    priority: 45,
    cues: [
      { after: `^bánh(?: nghi)?(?: là)? (?:${HEROIN})` },
      // The kind after the weight it shares: `thu giữ 6 bánh, 312,5 gam heroin`.
      { after: `^bánh[ ,]+(?:và |cùng )?(?:${HEROIN})` },
      { rest: `^bánh ${DRUG_IDENTIFIED_LATER.slice(1).replace(SEIZED_DRUGS, HEROIN)}` },
    ],
  },
  {
    metric: 'synthetic_drug_pills_seized',
    noun: 'viên',
    priority: 45,
    cues: [
      { rest: `^viên ${DRUG_IDENTIFIED_LATER.slice(1)}` },
      { after: '^viên(?: (?:ma túy(?: tổng hợp)?|mtth|hồng phiến|thuốc lắc|mdma|methamphetamin|ketamin))' },
      { after: `^viên[ ,]*(?:và |cùng )?(?:\\S+ ){0,5}?(?:${SEIZED_DRUGS})` },
    ],
  },
  {
    metric: 'drugs_seized_kg',
    measure: 'kg',
    priority: 45,
    cues: [{ after: `^[ ,]*(?:(?:và|cùng|với) )?(?:\\S+ ){0,4}?(?:${SEIZED_DRUGS})` }, { rest: DRUG_IDENTIFIED_LATER }],
    unless: { after: '^ ?tiền chất' },
  },
  {
    metric: 'illegal_crossing_persons',
    noun: '(?:lượt )?(?:người|đối tượng|công dân|trường hợp)',
    topic: 'illegal-crossing',
    priority: 45,
    cues: DETECTED,
    unless: NOT_DETECTION,
  },
  { metric: 'drug_cases_detected', noun: CASES, topic: 'drugs', priority: 40, cues: DETECTED, unless: NOT_DETECTION },
  {
    metric: 'drug_suspects_detected',
    noun: SUSPECTS,
    topic: 'drugs',
    priority: 40,
    cues: DETECTED,
    unless: { ...NOT_DETECTION, tail: '^(?:lượt )?(?:đối tượng|người) (?:nghiện|sử dụng|cai nghiện)' },
  },
  {
    metric: 'smuggling_cases_detected',
    noun: CASES,
    topic: 'smuggling',
    priority: 40,
    cues: DETECTED,
    unless: NOT_DETECTION,
  },
  {
    metric: 'seized_goods_value_vnd',
    measure: 'vnd',
    priority: 40,
    cues: [{ before: MONEY_VALUE_BEFORE, clause: SEIZURE_WORDS }],
    unless: { clause: 'khám|chữa bệnh|cấp thuốc' },
  },
  { metric: 'crime_cases_detected', noun: CASES, topic: 'none-or-several', priority: 20, cues: DETECTED_BY_VERB },
  { metric: 'crime_suspects_detected', noun: SUSPECTS, topic: 'none-or-several', priority: 20, cues: DETECTED_BY_VERB },

  // Civic: self-management movements and support to residents.
  {
    metric: 'selfmgmt_border_groups',
    noun: GROUPS,
    priority: 50,
    cues: [{ after: SELF_MANAGED_BORDER_LINE }, selfManagedAcross(BORDER_LINE), statedOf(SELF_MANAGED_BORDER_LINE)],
  },
  {
    metric: 'selfmgmt_border_households',
    noun: HOUSEHOLDS,
    priority: 50,
    cues: [{ after: SELF_MANAGED_BORDER_LINE }, selfManagedAcross(BORDER_LINE), statedOf(SELF_MANAGED_BORDER_LINE)],
  },
  {
    metric: 'selfmgmt_border_individuals',
    noun: INDIVIDUALS,
    priority: 50,
    cues: [
      { after: SELF_MANAGED_BORDER_LINE },
      selfManagedAcross(BORDER_LINE),
      membersOf(SELF_MANAGED_BORDER_LINE),
      statedOf(SELF_MANAGED_BORDER_LINE),
    ],
  },
  {
    metric: 'selfmgmt_marker_groups',
    noun: GROUPS,
    priority: 49,
    cues: [{ after: SELF_MANAGED_MARKERS }, selfManagedAcross(MARKERS), statedOf(SELF_MANAGED_MARKERS)],
  },
  {
    metric: 'selfmgmt_marker_households',
    noun: HOUSEHOLDS,
    priority: 49,
    cues: [{ after: SELF_MANAGED_MARKERS }, selfManagedAcross(MARKERS), statedOf(SELF_MANAGED_MARKERS)],
  },
  {
    metric: 'selfmgmt_marker_individuals',
    noun: INDIVIDUALS,
    priority: 49,
    cues: [
      { after: SELF_MANAGED_MARKERS },
      selfManagedAcross(MARKERS),
      membersOf(SELF_MANAGED_MARKERS),
      statedOf(SELF_MANAGED_MARKERS),
    ],
  },
  {
    metric: 'selfmgmt_security_groups',
    noun: GROUPS,
    priority: 48,
    cues: [{ after: SELF_MANAGED_SECURITY }, statedOf(SELF_MANAGED_SECURITY)],
  },
  {
    metric: 'selfmgmt_security_individuals',
    noun: INDIVIDUALS,
    priority: 48,
    cues: [{ after: SELF_MANAGED_SECURITY }, membersOf(SELF_MANAGED_SECURITY), statedOf(SELF_MANAGED_SECURITY)],
  },
  {
    metric: 'houses_built',
    noun: '(?:căn |ngôi )?nhà(?! (?:văn hóa|sinh hoạt|công vụ|bán trú|lưu trú|làm việc|tạm|vệ sinh|ở cho cán bộ))',
    priority: 50,
    cues: [
      {
        tail: '^(?:căn |ngôi )?nhà (?:"|“)?(?:đại đoàn kết|tình nghĩa|tình thương|nhân ái|mái ấm|đồng đội|khăn quàng đỏ|cho hộ nghèo|cho người nghèo)',
      },
      { before: nearEnd('xây dựng|xây tặng|xây mới|trao tặng|bàn giao|khánh thành|hoàn thành', 4) },
    ],
    // Houses repaired or only started (`khởi công xây dựng 42 căn nhà`) are not built.
    unless: { before: nearEnd('sửa chữa|tu sửa|khởi công|đang xây dựng', 4) },
  },
  {
    metric: 'wells_built',
    noun: '(?:giếng(?: khoan| nước| đào)?|công trình (?:cấp )?nước sạch|hệ thống (?:cấp )?nước sạch|bể (?:chứa )?nước)',
    priority: 50,
  },
  {
    metric: 'clinics_built',
    noun: '(?:phòng khám|trạm xá|trạm y tế|điểm khám)',
    priority: 50,
    cues: [{ tail: '^\\S+(?: \\S+){0,2} quân[ -]*dân y' }],
  },
  { metric: 'labor_days_contributed', noun: 'ngày công', priority: 50 },
  {
    metric: 'medical_examinations',
    noun: '(?:lượt )?(?:người bệnh|người dân|đồng bào|người|bệnh nhân|trường hợp)|lượt',
    priority: 45,
    cues: [{ before: nearEnd(`${MEDICAL_CARE}|điều trị`, 6) }, { tail: nearStart('được khám', 30) }],
  },
  {
    metric: 'medical_aid_value_vnd',
    measure: 'vnd',
    priority: 45,
    cues: [
      { before: MONEY_VALUE_BEFORE, clause: `${MEDICAL_CARE}|thuốc(?! lá)` },
      // `KCB cho gần 40.000 lượt người với chi phí hơn 1,2 tỷ đồng`, `số tiền thuốc cấp phát gần 1,3 tỷ`
      { lead: '(?:chi phí|tổng chi phí|số tiền|tiền thuốc)(?: \\S+){0,4} ?$', clause: MEDICAL_CARE },
    ],
    unless: { clause: 'thuốc lá|buôn lậu|thu giữ|tạm giữ|tang vật' },
  },
  {
    metric: 'disaster_relief_deployments',
    noun: '(?:lượt )?(?:cán bộ,? chiến s[ĩỹ]|cbcs|cán bộ|chiến s[ĩỹ]|đồng chí|quân|người)',
    priority: 35,
    cues: [
      {
        before: nearEnd('cử|huy động|điều động|xuất quân|tham gia', 3),
        clause: 'thiên tai|lũ|lụt|bão|sạt lở|mưa lớn|cứu hộ|cứu nạn|khắc phục hậu quả|hỏa hoạn|cháy rừng',
      },
    ],
    unless: { tail: nearStart('mất tích|thiệt mạng|bị thương|tử vong|bị nạn', 30) },
  },
  {
    metric: 'rice_aid_kg',
    measure: 'kg',
    noun: 'gạo',
    priority: 45,
    unless: { clause: 'buôn lậu|nhập lậu|thu giữ|tạm giữ|vận chuyển trái phép' },
  },
  {
    metric: 'cash_aid_vnd',
    measure: 'vnd',
    priority: 30,
    cues: [{ before: nearEnd('hỗ trợ|ủng hộ|tặng|trao tặng|trao|trợ cấp|giúp đỡ|quyên góp|tiền mặt', 8) }],
    // A reward to a unit (`thưởng nóng 30 triệu đồng`) is not aid.
    unless: { before: `${MONEY_VALUE_BEFORE}|thưởng(?: \\S+){0,4} ?$` },
  },

  // Scope: the size of the border area.
  {
    metric: 'border_length_km',
    measure: 'km',
    priority: 50,
    cues: [
      { after: '^ ?(?:đường biên giới|đường biên|biên giới)' },
      { before: '(?:đường|tuyến|đoạn) biên(?: giới)?[^;]{0,60}?(?:dài|chiều dài)(?: là| khoảng)? ?$' },
      { before: 'chiều dài (?:(?:đường|tuyến|đoạn) )?biên giới(?: \\S+){0,3}? (?:là|đạt|khoảng)? ?$' },
    ],
    unless: {
      // A length patrolled, or self-managed by families (`nhận tự quản 6 cột mốc và 12 km`), is not the border's.
      before: `${nearEnd('tuần tra|cơ động|hành quân|di chuyển|đi bộ|truy đuổi|cắm mốc|cách|tự quản', 6)}|${
        ONE_POSTS_SECTOR
      }`,
    },
  },
  // A list shares its place noun's qualifier: `6 huyện, 24 xã biên giới`.
  {
    metric: 'border_districts',
    noun: 'huyện(?:,? (?:thị xã|thành phố|thị trấn|quận))*',
    priority: 50,
    unless: NOT_AREA_SIZE,
    fractionPart: 'denominator',
    // `16 xã biên giới thuộc 3 huyện`: the communes' qualifier carries over to the districts they belong to.
    cues: [
      { after: `^huyện${BORDER_AREA}` },
      { lead: 'biên giới(?: biển| đất liền)?,? (?:thuộc|của|ở) (?:địa bàn )?(?:các )?$' },
      { before: AREA_INTRO },
      { lead: DISTRICTS_OF_COMMUNES, clause: BORDER_AREA_CLAUSE },
      // `Quản lý đoạn biên giới dài hơn 333 km với 634 cột mốc trên địa bàn 7 huyện`
      {
        before: '(?:trên|thuộc) địa bàn (?:các )?$',
        clause: '(?:đường|đoạn|tuyến) biên giới[^;.]{0,40}?(?:dài|chiều dài)',
      },
    ],
  },
  {
    metric: 'border_communes',
    noun: 'xã(?:,? (?:phường|thị trấn))*',
    priority: 45,
    cues: [{ after: `^xã${BORDER_AREA}` }, { before: AREA_INTRO }],
    unless: NOT_AREA_SIZE,
    fractionPart: 'denominator',
  },
  {
    metric: 'border_posts',
    noun: POSTS,
    priority: 45,
    unless: { ...NOT_AREA_SIZE, tail: nearStart(FOREIGN_SIDE, 30) },
    fractionPart: 'denominator',
  },
];
