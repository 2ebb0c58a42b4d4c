/**
 * The provinces whose forces a sentence names (`Bộ đội Biên phòng tỉnh Điện Biên`, `Cơ quan chức năng
 * cửa khẩu Xa Mát, tỉnh Tây Ninh`). A sentence about another province's forces reports their figures,
 * not the report's; a place of residence (`trú tại xã Mường Nhé, tỉnh Điện Biên`) names no force.
 */
import { lookBehindFirst } from './look-behind-first.js';
import { findProvinceMentions } from './province-mentions.js';

const FORCES = 'bộ đội biên phòng|bđbp|biên phòng|công an|hải quan|cơ quan chức năng|lực lượng chức năng';
/** The words before `tỉnh`/`thành phố` that make the name after it a force's province. */
const FORCE_BEFORE = lookBehindFirst('(?<![\\p{L}])', `(?:${FORCES})(?: \\(bđbp\\))?(?: [^.;,()]{0,30}?,)? $`);
const PROVINCE_WORDS = ['tỉnh ', 'thành phố '];
const NAME_LENGTH = 30;
const LOOK_BEHIND = 60;

/**
 * Codes of the provinces whose forces `lower[start, end)` names. `text` is the normalized text with its
 * case (names are capitalized), `lower` the same text lowercased; offsets are shared.
 */
export function findForceProvinces(text: string, lower: string, start: number, end: number): Set<string> {
  const codes = new Set<string>();
  // Searched within the sentence only: a search of the whole text would cost a pass per sentence.
  const sentence = lower.slice(start, end);
  for (const word of PROVINCE_WORDS) {
    for (let found = sentence.indexOf(word); found !== -1; found = sentence.indexOf(word, found + 1)) {
      const at = start + found;
      if (!FORCE_BEFORE.test(lower.slice(Math.max(start, at - LOOK_BEHIND), at))) continue;
      const name = at + word.length;
      const [first] = findProvinceMentions(text, [{ start: name, end: Math.min(end, name + NAME_LENGTH) }]);
      if (first) codes.add(first.code);
    }
  }
  return codes;
}
