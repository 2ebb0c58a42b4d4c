/**
 * The rules that keep a query file portable between DuckDB (local) and Athena (Trino engine): the
 * constructs one engine accepts and the other rejects or reads differently. A grammar check with a
 * Trino parser runs beside these in the tests; this list catches what a parser lets through.
 */

export interface PortabilityRule {
  readonly name: string;
  readonly pattern: RegExp;
  readonly why: string;
}

export const PORTABILITY_RULES: readonly PortabilityRule[] = [
  { name: 'QUALIFY', pattern: /\bQUALIFY\b/i, why: 'DuckDB only; filter a ROW_NUMBER() column in an outer query' },
  { name: 'ILIKE', pattern: /\bILIKE\b/i, why: 'DuckDB only; compare LOWER(x) with LIKE' },
  { name: '::', pattern: /::/, why: 'DuckDB cast shorthand; write CAST(x AS type)' },
  { name: '//', pattern: /\/\//, why: 'DuckDB integer division; write CAST(x AS DOUBLE) / y, or FLOOR' },
  {
    name: 'list or struct literal',
    pattern: /\[|\{/,
    why: 'DuckDB literals; Trino writes ARRAY[...] and ROW(...) differently',
  },
  { name: 'FROM-first', pattern: /^\s*FROM\b/i, why: 'DuckDB only; start with SELECT or WITH' },
  { name: 'lambda', pattern: /->/, why: 'lambda syntax differs between the engines' },
  { name: 'file as table', pattern: /\bFROM\s+'/i, why: 'DuckDB reads files in FROM; query the views' },
  {
    name: 'file readers',
    pattern: /\b(read_parquet|read_csv|read_csv_auto|read_json|parquet_scan|glob)\s*\(/i,
    why: 'DuckDB table functions; query the views',
  },
  {
    name: 'LEAST/GREATEST',
    pattern: /\b(LEAST|GREATEST)\s*\(/i,
    why: 'NULL handling differs: DuckDB skips NULLs, Trino returns NULL',
  },
  { name: 'date_add', pattern: /\bdate_add\s*\(/i, why: 'different signatures; add an INTERVAL literal' },
  {
    name: 'DuckDB-only functions',
    pattern:
      /\b(strftime|strptime|epoch_ms|list_\w+|struct_\w+|string_agg|regexp_matches|arg_max|arg_min|datediff|epoch)\s*\(/i,
    why: 'DuckDB only',
  },
  {
    name: 'Trino-only functions',
    pattern:
      /\b(try|element_at|date_format|format_datetime|from_iso8601_\w+|to_iso8601|approx_distinct|approx_percentile|array_join|regexp_like|json_extract_scalar)\s*\(/i,
    why: 'Trino only',
  },
  {
    name: 'UNNEST / AT TIME ZONE',
    pattern: /\bUNNEST\b|\bAT\s+TIME\s+ZONE\b/i,
    why: 'semantics differ between the engines',
  },
  { name: 'SELECT * EXCLUDE/REPLACE', pattern: /\*\s*(EXCLUDE|REPLACE)\b/i, why: 'DuckDB only' },
  { name: 'semicolon', pattern: /;\s*\S/, why: 'one statement per file: Athena runs exactly one' },
];

export interface PortabilityProblem {
  readonly rule: string;
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

/** SQL without comments and string literals (replaced by spaces, so line numbers survive). */
export function maskCommentsAndStrings(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'/g, (match) =>
    match.startsWith("'") ? `'${match.slice(1, -1).replace(/[^\n]/g, ' ')}'` : match.replace(/[^\n]/g, ' '),
  );
}

/** Every use of a construct that would not run the same on DuckDB and Athena. */
export function findPortabilityProblems(sql: string): PortabilityProblem[] {
  const masked = maskCommentsAndStrings(sql);
  const problems: PortabilityProblem[] = [];
  const lines = masked.split('\n');
  for (const rule of PORTABILITY_RULES) {
    if (rule.name === 'FROM-first') {
      if (rule.pattern.test(masked))
        problems.push({ rule: rule.name, line: lineOfFirstCode(masked), text: 'FROM', why: rule.why });
      continue;
    }
    if (rule.name === 'semicolon') {
      if (rule.pattern.test(masked))
        problems.push({
          rule: rule.name,
          line: lines.findIndex((line) => line.includes(';')) + 1,
          text: ';',
          why: rule.why,
        });
      continue;
    }
    lines.forEach((line, index) => {
      const match = rule.pattern.exec(line);
      if (match) problems.push({ rule: rule.name, line: index + 1, text: match[0], why: rule.why });
    });
  }
  return problems.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}

function lineOfFirstCode(masked: string): number {
  const index = masked.search(/\S/);
  return index < 0 ? 1 : masked.slice(0, index).split('\n').length;
}
