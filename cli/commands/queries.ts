/** `provstat queries`: every query of queries/ with its purpose and typed parameters. */
import { describeParameterType, type QueryFile } from '../../pipelines/query/query-file.js';
import { readQueryLibrary } from '../../pipelines/query/query-library.js';
import { renderTable, wrapText } from '../output.js';

/** The library in order of name. */
export function listQueries(): QueryFile[] {
  return [...readQueryLibrary().values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Name, purpose and parameters of each query, without the SQL. */
export function formatQueriesJson(queries: readonly QueryFile[]): string {
  const described = queries.map((query) => ({
    name: query.name,
    purpose: query.purpose,
    parameters: query.parameters.map((parameter) => ({
      name: parameter.name,
      type: parameter.type,
      all: parameter.allowsAll,
      description: parameter.description,
    })),
  }));
  return `${JSON.stringify(described, null, 2)}\n`;
}

/** A table of queries: the purpose wrapped, one line per parameter as `--param name=` would take it. */
export function formatQueriesTable(queries: readonly QueryFile[]): string {
  const rows = queries.map((query) => [
    query.name,
    wrapText(query.purpose, 44),
    query.parameters.map((parameter) => `${parameter.name} (${describeParameterType(parameter)})`).join('\n'),
  ]);
  const example = queries[0]
    ? `\nRun one with: provstat query ${queries[0].name}${queries[0].parameters.map((p) => ` --param ${p.name}=…`).join('')}\n`
    : '';
  return `${renderTable(['query', 'purpose', 'parameters'], rows)}\n${example}`;
}
