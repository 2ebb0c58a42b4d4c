/**
 * The Athena views, defined from the same column lists and ordering as the DuckDB views
 * (adapters/duckdb/warehouse-views.ts), from pipelines/warehouse/views.ts, so the two engines cannot disagree on shape.
 */
import type { TableColumn } from '../../pipelines/warehouse/table-columns.js';
import {
  CURRENT_VALUE_ORDER,
  CURRENT_VALUE_PARTITION,
  REPORT_VALUE_FILTER,
  VIEW_COLUMNS,
  type ViewName,
} from '../../pipelines/warehouse/views.js';
import { trinoTypeOf } from './glue-columns.js';

export type { ViewName };

/** The Glue table under each view that reads Parquet directly: the view's name plus `_parquet`. */
export function parquetTableOf(view: Exclude<ViewName, 'metrics'>): string {
  return `${view}_parquet`;
}

/**
 * The Glue table over the manifests (`ingestions/`, one JSON line each): the commit records the
 * `facts` and `rejections` views honour, as the DuckDB views do.
 */
export const MANIFEST_TABLE = 'ingestions_json';

/**
 * Keeps the rows of files some manifest lists: `"$path"` is `s3://<bucket>/<key>` and manifests
 * list keys.
 */
const COMMITTED_FILES_ONLY = `WHERE regexp_replace("$path", '^s3://[^/]+/', '') IN (SELECT committed.file FROM "${MANIFEST_TABLE}" CROSS JOIN UNNEST(files) AS committed(file))`;

/** Quotes an identifier for Trino (Athena's engine): double quotes, inner quotes doubled. */
export function quoteTrinoIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function columnList(columns: readonly TableColumn[]): string {
  return columns.map((column) => quoteTrinoIdentifier(column.name)).join(', ');
}

/** The SQL of a view, unqualified: it resolves in the view's own database. */
export function viewSql(view: ViewName): string {
  const columns = columnList(VIEW_COLUMNS[view]);
  if (view === 'metrics') {
    return (
      `SELECT ${columns} FROM (` +
      `SELECT ${columns}, ROW_NUMBER() OVER (PARTITION BY ${CURRENT_VALUE_PARTITION} ORDER BY ${CURRENT_VALUE_ORDER}) AS current_rank FROM ${quoteTrinoIdentifier('facts')}` +
      ` WHERE ${REPORT_VALUE_FILTER}` +
      `) ranked WHERE current_rank = 1`
    );
  }
  const committedOnly = view === 'facts' || view === 'rejections' ? ` ${COMMITTED_FILES_ONLY}` : '';
  return `SELECT ${columns} FROM ${quoteTrinoIdentifier(parquetTableOf(view))}${committedOnly}`;
}

/** What Athena stores in a view's `ViewOriginalText`, base64-encoded after `Presto View:`. */
export interface PrestoViewDefinition {
  readonly originalSql: string;
  readonly catalog: string;
  readonly schema: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/** The view definition Athena reads from the Glue catalog. */
export function prestoViewDefinition(view: ViewName, database: string): PrestoViewDefinition {
  return {
    originalSql: viewSql(view),
    catalog: 'awsdatacatalog',
    schema: database,
    columns: VIEW_COLUMNS[view].map((column) => ({ name: column.name, type: trinoTypeOf(column.type) })),
  };
}

/** `/* Presto View: <base64 JSON> *\/`, the encoding Athena uses for views in the Glue catalog. */
export function encodePrestoView(definition: PrestoViewDefinition): string {
  return `/* Presto View: ${Buffer.from(JSON.stringify(definition), 'utf8').toString('base64')} */`;
}

/** Reads back an encoded view (the tests compare it with the DuckDB views). */
export function decodePrestoView(text: string): PrestoViewDefinition {
  const match = /^\/\* Presto View: ([A-Za-z0-9+/=]+) \*\/$/.exec(text);
  if (!match?.[1]) throw new Error('the text is not an Athena view definition ("/* Presto View: <base64> */")');
  return JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as PrestoViewDefinition;
}
