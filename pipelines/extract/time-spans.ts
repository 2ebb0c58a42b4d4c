/**
 * The time span a sentence gives its figures (`6 tháng đầu năm 2024`, `năm 2024`, `quý III/2024`,
 * `tháng 11`, `giai đoạn 2020 - 2025`), normalised like the corpus gold: `2024H1`, `2024`,
 * `2024Q3`, `2024-11`, `2020-2025`. A phrase without its year takes the last year the report
 * named before it; with none, it gives no span rather than a guess.
 */
import { lookBehindFirst } from './look-behind-first.js';

export interface TimeSpan {
  /** The phrase as found in the lowercased normalized text. */
  readonly text: string;
  /** Normalised span: `2024`, `2024H1`, `2024Q1-2024Q3`, `2024Q3`, `2024-11`, `2020-2025`; null when the year is unknown. */
  readonly span: string | null;
  /** The span runs up to the time of writing (`từ năm 2021 đến nay`, `từ đầu năm đến nay`). */
  readonly toDate: boolean;
  /** The phrase is one day (`ngày 14/8`): the span is that day's month, never the whole report's period. */
  readonly date?: boolean;
}

const YEAR = '((?:19|20)\\d\\d)';
const ROMAN: Readonly<Record<string, number>> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const MONTH_WORDS: Readonly<Record<string, number>> = { ba: 3, sáu: 6, chín: 9, '3': 3, '6': 6, '9': 9 };
const YEAR_SUFFIX = `(?:(?: năm|/|,)? ?${YEAR})?`;

/** Span phrases, most specific first; each returns the normalised span from its match and a year. */
const SPAN_PATTERNS: readonly {
  pattern: Pick<RegExp, 'exec'>;
  read: (match: RegExpExecArray, year: number | null) => string | null;
  toDate?: boolean;
  date?: boolean;
}[] = [
  {
    // `giai đoạn 2020 - 2025`, `nhiệm kỳ 2020-2025`, `từ năm 2021 đến năm 2023`
    pattern: new RegExp(`(?:giai đoạn|nhiệm kỳ|từ năm|từ|trong)? ?${YEAR} ?(?:-|–|đến(?: năm)?) ?${YEAR}`, 'u'),
    read: (match) => `${match[1]}-${match[2]}`,
  },
  {
    pattern: new RegExp(`(?:từ (?:đầu )?năm|từ) ${YEAR}(?: (?:đến|tới) (?:nay|hiện nay|thời điểm này))?`, 'u'),
    read: () => null,
    toDate: true,
  },
  {
    // `từ ngày 25-11 đến 24-12-2025`: a campaign between two days, read as its months.
    pattern: new RegExp(
      `từ ngày (\\d{1,2})[/.-](\\d{1,2})(?:[/.-]${YEAR})? ` +
        `(?:đến|tới) (?:ngày )?\\d{1,2}[/.-](\\d{1,2})(?:[/.-]${YEAR})?`,
      'u',
    ),
    read: (match, year) => {
      const [from, to] = [Number(match[2]), Number(match[4])];
      const end = match[5] ? Number(match[5]) : match[3] ? Number(match[3]) : year;
      if (end === null || from < 1 || from > 12 || to < 1 || to > 12) return null;
      const start = match[3] ? Number(match[3]) : from <= to ? end : end - 1;
      const month = (y: number, m: number): string => `${y}-${String(m).padStart(2, '0')}`;
      return start === end && from === to ? month(end, to) : `${month(start, from)}/${month(end, to)}`;
    },
  },
  {
    // `tính từ ngày 2/2`, `từ tháng 7-2025 đến nay`, `kể từ đầu tháng 3`: a running total since a day or a month.
    pattern: new RegExp(
      `(?:tính |kể )?từ (?:ngày \\d{1,2}[/.-]\\d{1,2}(?:[/.-]${YEAR})?|(?:đầu )?tháng \\d{1,2}(?:[/.-]${YEAR})?)` +
        '(?: (?:đến|tới) (?:nay|hiện nay|thời điểm này))?(?! (?:đến|tới) (?:ngày |tháng )?\\d)',
      'u',
    ),
    read: () => null,
    toDate: true,
  },
  {
    pattern: new RegExp(`(ba|sáu|chín|3|6|9) tháng (?:đầu năm|năm)${YEAR_SUFFIX}`, 'u'),
    read: (match, year) => {
      const y = match[2] ? Number(match[2]) : year;
      const months = MONTH_WORDS[match[1] ?? ''] ?? 0;
      if (y === null) return null;
      if (months === 6) return `${y}H1`;
      if (months === 3) return `${y}Q1`;
      return `${y}Q1-${y}Q3`;
    },
  },
  {
    pattern: new RegExp(`(?:6|sáu) tháng cuối năm${YEAR_SUFFIX}`, 'u'),
    read: (match, year) => {
      const y = match[1] ? Number(match[1]) : year;
      return y === null ? null : `${y}H2`;
    },
  },
  {
    pattern: new RegExp(`quý (iv|iii|ii|i|1|2|3|4)(?![\\p{L}\\p{N}])${YEAR_SUFFIX}`, 'u'),
    read: (match, year) => {
      const y = match[2] ? Number(match[2]) : year;
      return y === null ? null : `${y}Q${ROMAN[match[1] ?? ''] ?? 0}`;
    },
  },
  {
    pattern: lookBehindFirst('(?<!\\d )', `tháng (1[0-2]|0?[1-9])(?![\\p{L}\\p{N}])(?: ?/ ?|(?: năm)? )?${YEAR}?`),
    read: (match, year) => {
      const y = match[2] ? Number(match[2]) : year;
      return y === null ? null : `${y}-${String(Number(match[1])).padStart(2, '0')}`;
    },
  },
  {
    pattern: /từ đầu năm(?: (?:đến|tới) (?:nay|hiện nay|thời điểm này))?/u,
    read: () => null,
    toDate: true,
  },
  {
    pattern: new RegExp(`(?:trong |cả |cuối )?(?<!sinh )năm ${YEAR}`, 'u'),
    read: (match) => match[1] ?? null,
  },
  {
    // `ngày 14/8`, `sáng 2/3/2024`, `đêm 15-1`: one day, read as its month.
    pattern: lookBehindFirst(
      // The day word is looked behind, so the pattern starts at a digit: cheaper on long sentences.
      '(?<=(?<![\\p{L}])(?:ngày|đêm|sáng|chiều|tối|trưa|rạng sáng) )',
      `(\\d{1,2})[/.-](\\d{1,2})(?:[/.-]${YEAR})?(?![\\d/.-])`,
    ),
    read: (match, year) => {
      const month = Number(match[2]);
      const y = match[3] ? Number(match[3]) : year;
      return y === null || month < 1 || month > 12 ? null : `${y}-${String(month).padStart(2, '0')}`;
    },
    date: true,
  },
];

// A birth year (`SN 1990`, `sinh năm 1990`) is no year of the report.
const ANY_YEAR = lookBehindFirst('(?<![\\p{N}.,])(?<!sn ?|sinh năm )', `${YEAR}(?![\\p{N}])`);

/** The first span phrase of a sentence, if any. `yearBefore`: the last year the report named earlier. */
export function readTimeSpan(sentence: string, yearBefore: number | null): TimeSpan | undefined {
  for (const { pattern, read, toDate, date } of SPAN_PATTERNS) {
    const match = pattern.exec(sentence);
    if (match)
      return {
        text: match[0].trim(),
        span: read(match, yearBefore),
        toDate: toDate ?? false,
        ...(date ? { date } : {}),
      };
  }
  return undefined;
}

/** The last plausible year written in a piece of text (`2024`, `năm 2024`, `11/2024`), or null. */
export function lastYearIn(text: string): number | null {
  let year: number | null = null;
  for (const match of ANY_YEAR.matchAll(text)) year = Number(match[1]);
  return year;
}
