/**
 * Many rows in one statement on PostgreSQL, where each statement is a round trip: the rows' columns travel
 * as arrays and are unnested back into rows (`INSERT … SELECT * FROM unnest(…)`). A flush's rows are
 * unique by key, as ON CONFLICT DO UPDATE needs.
 */
export type BulkType = 'text' | 'bigint';

/** `SELECT * FROM unnest($1::text[], $2::bigint[], …)` over the given column types. */
export function unnestRows(types: readonly BulkType[]): string {
  return `SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
}

/** The arrays of a column-major batch: one per column, filled row by row. */
export function columnArrays(width: number): unknown[][] {
  return Array.from({ length: width }, () => []);
}
