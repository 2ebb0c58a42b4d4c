/**
 * The provinces whose forces a sentence names (`Bộ đội Biên phòng tỉnh Điện Biên`, `Cơ quan chức năng
 * cửa khẩu Xa Mát, tỉnh Tây Ninh`). A sentence about another province's forces reports their figures,
 * not the report's; a place of residence (`trú tại xã Mường Nhé, tỉnh Điện Biên`) names no force.
 */
import { findProvinceMentions } from './province-mentions.js';

const FORCES = 'bộ đội biên phòng|bđbp|biên phòng|công an|hải quan|cơ quan chức năng|lực lượng chức năng';
const FORCE_OF_PROVINCE = new RegExp(
  `(?<![\\p{L}])(?:${FORCES})(?: \\(bđbp\\))?(?: [^.;,()]{0,30}?,)? (?:tỉnh|thành phố|tp\\.?) ?`,
  'gu',
);
const NAME_LENGTH = 30;

/**
 * Codes of the provinces whose forces `lower[start, end)` names. `text` is the normalized text with its
 * case (names are capitalized), `lower` the same text lowercased; offsets are shared.
 */
export function findForceProvinces(text: string, lower: string, start: number, end: number): Set<string> {
  const codes = new Set<string>();
  const sentence = lower.slice(start, end);
  if (!sentence.includes('tỉnh') && !sentence.includes('thành phố') && !sentence.includes('tp')) return codes;
  for (const match of sentence.matchAll(FORCE_OF_PROVINCE)) {
    const at = start + match.index + match[0].length;
    const [first] = findProvinceMentions(text, [{ start: at, end: Math.min(end, at + NAME_LENGTH) }]);
    if (first) codes.add(first.code);
  }
  return codes;
}
