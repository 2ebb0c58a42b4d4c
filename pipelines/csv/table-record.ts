/**
 * A row of a metric table as the row checks read it: a CSV record, or a sheet row with its typed
 * cells. A CSV's fields are all text; a sheet's numeric cells are numbers, and what cannot be a
 * value (a date, a formula error) carries the reason it is refused where a value is expected.
 */
import type { Problem } from '../facts/rejection-codes.js';
import type { HeaderCandidateRow } from './find-header-row.js';
import type { CsvRecord } from './read-csv-table.js';

export type TypedCell =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'refused'; readonly problem: Problem };

export interface TableRecord extends CsvRecord {
  /** Sheets only: per field, the merged area it heads (for a two-row header). */
  readonly merged?: HeaderCandidateRow['merged'];
  /** Sheets only: per field, a cell that is not text; its entry in `fields` is how reports show it. */
  readonly typed?: readonly (TypedCell | undefined)[];
}
