/**
 * The warehouse columns as the Glue catalog and Athena see them, derived from the same lists the
 * Parquet writer and the DuckDB views use (pipelines/warehouse/table-columns.ts).
 */
import type { ColumnType, TableColumn } from '../../pipelines/warehouse/table-columns.js';

/** A column in a Glue table's storage descriptor (Hive type names). */
export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/** Hive type names Glue stores for each warehouse column type (what DuckDB writes to Parquet). */
const HIVE_TYPES: Record<ColumnType, string> = {
  VARCHAR: 'string',
  DOUBLE: 'double',
  BOOLEAN: 'boolean',
  INTEGER: 'int',
  TIMESTAMP: 'timestamp',
  DATE: 'date',
};

/** Trino type names an Athena view declares for each warehouse column type. */
const TRINO_TYPES: Record<ColumnType, string> = {
  VARCHAR: 'varchar',
  DOUBLE: 'double',
  BOOLEAN: 'boolean',
  INTEGER: 'integer',
  TIMESTAMP: 'timestamp',
  DATE: 'date',
};

// Glue rejects column comments over 255 characters.
const MAX_COMMENT_LENGTH = 255;

/** The Hive type name of a warehouse column type. */
export function hiveTypeOf(type: ColumnType): string {
  return HIVE_TYPES[type];
}

/** The Trino type name of a warehouse column type. */
export function trinoTypeOf(type: ColumnType): string {
  return TRINO_TYPES[type];
}

/** Glue columns for warehouse columns, in order, with their descriptions as comments. */
export function glueColumnsOf(columns: readonly TableColumn[]): GlueColumn[] {
  return columns.map((column) => ({
    name: column.name,
    type: hiveTypeOf(column.type),
    comment: column.description.slice(0, MAX_COMMENT_LENGTH),
  }));
}
