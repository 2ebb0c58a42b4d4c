/**
 * The catalog's small tables the row checks join, as DuckDB tables made once per database from
 * the same constants the JavaScript rules read: the unit names a province writes (UNIT_TABLE,
 * keyed as `readUnit` folds them), each catalog unit's labels and plausible maximum, and the words
 * for "no value".
 */
import { isCountUnit, METRIC_UNITS } from '../../../pipelines/reference/catalog.js';
import { foldKey } from '../../../pipelines/text/fold.js';
import { UNIT_LABELS, UNIT_TABLE } from '../../../pipelines/values/units.js';
import { NO_VALUE_KEYS } from '../../../pipelines/values/metric-value.js';
import { PLAUSIBLE_MAXIMUM } from '../../../pipelines/values/plausible-limits.js';
import { quoteSqlString } from '../duckdb-database.js';
import { MACRO_PREFIX } from './number-macros.js';

/** Table of written unit names: `key` (folded), the catalog `unit` and the power of ten `exponent`. */
export const UNIT_NAMES_TABLE = `${MACRO_PREFIX}unit_names`;
/**
 * Table of catalog units: `unit`, its labels `label_vi` and `label_en`, whether it `counts`, and
 * the plausible `maximum` of one quarter's value.
 */
export const UNIT_LABELS_TABLE = `${MACRO_PREFIX}unit_labels`;
/** Table of folded words that say "no value": `key`. */
export const NO_VALUE_TABLE = `${MACRO_PREFIX}no_value_words`;

function values(rows: readonly (readonly (string | number | boolean)[])[]): string {
  const literal = (value: string | number | boolean): string =>
    typeof value === 'string' ? quoteSqlString(value) : String(value);
  return rows.map((row) => `(${row.map(literal).join(', ')})`).join(', ');
}

/** The statements that make the reference tables (the catalog's constants, never a file's values). */
export function referenceTableStatements(): string[] {
  const names = new Map<string, readonly [string, number]>();
  for (const { unit, exponent, names: written } of UNIT_TABLE)
    for (const name of written) names.set(foldKey(name), [unit, exponent]);
  return [
    `CREATE OR REPLACE TEMP TABLE ${UNIT_NAMES_TABLE} (key VARCHAR PRIMARY KEY, unit VARCHAR, exponent INTEGER)`,
    `INSERT INTO ${UNIT_NAMES_TABLE} VALUES ${values([...names].map(([key, [unit, exponent]]) => [key, unit, exponent]))}`,
    `CREATE OR REPLACE TEMP TABLE ${UNIT_LABELS_TABLE} (unit VARCHAR PRIMARY KEY, label_vi VARCHAR, label_en VARCHAR,
      counts BOOLEAN, maximum DOUBLE)`,
    `INSERT INTO ${UNIT_LABELS_TABLE} VALUES ${values(
      METRIC_UNITS.map((unit) => [
        unit,
        UNIT_LABELS[unit].vi,
        UNIT_LABELS[unit].en,
        isCountUnit(unit),
        PLAUSIBLE_MAXIMUM[unit],
      ]),
    )}`,
    `CREATE OR REPLACE TEMP TABLE ${NO_VALUE_TABLE} (key VARCHAR PRIMARY KEY)`,
    `INSERT INTO ${NO_VALUE_TABLE} VALUES ${values([...NO_VALUE_KEYS].map((key) => [key]))}`,
  ];
}
