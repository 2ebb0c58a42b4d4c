/**
 * Provinces a report names (`tỉnh Nghệ An`, `Laichau`, `Đắk Lắk`, `DAK LAK`), counted and ordered by
 * how often they are named. Names match on word boundaries, written with their diacritics or with
 * none at all, spaced or joined; a name must be capitalized, so `hòa bình` (peace) is not Hòa Bình.
 */
import { foldKey, normalizeVietnamese } from '../text/fold.js';
import { loadProvinceUnits } from '../reference/provinces.js';

export interface ProvinceMention {
  /** ISO 3166-2 code, e.g. `VN-22`. */
  readonly code: string;
  readonly count: number;
}

/** Names that are also a person, an idea or a sea: the words around them say which. */
const NOT_THE_PROVINCE: readonly { key: string; before?: RegExp; after?: RegExp }[] = [
  {
    key: 'hochiminh',
    before:
      /(?:tư tưởng|chủ tịch|bác|đạo đức|phong cách|tấm gương|lăng|di chúc|đường|cộng sản|tncs|học viện|chính trị quốc gia|thanh niên|thiếu niên|huy hiệu|giải thưởng|chiến dịch|lênin|lê-nin|đồng chí|người|nhi đồng)[\s,.]*$/iu,
    after: /^\s*vĩ đại/iu,
  },
  { key: 'hcm', before: /(?:tư tưởng|cộng sản|tncs|học viện|chính trị quốc gia|đoàn|đội)[\s,.]*$/iu },
  { key: 'dienbien', after: /^\s*phủ/iu },
  { key: 'thaibinh', after: /^\s*dương/iu },
  { key: 'hue', before: /(?:chị|anh|bà|ông|cô|em|đồng chí|đ\/c|bạn|cháu|bác)\s*$/iu },
];
const NAME_PREFIX = /^(?:tỉnh|thành phố|thủ đô|tp\.?)\s*/iu;

// Names are looked up by their first word, lowercased (or all words joined, for `Laichau`); only those few
// candidates are then tried at that position, so the cost stays proportional to the text.
type NameIndex = { patternsByFirstWord: Map<string, RegExp>; codeByKey: Map<string, string>; initials: RegExp };
let index: NameIndex | undefined;

function buildNameIndex(): NameIndex {
  const codeByKey = new Map<string, string>();
  const sourcesByFirstWord = new Map<string, Set<string>>();
  for (const unit of loadProvinceUnits()) {
    for (const name of [unit.name_vi, unit.name_ascii, ...unit.aliases]) {
      const core = normalizeVietnamese(name).replace(NAME_PREFIX, '').trim();
      if (foldKey(core).length < 3) continue;
      for (const variant of [core, removeMarksKeepingCase(core)]) {
        const words = variant.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
        const source = words.map(escapeRegExp).join('[\\s.\\-]*');
        for (const key of new Set([(words[0] ?? '').toLowerCase(), words.join('').toLowerCase()])) {
          const sources = sourcesByFirstWord.get(key) ?? new Set<string>();
          sources.add(source);
          sourcesByFirstWord.set(key, sources);
        }
      }
      codeByKey.set(foldKey(core), unit.code);
    }
  }
  const patternsByFirstWord = new Map<string, RegExp>();
  for (const [key, sources] of sourcesByFirstWord) {
    const alternatives = [...sources].sort((left, right) => right.length - left.length);
    patternsByFirstWord.set(key, new RegExp(`(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'iuy'));
  }
  return { patternsByFirstWord, codeByKey, initials: findInitials([...patternsByFirstWord.keys()]) };
}

/**
 * The capital letters a name can start with: every one (of the Basic Multilingual Plane, where all names
 * are) whose lowercase starts a name's first word. Searching for these few is much cheaper than testing
 * every character for `\p{Lu}`.
 */
function findInitials(keys: readonly string[]): RegExp {
  const capitals: string[] = [];
  for (let code = 0; code <= 0xffff; code++) {
    const letter = String.fromCharCode(code);
    if (!UPPERCASE.test(letter)) continue;
    const lower = letter.toLowerCase();
    if (keys.some((key) => key.startsWith(lower))) capitals.push(letter);
  }
  return new RegExp(`[${capitals.map(escapeRegExp).join('')}]`, 'g');
}

const UPPERCASE = /^\p{Lu}$/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Counts the provinces named in `text` (normalized), looking only inside `ranges`; most named first. */
export function findProvinceMentions(
  text: string,
  ranges: readonly { start: number; end: number }[],
): ProvinceMention[] {
  index ??= buildNameIndex();
  const { patternsByFirstWord, codeByKey } = index;
  const counts = new Map<string, { count: number; first: number }>();
  for (const range of ranges) {
    const slice = text.slice(range.start, range.end);
    let resumeAt = 0;
    for (const word of capitalizedWords(slice, index.initials)) {
      if (word.index < resumeAt) continue;
      const pattern = patternsByFirstWord.get(word[0].toLowerCase());
      if (!pattern || LETTER_OR_DIGIT.test(slice[word.index - 1] ?? '')) continue;
      pattern.lastIndex = word.index;
      const name = pattern.exec(slice)?.[0];
      if (!name) continue;
      const key = foldKey(name);
      const code = codeByKey.get(key);
      if (!code || !isCapitalized(name)) continue;
      // A name read as something else still hides the names inside it (`Thái Bình Dương` is no `Bình Dương`).
      resumeAt = word.index + name.length;
      const before = slice.slice(Math.max(0, word.index - 40), word.index);
      const after = slice.slice(word.index + name.length, word.index + name.length + 12);
      if (
        NOT_THE_PROVINCE.some(
          (rule) => rule.key === key && ((rule.before?.test(before) ?? false) || (rule.after?.test(after) ?? false)),
        )
      )
        continue;
      const seen = counts.get(code);
      if (seen) seen.count++;
      else counts.set(code, { count: 1, first: range.start + word.index });
    }
  }
  return [...counts.entries()]
    .sort(([, left], [, right]) => right.count - left.count || left.first - right.first)
    .map(([code, { count }]) => ({ code, count }));
}

/**
 * The capitalized words of `slice` (`\p{Lu}\p{L}*`) that may start a name:
 * those at a word boundary that start with one of the `initials`.
 */
function* capitalizedWords(slice: string, initials: RegExp): Generator<{ index: number; 0: string }> {
  initials.lastIndex = 0;
  for (let found = initials.exec(slice); found; found = initials.exec(slice)) {
    const at = found.index;
    if (LETTER_OR_DIGIT.test(slice[at - 1] ?? '')) continue;
    CAPITALIZED_WORD.lastIndex = at;
    const word = CAPITALIZED_WORD.exec(slice)?.[0];
    if (word) yield { index: at, 0: word };
  }
}

const CAPITALIZED_WORD = /\p{Lu}\p{L}*/uy;

function isCapitalized(name: string): boolean {
  return name
    .split(/[\s.-]+/u)
    .filter(Boolean)
    .every((word) => {
      const first = word.charAt(0);
      return first !== first.toLowerCase() || /\d/.test(first);
    });
}

function removeMarksKeepingCase(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
