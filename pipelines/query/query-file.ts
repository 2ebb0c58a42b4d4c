/**
 * A query file from queries/: portable SQL (DuckDB and Athena) with a header of comments naming it,
 * saying what it answers and listing its typed parameters in the order of their `?` placeholders.
 *
 *   -- name: provenance
 *   -- purpose: Every source behind a province's value of a metric in a quarter.
 *   -- param period (period): reporting quarter, e.g. 2024Q3
 *   -- param province (province|*): ISO code or name, e.g. VN-22, or * for every province
 *
 * Values given for a parameter are read with the parsers ingest uses, so `Quý 2/2025` binds as
 * `2025Q2` and `Nghệ An` as `VN-22`, on DuckDB and Athena alike.
 */
import { findMetric } from '../reference/catalog.js';
import { findProvinceCode } from '../reference/provinces.js';
import { formatPeriod, parsePeriod } from '../period.js';

export const PARAMETER_TYPES = ['period', 'province', 'metric', 'integer', 'number', 'text'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export interface QueryParameter {
  readonly name: string;
  readonly type: ParameterType;
  /** The query treats `*` as "every value" for this parameter. */
  readonly allowsAll: boolean;
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

const HEADER = /^\s*--\s*(name|purpose|param)\b\s*([A-Za-z_][A-Za-z0-9_]*)?\s*(?:\(([^)]*)\))?\s*:\s*(.*)$/;

/** Reads a query file's header and checks that its placeholders match its declared, typed parameters. */
export function readQueryFile(text: string, fallbackName: string): QueryFileReading {
  let name = fallbackName;
  let purpose = '';
  const parameters: QueryParameter[] = [];
  for (const line of text.split(/\r?\n/)) {
    const header = HEADER.exec(line);
    if (!header) continue;
    const [, field, parameter, type, rest = ''] = header;
    if (field === 'name' && !parameter && type === undefined) name = rest.trim();
    else if (field === 'purpose' && !parameter && type === undefined) purpose = rest.trim();
    else if (field === 'param' && parameter) {
      const declared = readParameterType(type);
      if (!declared) {
        return {
          ok: false,
          reason:
            `the parameter ${parameter} has an unknown type "${type ?? ''}": ` +
            `write "-- param ${parameter} (TYPE): …" ` +
            `with TYPE one of ${PARAMETER_TYPES.join(', ')} (add |* where * means every value)`,
        };
      }
      parameters.push({ name: parameter, ...declared, description: rest.trim() });
    }
  }
  const sql = text.trim().replace(/;\s*$/, '');
  const placeholders = countPlaceholders(sql);
  if (placeholders !== parameters.length) {
    return {
      ok: false,
      reason:
        `the query has ${placeholders} "?" placeholders but declares ${parameters.length} parameters ` +
        '(one "-- param name (type): …" line per "?", in order)',
    };
  }
  return { ok: true, query: { name, purpose, parameters, sql } };
}

/** A parameter declared without a type is text: bound as given, as before types were declared. */
function readParameterType(text: string | undefined): { type: ParameterType; allowsAll: boolean } | undefined {
  if (text === undefined) return { type: 'text', allowsAll: false };
  const parts = text.split('|').map((part) => part.trim());
  const allowsAll = parts.includes('*');
  const types = parts.filter((part) => part !== '*');
  if (types.length !== 1 || parts.length > (allowsAll ? 2 : 1)) return undefined;
  const type = PARAMETER_TYPES.find((known) => known === types[0]);
  return type ? { type, allowsAll } : undefined;
}

/** The type as a header writes it: `province|*`. */
export function describeParameterType(parameter: QueryParameter): string {
  return parameter.allowsAll ? `${parameter.type}|*` : parameter.type;
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

/** What each type accepts, for the sentence that refuses a value. */
const ACCEPTS: Record<ParameterType, string> = {
  period: 'a quarter such as 2024Q3, 2024-Q3, Quý 3/2024 or III/2024',
  province: 'a province code such as VN-22 or a name such as Nghệ An',
  metric: 'a metric code of the catalog such as crime_cases_detected, or its Vietnamese label',
  integer: 'a whole number such as 10',
  number: 'a number such as 2.5',
  text: 'any text',
};

/** Reads one value as its parameter's type: the normalised form that is bound, or why it is refused. */
export function parseParameterValue(
  parameter: QueryParameter,
  raw: string,
): { ok: true; value: string } | { ok: false; reason: string } {
  const text = raw.trim();
  if (parameter.allowsAll && text === '*') return { ok: true, value: '*' };
  const value = normaliseValue(parameter.type, parameter.type === 'text' ? raw : text);
  if (value !== undefined) return { ok: true, value };
  const accepts = `${ACCEPTS[parameter.type]}${parameter.allowsAll ? ', or * for every value' : ''}`;
  const reason = `--param ${parameter.name}="${raw}" is not accepted: ${parameter.name} takes ${accepts}`;
  return { ok: false, reason };
}

function normaliseValue(type: ParameterType, text: string): string | undefined {
  switch (type) {
    case 'period': {
      const period = parsePeriod(text);
      return period ? formatPeriod(period) : undefined;
    }
    case 'province':
      return findProvinceCode(text);
    case 'metric':
      return findMetric(text)?.code;
    case 'integer': {
      const whole = /^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text));
      return whole ? String(Number(text)) : undefined;
    }
    case 'number':
      return text !== '' && Number.isFinite(Number(text)) ? String(Number(text)) : undefined;
    case 'text':
      return text;
  }
}

/**
 * Orders the given `name=value` parameters as the query's placeholders expect them, each read as
 * its declared type; an unknown, missing or unreadable parameter is refused with one sentence.
 */
export function bindParameters(
  query: QueryFile,
  given: ReadonlyMap<string, string>,
): { ok: true; values: string[] } | { ok: false; reason: string } {
  const unknown = [...given.keys()].filter((key) => !query.parameters.some((parameter) => parameter.name === key));
  if (unknown.length > 0) {
    const known = query.parameters
      .map((parameter) => `${parameter.name} (${describeParameterType(parameter)})`)
      .join(', ');
    const reason = `the query ${query.name} has no parameter ${unknown.join(', ')} (its parameters: ${known || 'none'})`;
    return { ok: false, reason };
  }
  const values: string[] = [];
  for (const parameter of query.parameters) {
    const value = given.get(parameter.name);
    if (value === undefined) {
      const wanted = `${describeParameterType(parameter)}: ${parameter.description}`;
      return { ok: false, reason: `the query ${query.name} needs --param ${parameter.name}=… (${wanted})` };
    }
    const parsed = parseParameterValue(parameter, value);
    if (!parsed.ok) return parsed;
    values.push(parsed.value);
  }
  return { ok: true, values };
}
