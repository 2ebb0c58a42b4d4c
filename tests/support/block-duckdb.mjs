// Makes DuckDB unloadable in the process that imports this (node --import): any ESM import of
// @duckdb/* throws, as it would where DuckDB's native binding is absent. The stack must synthesize so.
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@duckdb/')) throw new Error('DuckDB is not available in this process (' + specifier + ')');
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
