/**
 * How Vietnamese a text looks: the share of its accented words that are well-formed Vietnamese
 * syllables (an initial, a rhyme from the closed list of rhymes, at most one tone, and only a
 * rising or heavy tone on a syllable closed by c, ch, p or t). Text read in the wrong legacy
 * encoding turns most of its accented words into impossible syllables, so this score tells the
 * encodings apart without trusting any single character.
 */

const INITIALS = [
  'ngh',
  'ng',
  'gh',
  'gi',
  'kh',
  'nh',
  'ph',
  'qu',
  'th',
  'tr',
  'ch',
  'b',
  'c',
  'd',
  'đ',
  'g',
  'h',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'x',
];

// Every rhyme of standard Vietnamese, without its tone, and `ăk` of Central Highlands names (`Đắk Lắk`).
const RHYMES = new Set(
  `
  a ai ao au ay ac ach am an ang anh ap at
  ăc ăm ăn ăng ăp ăt ăk
  âc âm ân âng âp ât âu ây
  e eo ec em en eng ep et
  ê êch êm ên ênh êp êt êu
  i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
  o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
  oe oen oeo oet oc oi om on ong oong ooc op ot
  ô ôc ôi ôm ôn ông ôp ôt
  ơ ơi ơm ơn ơp ơt
  u ua uâc uân uâng uât uây uc ui um un ung up ut uê uêch uênh uơ uy uya uych uyên uyêt uyn uynh uyp uyt uyu
  uôc uôi uôm uôn uông uôt
  ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
  y yêm yên yêng yêt yêu
`
    .trim()
    .split(/\s+/),
);

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const RISING_OR_HEAVY = new Set(['\u0301', '\u0323']);
const STOP_FINAL = /(?:c|ch|p|t|k)$/u;

/** Whether one word (any case, NFC or NFD) is a well-formed Vietnamese syllable. */
export function isVietnameseSyllable(word: string): boolean {
  const decomposed = word.toLowerCase().normalize('NFD');
  const tones = decomposed.match(TONE_MARKS) ?? [];
  if (tones.length > 1) return false;
  const bare = decomposed.replace(TONE_MARKS, '').normalize('NFC');
  if (!/^[a-zđăâêôơư]+$/u.test(bare)) return false;
  for (const initial of ['', ...INITIALS]) {
    if (!bare.startsWith(initial)) continue;
    let rhyme = bare.slice(initial.length);
    // `gi` and `qu` lend their vowel to a rhyme that has none of its own: `gì`, `giữ`.
    if (initial === 'g' && rhyme.startsWith('i') && !RHYMES.has(rhyme)) continue;
    if (initial === 'gi' && rhyme === '') rhyme = 'i';
    if (!RHYMES.has(rhyme)) continue;
    const tone = tones[0];
    if (STOP_FINAL.test(rhyme) && !(tone && RISING_OR_HEAVY.has(tone))) continue;
    return true;
  }
  return false;
}

export interface VietnameseScore {
  /** Words with a character outside ASCII: the only ones that tell encodings apart. */
  readonly marked: number;
  /** Of those, the well-formed Vietnamese syllables. */
  readonly valid: number;
  /** `valid / marked`, 0 when nothing is marked. */
  readonly ratio: number;
}

// Words run between ASCII spaces, digits and punctuation and the Unicode punctuation block; a
// Latin-1 symbol (`®`, `ª`, `§`) stays inside its word, since a legacy encoding uses it as a letter.
const WORD_SEPARATORS = /[\s\x21-\x40\x5b-\x60\x7b-\x7e\u00a0\u2000-\u206f]+/u;

// Abbreviations are made of initials, capitals without a tone: `BĐBP`, `TƯ`, `HĐND`.
const ABBREVIATION = /^[A-ZĐĂÂÊÔƠƯ]{2,}$/u;

type Judgement = 'valid' | 'invalid' | 'left out';

/**
 * Texts repeat their syllables, and a language has few: each distinct word is judged once, across
 * texts too, up to this many words (then the judgements start again).
 */
const JUDGED_WORDS = 100_000;
const judged = new Map<string, Judgement>();

/**
 * Scores a text. A word that is no syllable but could be an abbreviation is left out; a word in
 * capitals that is a syllable (`NĂM`) counts.
 */
export function scoreVietnamese(text: string): VietnameseScore {
  let marked = 0;
  let valid = 0;
  for (const word of text.split(WORD_SEPARATORS)) {
    if (word === '' || /^[\x00-\x7f]*$/.test(word)) continue;
    let judgement = judged.get(word);
    if (judgement === undefined) {
      const syllable = isVietnameseSyllable(word);
      judgement = syllable ? 'valid' : ABBREVIATION.test(word.normalize('NFC')) ? 'left out' : 'invalid';
      if (judged.size >= JUDGED_WORDS) judged.clear();
      judged.set(word, judgement);
    }
    if (judgement === 'left out') continue;
    marked++;
    if (judgement === 'valid') valid++;
  }
  return { marked, valid, ratio: marked === 0 ? 0 : valid / marked };
}
