/**
 * Values across the Athena API boundary. Going in, execution parameters are SQL literals (Athena
 * pastes them for the `?` placeholders), so every one is made in `toAthenaLiteral`, the only place
 * a value becomes SQL text. Coming out, results are strings typed by Athena's lower-case type
 * names; they are read back as the DuckDB runner returns them, with DuckDB's upper-case type names.
 */
import type { ResultValue } from '../../pipelines/query/query-runner.js';

/** Athena's limit on the length of one execution parameter. */
export const MAX_PARAMETER_LENGTH = 1024;

/**
 * A string as a SQL string literal for Athena's ExecutionParameters: single-quoted, each quote
 * doubled. Nothing else needs escaping in a Trino string literal. Throws for what Athena cannot
 * take (NUL, more than 1024 characters once quoted).
 */
export function toAthenaLiteral(value: string): string {
  if (value.includes('\u0000')) throw new RangeError('a query parameter may not contain a NUL character');
  const literal = `'${value.replaceAll("'", "''")}'`;
  if (literal.length > MAX_PARAMETER_LENGTH) {
    throw new RangeError(
      `a query parameter may be at most ${MAX_PARAMETER_LENGTH} characters as a quoted literal (this one is ${literal.length})`,
    );
  }
  return literal;
}

/** Athena's (Trino's) type name of a result column as DuckDB names it. */
export function duckDbTypeName(athenaType: string, precision?: number, scale?: number): string {
  const type = athenaType.trim().toLowerCase();
  switch (type) {
    case 'varchar':
    case 'char':
    case 'string':
      return 'VARCHAR';
    case 'boolean':
      return 'BOOLEAN';
    case 'tinyint':
      return 'TINYINT';
    case 'smallint':
      return 'SMALLINT';
    case 'integer':
    case 'int':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'double':
      return 'DOUBLE';
    case 'real':
    case 'float':
      return 'FLOAT';
    case 'decimal':
      return precision !== undefined && scale !== undefined ? `DECIMAL(${precision},${scale})` : 'DECIMAL';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'timestamp with time zone':
      return 'TIMESTAMP WITH TIME ZONE';
    case 'time':
      return 'TIME';
    case 'varbinary':
      return 'BLOB';
    default:
      return type.toUpperCase();
  }
}

/**
 * One result cell as the DuckDB runner returns it. `text` is Athena's VarCharValue, undefined for
 * NULL; `type` is the column's DuckDB type name (from `duckDbTypeName`).
 */
export function readAthenaValue(text: string | undefined, type: string): ResultValue {
  if (text === undefined) return null;
  switch (type) {
    case 'BOOLEAN':
      return readBoolean(text);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
      return readNumber(text, type);
    case 'BIGINT':
      return readBigint(text);
    case 'DOUBLE':
    case 'FLOAT':
      return readNumber(text, type);
    case 'DATE':
      return text;
    case 'TIMESTAMP':
      return readTimestamp(text, '');
    case 'TIMESTAMP WITH TIME ZONE':
      return readTimestamp(text, ' UTC');
    default:
      return type.startsWith('DECIMAL') ? readNumber(text, type) : text;
  }
}

function readBoolean(text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new TypeError(`"${text}" is not a BOOLEAN`);
}

function readNumber(text: string, type: string): number {
  const value = Number(text);
  if (text.trim() === '' || (Number.isNaN(value) && text !== 'NaN')) throw new TypeError(`"${text}" is not a ${type}`);
  return value;
}

/** Like DuckDB's runner: a number within 2^53, else the exact digits as a string. */
function readBigint(text: string): number | string {
  if (!/^-?\d+$/.test(text)) throw new TypeError(`"${text}" is not a BIGINT`);
  const value = BigInt(text);
  return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
}

/** `2025-07-01 10:00:00.123[456]` (UTC) as the ISO string the DuckDB runner gives, to the millisecond. */
function readTimestamp(text: string, zoneSuffix: string): string {
  const body = zoneSuffix && text.endsWith(zoneSuffix) ? text.slice(0, -zoneSuffix.length) : text;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/.exec(body);
  if (!match) return text;
  const [, date, time, fraction = ''] = match;
  return `${date}T${time}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}
