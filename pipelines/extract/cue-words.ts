/**
 * Vietnamese words the metric rules share, as lowercase regular-expression sources over normalized
 * text (NFC, new tone placement, one space between words). Abbreviations are spelled out beside
 * their long forms (`đ/c` = đồng chí, `CBCS` = cán bộ chiến sĩ, `ĐV` = đảng viên, `HĐND` = Hội đồng
 * nhân dân, `ANTT` = an ninh trật tự, `ĐBP` = đồn biên phòng, `BĐBP` = bộ đội biên phòng), so no rule
 * has to repeat them.
 */

/** People counted as personnel or members: `đồng chí`, `đ/c`, `CBCS`, `cán bộ, chiến sĩ`, `đảng viên`, `người`. */
export const PERSONNEL =
  '(?:lượt )?(?:đồng chí|đ/c|cán bộ,? chiến s[ĩỹ]|cbcs|cán bộ|chiến s[ĩỹ]|sĩ quan|quân nhân|đảng viên|đv|người|đại biểu)';
/** The border guard as an attribute: `biên phòng`, `BĐBP`, `BP`, `đồn biên phòng`, `ĐBP`, `của đồn`. */
export const BORDER_GUARD =
  '(?:bộ đội biên phòng|biên phòng|bđbp|bp|đồn biên phòng|đbp|(?:của )?(?:các )?đồn(?: biên phòng)?)';
/** Suspects and offenders: `đối tượng`, `người`, `lượt người`, `nghi phạm`. */
export const SUSPECTS = '(?:lượt )?(?:đối tượng|người|nghi phạm|nghi can)';
/** Criminal or violation cases: `vụ`, `vụ án`, `vụ việc`. */
export const CASES = 'vụ(?: án| việc)?';
/** People-council: `HĐND`, `Hội đồng nhân dân`. */
export const PEOPLE_COUNCIL = '(?:hđnd|hội đồng nhân dân)';
/** Security and order: `ANTT`, `an ninh trật tự`, `an ninh, trật tự`. */
export const SECURITY_AND_ORDER = '(?:antt|an ninh,? trật tự)';
/** Village-level units a party cell belongs to. */
export const VILLAGE = '(?:thôn|bản|ấp|buôn|làng|xóm|khóm|khu phố|tổ dân phố|khu dân cư|sóc|plei|bon)';

/** Verbs that report detection of a violation: `phát hiện, bắt giữ, xử lý`. */
export const DETECTION_VERBS = 'phát hiện|bắt giữ|bắt quả tang|bắt|xử lý|triệt phá|đấu tranh|điều tra|làm rõ|ngăn chặn';
/** Administrative sanction: `xử phạt vi phạm hành chính`, `xử lý hành chính`, `xử phạt`. */
export const ADMINISTRATIVE_SANCTION =
  'xử phạt vi phạm hành chính|xử phạt hành chính|xử lý vi phạm hành chính|xử lý hành chính|phạt vi phạm hành chính|phạt hành chính|xử phạt vphc|xử phạt';
/** Verbs acting on places (`củng cố 4 xã`): the number then counts the places acted on, not the area's size. */
export const ACTIONS_ON_PLACES =
  'củng cố|kiện toàn|xây dựng|hỗ trợ|giúp đỡ|giúp|tăng cường|khảo sát|thăm|tặng|trao|đỡ đầu|kết nghĩa';

/** Drugs named in a clause. */
export const DRUG_WORDS =
  'ma túy|mtth|heroine|heroin|hêrôin|hê-rô-in|hê rô in|thuốc phiện|cần sa|ketamin|ketamine|methamphetamin|methamphetamine|hồng phiến|thuốc lắc|mdma|cocain|cocaine|tiền chất';
/** Drug names after a seized quantity (precursor chemicals excluded). */
export const SEIZED_DRUGS =
  'ma túy|mtth|heroine|heroin|hêrôin|hê-rô-in|hê rô in|thuốc phiện|nhựa thuốc phiện|cần sa|ketamin|ketamine|methamphetamin|methamphetamine|hồng phiến|thuốc lắc|mdma|cocain|cocaine';

/**
 * A cue ending right before the number with at most `words` words in between
 * (`củng cố, kiện toàn được 103` matches `nearEnd('củng cố|kiện toàn', 3)`).
 */
export function nearEnd(verbs: string, words: number): string {
  return `(?:${verbs})(?:[ ,]+[^\\s,;:()]+){0,${words}}[ ,]*$`;
}

/** `nearEnd`, but no word of `stops` may come between (`quản lý địa bàn, phát hiện 6` is a detection). */
export function nearEndWithout(verbs: string, words: number, stops: string): string {
  return `(?:${verbs})(?:[ ,]+(?!(?:${stops})(?![\\p{L}]))[^\\s,;:()]+){0,${words}}[ ,]*$`;
}

/** A cue at the start of a window, within `characters` of it and before any comma or semicolon. */
export function nearStart(cue: string, characters = 60): string {
  return `^[^,;]{0,${characters}}?(?:${cue})`;
}

/**
 * Words that open a new predicate inside a clause: a list (`15 vụ, 20 đối tượng`) never runs across
 * them, so `..., thu giữ 5 bánh heroin` starts a list of its own. Add a rule's new verb here too.
 */
export const PREDICATE_OPENERS = [
  DETECTION_VERBS,
  'khởi tố|truy tố|xét xử|xử phạt|thu giữ|tạm giữ|nộp|thu nộp|hỗ trợ|tặng|trao|ủng hộ|kết nạp|bồi dưỡng',
  'củng cố|kiện toàn|thành lập|thay thế|phụ trách|trị giá|giá trị|kinh phí|khám|cử|huy động|giới thiệu|xây dựng|bàn giao',
  'trong đó|gồm|bao gồm|riêng|cụ thể|so với|tăng(?! cường)|giảm',
].join('|');

/** Words before a number that make it approximate: `gần 700 triệu`, `hơn 1,2 tỷ`, `khoảng 50`, `ước trị giá`. */
export const APPROXIMATION = '(?:gần như|gần|hơn|khoảng|trên dưới|trên|xấp xỉ|ước tính|ước|chừng|tới gần|tới hơn|ngót)';
