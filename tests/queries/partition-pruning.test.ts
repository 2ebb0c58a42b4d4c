/**
 * Every read of `facts`, `metrics` or `rejections` in a query file bounds `year` and `quarter` by
 * constants and the query's parameters, so Athena enumerates only those partitions at planning time.
 * The parameters sit in a one-row `params` CTE of bound values joined with CROSS JOIN, which Trino
 * inlines as constants (an unconditional join over a single constant row becomes a projection);
 * a bound is a top-level conjunct of the WHERE clause (or of the ON clause joining the table) that
 * compares the partition column with `=`, `IN`, `BETWEEN`, `<`, `<=`, `>`, `>=`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlParser from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers.js';

const QUERIES = join(PROJECT_ROOT, 'queries');
const files = readdirSync(QUERIES)
  .filter((file) => file.endsWith('.sql'))
  .sort();
const parser = new sqlParser.Parser();
const PARTITIONED = new Set(['facts', 'metrics', 'rejections']);
const COMPARISONS = new Set(['=', 'IN', 'BETWEEN', '<', '<=', '>', '>=']);

type Node = Record<string, unknown>;
interface FromItem {
  table?: string;
  as?: string | null;
  join?: string;
  on?: Node | null;
  expr?: Node;
}

const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every SELECT in the tree (CTEs, subqueries, unions). */
function selects(node: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(node)) node.forEach((child) => selects(child, found));
  else if (isNode(node)) {
    if (node.type === 'select' && 'from' in node) found.push(node);
    Object.values(node).forEach((child) => selects(child, found));
  }
  return found;
}

function conjuncts(node: Node | null | undefined): Node[] {
  if (!node) return [];
  if (node.type === 'binary_expr' && node.operator === 'AND')
    return [...conjuncts(node.left as Node), ...conjuncts(node.right as Node)];
  return [node];
}

/** Column references in an expression, as `table.column`. */
function columnsOf(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((child) => columnsOf(child, found));
  else if (isNode(node)) {
    if (node.type === 'column_ref')
      found.push(
        `${String(node.table ?? '')}.${String((node.column as { expr?: { value?: unknown } })?.expr?.value ?? node.column)}`,
      );
    if (node.type === 'select') found.push('<subquery>');
    else Object.values(node).forEach((child) => columnsOf(child, found));
  }
  return found;
}

/** True when `condition` bounds `alias.column` by constants and `params` columns only. */
function bounds(condition: Node, alias: string, column: string): boolean {
  if (condition.type === 'binary_expr' && condition.operator === 'OR') {
    return bounds(condition.left as Node, alias, column) && bounds(condition.right as Node, alias, column);
  }
  if (condition.type !== 'binary_expr' || !COMPARISONS.has(String(condition.operator))) return false;
  const left = columnsOf(condition.left);
  const right = columnsOf(condition.right);
  const target = `${alias}.${column}`;
  const [own, other] =
    left.length === 1 && left[0] === target
      ? [left, right]
      : right.length === 1 && right[0] === target
        ? [right, left]
        : [null, null];
  return Boolean(own && other?.every((reference) => reference.startsWith('params.')));
}

interface Read {
  readonly table: string;
  readonly alias: string;
  readonly year: boolean;
  readonly quarter: boolean;
  readonly paramsCrossJoined: boolean;
}

/** Each read of a partitioned table in a query, and whether it is bounded. */
function partitionedReads(sql: string): Read[] {
  const reads: Read[] = [];
  for (const select of selects(parser.astify(sql, { database: 'trino' }))) {
    const from = (select.from ?? []) as FromItem[];
    const paramsCrossJoined = from.some(
      (item) => item.table === 'params' && (item.join === undefined || item.join === 'CROSS JOIN'),
    );
    for (const item of from) {
      if (!item.table || !PARTITIONED.has(item.table)) continue;
      const alias = item.as ?? item.table;
      const conditions = [...conjuncts(select.where as Node), ...conjuncts(item.on)];
      const usesParams = conditions.some((condition) =>
        columnsOf(condition).some((reference) => reference.startsWith('params.')),
      );
      reads.push({
        table: item.table,
        alias,
        year: conditions.some((condition) => bounds(condition, alias, 'year')),
        quarter: conditions.some((condition) => bounds(condition, alias, 'quarter')),
        paramsCrossJoined: paramsCrossJoined || !usesParams,
      });
    }
  }
  return reads;
}

describe.each(files)('%s', (file) => {
  const sql = readFileSync(join(QUERIES, file), 'utf8');

  it('bounds year and quarter of every partitioned table it reads, from constants and its parameters', () => {
    const reads = partitionedReads(sql);
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads)
      expect(read, `${read.table} ${read.alias}`).toMatchObject({ year: true, quarter: true, paramsCrossJoined: true });
  });
});

describe('the pruning check', () => {
  it('finds an unbounded read, a bound through a subquery, a bound on another column and params joined with a condition', () => {
    expect(partitionedReads('SELECT * FROM facts f')).toEqual([
      { table: 'facts', alias: 'f', year: false, quarter: false, paramsCrossJoined: true },
    ]);
    expect(
      partitionedReads(
        'SELECT * FROM metrics m WHERE m.year IN (SELECT first_year FROM provinces) AND m.quarter = 1',
      )[0],
    ).toMatchObject({ year: false, quarter: true });
    expect(partitionedReads('SELECT * FROM rejections r, x WHERE r.year = x.year AND r.quarter = 1')[0]).toMatchObject({
      year: false,
    });
    expect(
      partitionedReads(
        'SELECT * FROM facts f JOIN params ON f.period = params.period WHERE f.year = CAST(SUBSTR(params.period, 1, 4) AS INTEGER) AND f.quarter = 1',
      )[0],
    ).toMatchObject({ year: true, quarter: true, paramsCrossJoined: false });
    expect(
      partitionedReads(
        'SELECT * FROM facts f CROSS JOIN params WHERE (f.year = 0 OR f.year BETWEEN 2024 AND 2025) AND f.quarter IN (0, 2)',
      )[0],
    ).toMatchObject({ year: true, quarter: true, paramsCrossJoined: true });
  });
});
