/**
 * Every query file runs unchanged on DuckDB and Athena: a Trino grammar accepts it, no construct
 * from the portability list appears, every division is explicitly floating point, and the header
 * names it and its parameters.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlParser from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { findPortabilityProblems } from '../../pipelines/query/portable-sql.js';
import { readQueryFile } from '../../pipelines/query/query-file.js';
import { PROJECT_ROOT } from '../helpers.js';

const QUERIES = join(PROJECT_ROOT, 'queries');
const files = readdirSync(QUERIES)
  .filter((file) => file.endsWith('.sql'))
  .sort();
const parser = new sqlParser.Parser();

function parseTrino(sql: string): unknown {
  return parser.astify(sql, { database: 'trino' });
}

/** Divisions whose left side is not a CAST(… AS DOUBLE) (or a product/sum built on one). */
function implicitDivisions(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach((child) => implicitDivisions(child, found));
  } else if (node && typeof node === 'object') {
    const expression = node as { type?: string; operator?: string; left?: unknown };
    if (expression.type === 'binary_expr' && expression.operator === '/' && !isExplicitDouble(expression.left)) {
      found.push(JSON.stringify(expression.left).slice(0, 120));
    }
    Object.values(node).forEach((child) => implicitDivisions(child, found));
  }
  return found;
}

function isExplicitDouble(node: unknown): boolean {
  const expression = node as {
    type?: string;
    operator?: string;
    left?: unknown;
    target?: { dataType?: string }[];
    value?: unknown;
  };
  if (!expression || typeof expression !== 'object') return false;
  if (expression.type === 'cast') return expression.target?.[0]?.dataType?.toUpperCase() === 'DOUBLE';
  if (
    expression.type === 'binary_expr' &&
    (expression.operator === '*' || expression.operator === '+' || expression.operator === '-')
  )
    return isExplicitDouble(expression.left);
  return false;
}

describe('query files', () => {
  it('are all here', () => {
    expect(files).toEqual([
      'cadre_by_province.sql',
      'crime_by_province.sql',
      'merged_history.sql',
      'national_trend.sql',
      'outliers.sql',
      'provenance.sql',
      'province_trend.sql',
      'rejections_summary.sql',
      'reporting_completeness.sql',
      'text_csv_conflicts.sql',
    ]);
  });

  describe.each(files)('%s', (file) => {
    const text = readFileSync(join(QUERIES, file), 'utf8');

    it('has a header with its file name, a purpose and its parameters', () => {
      const reading = readQueryFile(text, file.replace(/\.sql$/, ''));
      expect(reading.ok).toBe(true);
      if (!reading.ok) return;
      expect(reading.query.name).toBe(file.replace(/\.sql$/, ''));
      expect(reading.query.purpose.length).toBeGreaterThan(20);
      expect(reading.query.parameters.length).toBeGreaterThan(0);
      for (const parameter of reading.query.parameters) expect(parameter.description).toMatch(/e\.g\./);
    });

    it('declares a type for every parameter, and * only where the SQL treats it as every value', () => {
      const reading = readQueryFile(text, file);
      if (!reading.ok) throw new Error(reading.reason);
      const headers = text.split('\n').filter((line) => line.startsWith('-- param '));
      for (const header of headers) expect(header).toMatch(/^-- param \w+ \([a-z|*]+\):/);
      for (const parameter of reading.query.parameters) {
        expect(parameter.allowsAll, parameter.name).toBe(new RegExp(`params\\.${parameter.name} = '\\*'`).test(text));
      }
    });

    it('parses as Trino SQL', () => {
      expect(() => parseTrino(text)).not.toThrow();
    });

    it('uses nothing outside the dialect both engines share', () => {
      expect(findPortabilityProblems(text)).toEqual([]);
    });

    it('divides only explicitly typed doubles', () => {
      expect(implicitDivisions(parseTrino(text))).toEqual([]);
    });
  });
});

describe('the portability checks', () => {
  it.each([
    ['QUALIFY', 'SELECT a FROM t QUALIFY ROW_NUMBER() OVER (ORDER BY a) = 1'],
    ['ILIKE', "SELECT a FROM t WHERE a ILIKE 'x%'"],
    ['::', 'SELECT a::DOUBLE FROM t'],
    ['//', 'SELECT a // 2 FROM t'],
    ['list or struct literal', 'SELECT [1, 2] AS l FROM t'],
    ['FROM-first', '\n  FROM t SELECT a'],
    ['file as table', "SELECT * FROM 'facts/*.parquet'"],
    ['file readers', "SELECT * FROM read_parquet('x')"],
    ['LEAST/GREATEST', 'SELECT GREATEST(a, b) FROM t'],
    ['date_add', "SELECT date_add('day', 1, d) FROM t"],
    ['DuckDB-only functions', "SELECT strftime(d, '%Y') FROM t"],
    ['Trino-only functions', 'SELECT element_at(m, 1) FROM t'],
    ['semicolon', 'SELECT 1; SELECT 2'],
  ])('flags %s', (rule, sql) => {
    expect(findPortabilityProblems(sql).map((problem) => problem.rule)).toContain(rule);
  });

  it('ignores constructs inside comments and string literals', () => {
    expect(findPortabilityProblems("-- QUALIFY and a::b in a comment\nSELECT 'x::y // [z]' AS s FROM t")).toEqual([]);
  });

  it('finds an implicit integer division', () => {
    expect(implicitDivisions(parseTrino('SELECT a / b AS r, CAST(a AS DOUBLE) / b AS s FROM t'))).toHaveLength(1);
  });

  it('rejects DuckDB-only grammar the list does not name', () => {
    expect(() => parseTrino('SELECT * EXCLUDE (a) FROM t')).toThrow();
  });
});
