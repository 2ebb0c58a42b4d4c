/**
 * A query file from queries/: portable SQL (DuckDB and Athena) with a header of comments naming it,
 * saying what it answers and listing its parameters in the order of their `?` placeholders.
 *
 *   -- name: cadre_by_province
 *   -- purpose: Cadre participation per province for one quarter, side by side, with ranks.
 *   -- param period: reporting quarter, e.g. 2024Q3
 */

export interface QueryParameter {
  readonly name: string;
  readonly description: string;
}

export interface QueryFile {
  readonly name: string;
  readonly purpose: string;
  readonly parameters: readonly QueryParameter[];
  readonly sql: string;
}

export type QueryFileReading =
  | { readonly ok: true; readonly query: QueryFile }
  | { readonly ok: false; readonly reason: string };

/** Reads a query file's header and checks that its placeholders match its declared parameters. */
export function readQueryFile(text: string, fallbackName: string): QueryFileReading {
  let name = fallbackName;
  let purpose = '';
  const parameters: QueryParameter[] = [];
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*--\s*(name|purpose|param)\b\s*([A-Za-z_][A-Za-z0-9_]*)?\s*:\s*(.*)$/.exec(line);
    if (!header) continue;
    const [, field, parameter, rest = ''] = header;
    if (field === 'name' && !parameter) name = rest.trim();
    else if (field === 'purpose' && !parameter) purpose = rest.trim();
    else if (field === 'param' && parameter) parameters.push({ name: parameter, description: rest.trim() });
  }
  const sql = text.trim().replace(/;\s*$/, '');
  const placeholders = countPlaceholders(sql);
  if (placeholders !== parameters.length) {
    return {
      ok: false,
      reason: `the query has ${placeholders} "?" placeholders but declares ${parameters.length} parameters (one "-- param name: …" line per "?", in order)`,
    };
  }
  return { ok: true, query: { name, purpose, parameters, sql } };
}

/** Counts `?` placeholders outside string literals, quoted identifiers and comments. */
export function countPlaceholders(sql: string): number {
  let count = 0;
  for (let index = 0; index < sql.length; index++) {
    const char = sql[index];
    if (char === "'" || char === '"') {
      const end = sql.indexOf(char, index + 1);
      index = end < 0 ? sql.length : end;
    } else if (char === '-' && sql[index + 1] === '-') {
      const end = sql.indexOf('\n', index);
      index = end < 0 ? sql.length : end;
    } else if (char === '/' && sql[index + 1] === '*') {
      const end = sql.indexOf('*/', index + 2);
      index = end < 0 ? sql.length : end + 1;
    } else if (char === '?') {
      count++;
    }
  }
  return count;
}

/** Orders the given `name=value` parameters as the query's placeholders expect them. */
export function bindParameters(
  query: QueryFile,
  given: ReadonlyMap<string, string>,
): { ok: true; values: string[] } | { ok: false; reason: string } {
  const unknown = [...given.keys()].filter((key) => !query.parameters.some((parameter) => parameter.name === key));
  if (unknown.length > 0) {
    const known = query.parameters.map((parameter) => parameter.name).join(', ') || 'none';
    return {
      ok: false,
      reason: `the query ${query.name} has no parameter ${unknown.join(', ')} (its parameters: ${known})`,
    };
  }
  const values: string[] = [];
  for (const parameter of query.parameters) {
    const value = given.get(parameter.name);
    if (value === undefined)
      return {
        ok: false,
        reason: `the query ${query.name} needs --param ${parameter.name}=… (${parameter.description})`,
      };
    values.push(value);
  }
  return { ok: true, values };
}
