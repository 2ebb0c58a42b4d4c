/**
 * Reporting periods: calendar quarters, written `2024Q3` everywhere in the warehouse.
 */
import { stripDiacritics } from './text/fold.js';

export type Quarter = 1 | 2 | 3 | 4;

export interface Period {
  readonly year: number;
  readonly quarter: Quarter;
}

/** Years a period may name: the province table starts in 2008. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;

const ROMAN_QUARTERS: Record<string, Quarter> = { i: 1, ii: 2, iii: 3, iv: 4 };

// Accepted forms (case, spaces and diacritics ignored): 2024Q3, 2024-Q3, 2024 Q3, Q3/2024, Q3-2024,
// Quý 3/2024, Quý III/2024, Quý 3 năm 2024, III/2024.
const YEAR_FIRST = /^(\d{4})\s*[-/ ]?\s*q\s*([1-4])$/;
const QUARTER_FIRST = /^(?:q|quy)?\s*([1-4]|i{1,3}|iv)\s*(?:[-/.]|\s+nam\s+|\s+)\s*(\d{4})$/;

/** Reads a period in any of the accepted forms; undefined when the text is not one. */
export function parsePeriod(text: string): Period | undefined {
  const folded = stripDiacritics(text.normalize('NFC')).replace(/\s+/g, ' ').trim();
  let year: number;
  let quarter: Quarter | undefined;
  const yearFirst = YEAR_FIRST.exec(folded);
  const quarterFirst = yearFirst ? null : QUARTER_FIRST.exec(folded);
  if (yearFirst) {
    year = Number(yearFirst[1]);
    quarter = Number(yearFirst[2]) as Quarter;
  } else if (quarterFirst) {
    const written = quarterFirst[1] ?? '';
    // A bare Arabic digit needs a `Q` or `Quý` before it: `3/2024` alone reads as a month.
    if (/^\d$/.test(written) && !/^q/.test(folded)) return undefined;
    quarter = /^\d$/.test(written) ? (Number(written) as Quarter) : ROMAN_QUARTERS[written];
    year = Number(quarterFirst[2]);
  } else {
    return undefined;
  }
  if (quarter === undefined || year < FIRST_YEAR || year > LAST_YEAR) return undefined;
  return { year, quarter };
}

/** `2024Q3`. */
export function formatPeriod(period: Period): string {
  return `${period.year}Q${period.quarter}`;
}

/** First day of the quarter, `YYYY-MM-DD`. */
export function periodStart(period: Period): string {
  return `${period.year}-${String((period.quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
}

/** Last day of the quarter, `YYYY-MM-DD`. */
export function periodEnd(period: Period): string {
  const lastDay = ['03-31', '06-30', '09-30', '12-31'][period.quarter - 1];
  return `${period.year}-${lastDay}`;
}

/** The quarter before. */
export function previousPeriod(period: Period): Period {
  return period.quarter === 1
    ? { year: period.year - 1, quarter: 4 }
    : { year: period.year, quarter: (period.quarter - 1) as Quarter };
}

/** The quarter that contains a date. */
export function periodOf(date: Date): Period {
  return { year: date.getUTCFullYear(), quarter: (Math.floor(date.getUTCMonth() / 3) + 1) as Quarter };
}

/** Orders periods chronologically. */
export function comparePeriods(a: Period, b: Period): number {
  return a.year - b.year || a.quarter - b.quarter;
}
