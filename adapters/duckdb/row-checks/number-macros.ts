/**
 * The Vietnamese number rules of pipelines/values/vietnamese-number.ts as DuckDB macros: `.` groups
 * thousands, `,` marks decimals, anything else is refused with the same code. Numbers stay exact
 * (a digit string and a scale) until they are compared or stored, as `ExactDecimal` keeps them.
 * tests/adapters/duckdb/row-checks/number-macros.test.ts proves the two readers agree.
 */
import { foldKeySql, fullMatch, jsNumberText, trimJs, WS_CLASS } from './sql-text.js';

/**
 * `body` with `expression` evaluated once as `name`: a macro's arguments are pasted wherever the
 * macro names them, so a nested call would otherwise repeat its argument at every use.
 */
function once(expression: string, name: string, body: string): string {
  return `list_transform([${expression}], ${name} -> ${body})[1]`;
}

/** Prefix of every macro the row checks define, so none collides with a warehouse name. */
export const MACRO_PREFIX = 'provstat_';

const NUMBER_SHAPE = String.raw`(\d+|\d{1,3}(?:\.\d{3})+)(?:,(\d+))?`;

/**
 * `provstat_number(raw)`: the reading of one number cell, as `readVietnameseNumber` reads it.
 * `problem` is the rejection code (null when it reads); `written` the trimmed text the message
 * quotes; `digits` and `scale` the exact value (`digits × 10^-scale`).
 */
const NUMBER_MACROS_CHAIN = [
  `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}number_body(written, negative, body) AS struct_pack(
    problem := CASE
      WHEN written = '' THEN 'value-missing'
      WHEN ${fullMatch('body', NUMBER_SHAPE)} THEN NULL
      WHEN ${fullMatch('body', String.raw`\d+\.\d+`)} THEN 'value-ambiguous-number'
      WHEN ${fullMatch('body', String.raw`[\d.,]+`)} THEN 'value-malformed-number'
      WHEN ${fullMatch('body', `\\d[\\d${WS_CLASS}]*\\d`)} THEN 'value-spaced-digits'
      ELSE 'value-not-a-number' END,
    written := written,
    negative := negative,
    digits := replace(regexp_extract(body, '^${NUMBER_SHAPE}$', 1), '.', '') || regexp_extract(body, '^${NUMBER_SHAPE}$', 2),
    scale := CAST(length(regexp_extract(body, '^${NUMBER_SHAPE}$', 2)) AS INTEGER)
  )`,
  `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}number_signed(written, negative) AS
    ${MACRO_PREFIX}number_body(written, negative, CASE WHEN negative THEN written[2:] ELSE written END)`,
  // Plain digits, most cells of most files, skip the shape tests.
  `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}number_trimmed(written) AS CASE
    WHEN ${fullMatch('written', String.raw`\d+`)} THEN struct_pack(problem := NULL::VARCHAR, written := written,
      negative := false, digits := written, scale := 0::INTEGER)
    ELSE ${MACRO_PREFIX}number_signed(written, starts_with(written, '-') OR starts_with(written, '−')) END`,
  `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}number(raw) AS ${once(`${MACRO_PREFIX}trim(raw)`, 'written', `${MACRO_PREFIX}number_trimmed(written)`)}`,
];

/**
 * `provstat_exact(digits, scale, exponent)`: a read number multiplied by 10^exponent (a unit's
 * scale), as `scaleByPowerOfTen`: whether it is zero or whole, its integer and fraction digits
 * without leading or trailing zeros (to compare exactly), and the nearest double (`toNumber`).
 */
const EXACT_MACROS = [
  `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}exact_wide(digits, places, power, wide) AS struct_pack(
    zero := ltrim(digits, '0') = '',
    whole := places <= 0 OR ltrim(digits, '0') = '' OR length(digits) - length(rtrim(digits, '0')) >= places,
    integer_digits := ltrim(CASE WHEN places <= 0 THEN digits || repeat('0', CAST(-places AS BIGINT))
      ELSE wide[1:length(wide) - places] END, '0'),
    fraction_digits := rtrim(CASE WHEN places <= 0 THEN '' ELSE wide[length(wide) - places + 1:] END, '0'),
    approx := TRY_CAST(digits || 'e' || CAST(power AS VARCHAR) AS DOUBLE)
  )`,
  `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}exact_places(digits, places) AS ${MACRO_PREFIX}exact_wide(
    digits, places, -places, lpad(digits, CAST(greatest(length(digits), places + 1) AS INTEGER), '0'))`,
  // A whole number of at most 15 digits, unscaled, is its own double and needs no padding.
  `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}exact(digits, scale, exponent) AS CASE
    WHEN scale = 0 AND exponent = 0 AND length(digits) <= 15 THEN struct_pack(zero := ltrim(digits, '0') = '',
      whole := true, integer_digits := ltrim(digits, '0'), fraction_digits := '', approx := TRY_CAST(digits AS DOUBLE))
    ELSE ${MACRO_PREFIX}exact_places(digits, scale - exponent) END`,
];

/** `provstat_compare(a, b)` of two `provstat_exact` readings of non-negative numbers: -1, 0 or 1. */
const COMPARE_MACRO = `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}compare(a, b) AS ${once(
  'struct_pack(a := a, b := b)',
  'pair',
  `${MACRO_PREFIX}compare_pair(pair.a, pair.b)`,
)}`;
const COMPARE_PAIR_MACRO = `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}compare_pair(a, b) AS CASE
  WHEN length(a.integer_digits) <> length(b.integer_digits)
    THEN sign(length(a.integer_digits) - length(b.integer_digits))
  WHEN a.integer_digits <> b.integer_digits THEN CASE WHEN a.integer_digits > b.integer_digits THEN 1 ELSE -1 END
  WHEN a.fraction_digits <> b.fraction_digits THEN CASE WHEN a.fraction_digits > b.fraction_digits THEN 1 ELSE -1 END
  ELSE 0 END`;

/** The text primitives as macros: `provstat_trim`, `provstat_fold`, `provstat_js_number`. */
const TEXT_MACROS = [
  // DuckDB's trim with a set of characters is slow; most cells have nothing to trim.
  `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}trim(text) AS CASE
    WHEN regexp_matches(text, '^[${WS_CLASS}]|[${WS_CLASS}]$') THEN ${trimJs('text')} ELSE text END`,
  `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}fold(text) AS ${foldKeySql('text')}`,
  `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}js_number_of(value) AS ${jsNumberText('value')}`,
  // `value.toLocaleString('en-US')`: thousands grouped with commas, at most three decimals.
  `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}grouped_number(value) AS
    regexp_replace(format('{:,.3f}', value), '\\.?0+$', '')`,
  `CREATE OR REPLACE TEMP MACRO ${MACRO_PREFIX}js_number(value) AS ${once('value', 'v', `${MACRO_PREFIX}js_number_of(v)`)}`,
];

/** Every macro the number rules need, in the order they are defined. */
export const NUMBER_MACROS: readonly string[] = [
  ...TEXT_MACROS,
  ...NUMBER_MACROS_CHAIN,
  ...EXACT_MACROS,
  COMPARE_PAIR_MACRO,
  COMPARE_MACRO,
];
