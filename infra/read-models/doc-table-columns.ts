import type { IndexedColumn } from './batch-doc-table.js';
import { isPostgres } from './sql-database.js';
import type { ReadModelDb } from './sql-database.js';

/** A column kept beside the documents, with its DDL (a NOT NULL one needs a DEFAULT, to be added to a table that has rows). */
export interface DocColumn<R> extends IndexedColumn<R> {
  ddl: string;
}

function columnNames(db: ReadModelDb, table: string): Set<string> {
  const names = isPostgres(db)
    ? db.prepare<[string], string>('SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?').pluck().all(table)
    : db.prepare<[], { name: string }>(`PRAGMA table_info(${table})`).all().map((c) => c.name);
  return new Set(names);
}

/**
 * Adds the columns a newer version of a projection keeps to the table an older version made, filled from its
 * documents by the same functions that write them. The generation in use, built by the older version, then
 * stays readable and writable by this version's queries and fold until its rebuild (outdated-projections.ts)
 * switches the new one in. Returns how many rows it filled.
 */
export function addMissingDocColumns<R>(db: ReadModelDb, table: string, columns: readonly DocColumn<R>[]): number {
  const existing = columnNames(db, table);
  const missing = columns.filter((c) => !existing.has(c.name));
  if (missing.length === 0) return 0;
  for (const c of missing) db.exec(`ALTER TABLE ${table} ADD COLUMN ${c.ddl}`);
  const rows = db.prepare<[], { rid: number; doc: string }>(`SELECT rid, doc FROM ${table}`).all();
  const fill = db.prepare(`UPDATE ${table} SET ${missing.map((c) => `${c.name} = ?`).join(', ')} WHERE rid = ?`);
  for (const r of rows) {
    const row = JSON.parse(r.doc) as R;
    fill.run(...missing.map((c) => c.value(row)), r.rid);
  }
  return rows.length;
}
