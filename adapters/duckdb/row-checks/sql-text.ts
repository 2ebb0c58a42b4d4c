/**
 * SQL twins of the JavaScript text primitives the row rules stand on (`String.prototype.trim`,
 * `\s`, `foldKey`, how a number prints, a message template filled in), so a rule written in SQL
 * reads a cell exactly as its JavaScript counterpart does. Every piece of SQL here is built from
 * constants of the code; cell values only ever arrive as column expressions.
 */
import { REJECTION_MESSAGES, type RejectionCode } from '../../../pipelines/facts/rejection-codes.js';
import { quoteSqlString } from '../duckdb-database.js';

/** The characters JavaScript's `trim()` and `\s` treat as white space. */
const JS_WHITESPACE = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
  0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
];

/** The white space as an RE2 character-class body (`\s` in a JavaScript pattern with the `u` flag). */
export const WS_CLASS = JS_WHITESPACE.map((code) => `\\x{${code.toString(16)}}`).join('');

/** `text.trim()` in SQL. */
export function trimJs(expression: string): string {
  return `trim(${expression}, ${quoteSqlString(String.fromCodePoint(...JS_WHITESPACE))})`;
}

/** Whether an RE2 pattern (a constant) matches the whole of `expression`. */
export function fullMatch(expression: string, pattern: string): string {
  return `regexp_full_match(${expression}, ${quoteSqlString(pattern)})`;
}

/**
 * `foldKey` (pipelines/text/fold.ts) in SQL: diacritics and the bar of `đ` removed, lowercased,
 * letters and digits only. DuckDB strips marks after a canonical decomposition as `normalize('NFD')`
 * and the removal of U+0300–U+036F do for Vietnamese and Latin text.
 */
export function foldKeySql(expression: string): string {
  const withoutBar = `replace(replace(${expression}, 'đ', 'd'), 'Đ', 'd')`;
  return `regexp_replace(lower(strip_accents(${withoutBar})), '[^a-z0-9]', '', 'g')`;
}

/**
 * How JavaScript prints a finite double (`String(value)`): whole numbers below 10^21 in full,
 * others in the shortest form that reads back the same, with an exponent below 10^-6.
 */
export function jsNumberText(expression: string): string {
  const shortest = `CAST(${expression} AS VARCHAR)`;
  // DuckDB prints the same shortest digits, but switches to an exponent at other magnitudes and
  // writes it as e-07: the digits and the power are taken apart and laid out as JavaScript does.
  const written = `split_part(${shortest}, 'e', 1)`;
  const digits = `replace(${written}, '.', '')`;
  const power = `TRY_CAST(split_part(${shortest}, 'e', 2) AS INTEGER)`;
  return `CASE WHEN ${expression} = trunc(${expression}) AND abs(${expression}) < 9007199254740992
      THEN CAST(CAST(${expression} AS HUGEINT) AS VARCHAR)
    WHEN ${power} IS NULL THEN regexp_replace(${shortest}, '\\.0$', '')
    WHEN ${power} >= 21 OR ${power} < -6
      THEN ${written} || 'e' || CASE WHEN ${power} > 0 THEN '+' ELSE '-' END || CAST(abs(${power}) AS VARCHAR)
    WHEN ${power} < 0 THEN '0.' || repeat('0', -${power} - 1) || ${digits}
    WHEN length(${digits}) <= ${power} + 1 THEN ${digits} || repeat('0', ${power} + 1 - length(${digits}))
    ELSE ${digits}[1:${power} + 1] || '.' || ${digits}[${power} + 2:] END`;
}

/** SQL expressions for a message's parameters (`{name}` in the templates). */
export type MessageParamsSql = Readonly<Record<string, string>>;

/**
 * A rejection message in both languages as SQL: the template's text as literals, each `{name}`
 * replaced by its expression in one pass (a value that itself contains `{name}` is left as it
 * is, as `problem` does); a parameter not given stays as written.
 */
export function messageSql(code: RejectionCode, params: MessageParamsSql = {}): { vi: string; en: string } {
  const fill = (template: string): string => {
    const parts: string[] = [];
    let last = 0;
    for (const match of template.matchAll(/\{(\w+)\}/g)) {
      const expression = params[match[1] ?? ''];
      if (expression === undefined) continue;
      parts.push(quoteSqlString(template.slice(last, match.index)), `CAST(${expression} AS VARCHAR)`);
      last = match.index + match[0].length;
    }
    parts.push(quoteSqlString(template.slice(last)));
    return `(${parts.filter((part) => part !== "''").join(' || ') || "''"})`;
  };
  const template = REJECTION_MESSAGES[code];
  return { vi: fill(template.vi), en: fill(template.en) };
}
