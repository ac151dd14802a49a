import { isPostgres } from './sql-database.js';
import type { ReadModelDb, SqlStatement } from './sql-database.js';
import type { BulkType } from './postgres-bulk.js';

/** A column kept beside the JSON document so queries can filter and order by it. */
export interface IndexedColumn<R> {
  name: string;
  value(row: R): string | number | null;
}

/**
 * Rows stored as JSON documents keyed by id, read and written through an in-batch cache: a row touched by
 * several events of a batch is read once and written once, at flush, inside the batch's transaction.
 * Nothing is kept between batches: a primary-key read and a JSON parse cost less than the garbage
 * collection of a large live heap of open cases, and a cache kept longer would tie it to there being no
 * other writer.
 */
export interface BatchDocTable<R> {
  get(id: string): R | undefined;
  put(row: R): void;
  delete(id: string): void;
  /** Rows matching a WHERE clause over the indexed columns, as the batch sees them (flushes first). */
  select(where: string, ...params: (string | number)[]): R[];
  /** Writes the rows changed since the last flush. */
  flush(): void;
  /** The batch committed: forget its rows. */
  committed(): void;
  /** The batch rolled back: rows changed in memory are wrong, forget them. */
  discard(): void;
  /** Rows held for the batch (read, written or known absent). */
  cachedRows(): number;
  /** PostgreSQL: reads the rows of these ids not yet held, in one statement (sql-projection.ts). */
  prefetch(ids: readonly string[]): void;
}

/**
 * The DDL of a document table. Rows live in rowid order, that is in the order they were first written, and
 * the id is a unique index beside it: the open cases of a bureau are the recent ones, so the rows a batch
 * rewrites sit together in the last pages of the table instead of all over a B-tree keyed by random uuids.
 */
export function docTableDdl(table: string, columns: readonly string[] = []): string {
  return `
    CREATE TABLE IF NOT EXISTS ${table} (
      rid INTEGER PRIMARY KEY,
      id  TEXT NOT NULL UNIQUE,
      doc TEXT NOT NULL${columns.map((c) => `,\n      ${c}`).join('')}
    );`;
}

interface Entry<R> {
  /** The stored row's rowid, when known (read, or inserted by this table); then `stored` is known too. */
  rid: number | undefined;
  /** Known not to be stored: looked up and not found, or deleted by this table. */
  absent: boolean;
  row: R | undefined;
  dirty: boolean;
  /** The indexed column values as stored, so an update touches only the indexes whose values changed. */
  stored: (string | number | null)[] | undefined;
}

export function batchDocTable<R>(
  db: ReadModelDb,
  table: string,
  keyOf: (row: R) => string,
  columns: readonly IndexedColumn<R>[] = [],
): BatchDocTable<R> {
  const names = columns.map((c) => c.name);
  const load = db
    .prepare<[string], unknown[]>(`SELECT rid, doc${names.map((n) => `, ${n}`).join('')} FROM ${table} WHERE id = ?`)
    .raw();
  const columnList = `id, doc${names.map((n) => `, ${n}`).join('')}`;
  const placeholders = `?, ?${names.map(() => ', ?').join('')}`;
  // A row known to be absent: its rowid comes back as lastInsertRowid (on PostgreSQL, as what it returns).
  const insert = db.prepare(`INSERT INTO ${table} (${columnList}) VALUES (${placeholders})${isPostgres(db) ? ' RETURNING rid' : ''}`);
  // A row written without being read first (a stream's first event): an upsert, so it cannot fail on its id.
  // No RETURNING: it doubles the cost of the statement, and the rowid is wanted only by a second flush in
  // the same batch, which upserts again.
  const upsert = db.prepare(
    `INSERT INTO ${table} (${columnList}) VALUES (${placeholders})
     ON CONFLICT (id) DO UPDATE SET doc = excluded.doc${names.map((n) => `, ${n} = excluded.${n}`).join('')}`,
  );
  // One statement per set of changed columns, prepared when first needed: SQLite rewrites an index whenever
  // the UPDATE names one of its columns, changed or not.
  const updates = new Map<number, SqlStatement>();
  const updateFor = (mask: number): SqlStatement => {
    let statement = updates.get(mask);
    if (!statement) {
      const set = names.filter((_, i) => mask & (1 << i)).map((n) => `, ${n} = ?`).join('');
      statement = db.prepare(`UPDATE ${table} SET doc = ?${set} WHERE rid = ?`);
      updates.set(mask, statement);
    }
    return statement;
  };
  const remove = db.prepare<[number]>(`DELETE FROM ${table} WHERE rid = ?`);
  const removeById = db.prepare<[string]>(`DELETE FROM ${table} WHERE id = ?`);
  const cache = new Map<string, Entry<R>>();
  // PostgreSQL: the table held no row when this session first looked, and every row it has written since is
  // still in the cache, so a row not cached is absent without asking (a replay into a new generation reads
  // nothing until its first commit). Any other writer of these tables moves their slot's checkpoint, and
  // the batch's commit then drops this session's changes (apply-batch.ts). Forgotten at commit and rollback.
  let knownEmpty = false;
  let emptinessAsked = false;

  const entry = (id: string): Entry<R> => {
    let hit = cache.get(id);
    if (!hit) {
      const found = knownEmpty ? undefined : load.get(id);
      hit = found
        ? { rid: found[0] as number, absent: false, row: JSON.parse(found[1] as string) as R, dirty: false, stored: found.slice(2) as (string | number | null)[] }
        : { rid: undefined, absent: true, row: undefined, dirty: false, stored: undefined };
      cache.set(id, hit);
    }
    return hit;
  };

  const write = (id: string, e: Entry<R>, row: R): void => {
    const values = columns.map((c) => c.value(row));
    if (e.rid !== undefined && e.stored !== undefined) {
      let mask = 0;
      const changed: (string | number | null)[] = [];
      for (let i = 0; i < values.length; i++) {
        if (values[i] !== e.stored[i]) {
          mask |= 1 << i;
          changed.push(values[i]!);
        }
      }
      updateFor(mask).run(JSON.stringify(row), ...changed, e.rid);
      e.stored = values;
    } else if (e.absent) {
      e.rid = Number(insert.run(id, JSON.stringify(row), ...values).lastInsertRowid);
      e.stored = values;
      e.absent = false;
    } else {
      upsert.run(id, JSON.stringify(row), ...values);
      e.rid = undefined;
      e.stored = undefined;
    }
  };

  // Rows are written in the order the batch first touched them: sorting new rows by id (to visit the uuid
  // index's pages in order) costs more than it saves (README, replay figures).
  const flush = (): void => {
    for (const [id, e] of cache) {
      if (!e.dirty) continue;
      e.dirty = false;
      const row = e.row;
      if (row !== undefined) {
        write(id, e, row);
        continue;
      }
      if (e.rid !== undefined) remove.run(e.rid);
      else if (!e.absent) removeById.run(id);
      e.rid = undefined;
      e.stored = undefined;
      e.absent = true;
    }
  };

  // PostgreSQL: each statement is a round trip, so a batch's rows are read ahead in one statement and
  // written in one upsert and one delete per table (postgres-bulk.ts); rowids play no part there.
  const onPostgres = isPostgres(db);
  const prefetchRows = onPostgres
    ? db.prepare<[string[]], unknown[]>(`SELECT rid, id, doc${names.map((n) => `, ${n}`).join('')} FROM ${table} WHERE id = ANY(?)`).raw()
    : undefined;
  // The rows travel as one JSON array, each document inside it as the object it is: serialized once, parsed
  // once by the server, and kept as its exact text (json, not jsonb). Column types by what the values are.
  const bulkUpserts = new Map<string, SqlStatement>();
  const bulkUpsert = (types: readonly BulkType[]): SqlStatement => {
    const signature = types.join(',');
    let statement = bulkUpserts.get(signature);
    if (!statement) {
      const record = ['id text', 'doc json', ...names.map((n, i) => `${n} ${types[i]!}`)].join(', ');
      statement = db.prepare(
        `INSERT INTO ${table} (${columnList}) SELECT r.id, r.doc::text${names.map((n) => `, r.${n}`).join('')} FROM json_to_recordset(?::json) AS r(${record})
         ON CONFLICT (id) DO UPDATE SET doc = excluded.doc${names.map((n) => `, ${n} = excluded.${n}`).join('')}`,
      );
      bulkUpserts.set(signature, statement);
    }
    return statement;
  };
  const anyRow = onPostgres ? db.prepare(`SELECT 1 FROM ${table} LIMIT 1`) : undefined;
  const bulkDelete = onPostgres ? db.prepare<[string[]]>(`DELETE FROM ${table} WHERE id = ANY(?)`) : undefined;
  const flushBulk = (): void => {
    const rows: Record<string, unknown>[] = [];
    const numeric = names.map(() => false);
    const gone: string[] = [];
    for (const [id, e] of cache) {
      if (!e.dirty) continue;
      e.dirty = false;
      e.rid = undefined;
      e.stored = undefined;
      if (e.row === undefined) {
        if (!e.absent) gone.push(id);
        e.absent = true;
        continue;
      }
      e.absent = false;
      const record: Record<string, unknown> = { id, doc: e.row };
      for (let i = 0; i < columns.length; i++) {
        const value = columns[i]!.value(e.row);
        if (typeof value === 'number') numeric[i] = true;
        record[names[i]!] = value;
      }
      rows.push(record);
    }
    if (rows.length > 0) bulkUpsert(numeric.map((n): BulkType => (n ? 'bigint' : 'text'))).run(JSON.stringify(rows));
    if (gone.length > 0) bulkDelete!.run(gone);
  };

  return {
    get: (id) => entry(id).row,
    put(row) {
      const id = keyOf(row);
      const hit = cache.get(id);
      // A row first written in this batch needs no look-up: the upsert finds it if it exists after all.
      if (hit) {
        hit.row = row;
        hit.dirty = true;
      } else cache.set(id, { rid: undefined, absent: false, row, dirty: true, stored: undefined });
    },
    delete(id) {
      const hit = entry(id);
      hit.row = undefined;
      hit.dirty = true;
    },
    select(where, ...params) {
      if (onPostgres) flushBulk();
      else flush();
      const rows = db
        .prepare<unknown[], unknown[]>(`SELECT rid, id, doc${names.map((n) => `, ${n}`).join('')} FROM ${table} WHERE ${where}`)
        .raw()
        .all(...params);
      return rows.map((r) => {
        const id = r[1] as string;
        const hit = cache.get(id);
        if (hit?.row !== undefined) return hit.row;
        const row = JSON.parse(r[2] as string) as R;
        cache.set(id, { rid: r[0] as number, absent: false, row, dirty: false, stored: r.slice(3) as (string | number | null)[] });
        return row;
      });
    },
    flush: onPostgres ? flushBulk : flush,
    prefetch(ids) {
      if (!prefetchRows) return;
      if (!emptinessAsked) {
        emptinessAsked = true;
        knownEmpty = cache.size === 0 && anyRow!.get() === undefined;
      }
      const wanted = ids.filter((id) => !cache.has(id));
      if (wanted.length === 0) return;
      if (knownEmpty) {
        for (const id of wanted) cache.set(id, { rid: undefined, absent: true, row: undefined, dirty: false, stored: undefined });
        return;
      }
      for (const r of prefetchRows.all(wanted)) {
        const id = r[1] as string;
        cache.set(id, { rid: r[0] as number, absent: false, row: JSON.parse(r[2] as string) as R, dirty: false, stored: r.slice(3) as (string | number | null)[] });
      }
      for (const id of wanted) if (!cache.has(id)) cache.set(id, { rid: undefined, absent: true, row: undefined, dirty: false, stored: undefined });
    },
    committed() {
      cache.clear();
      knownEmpty = false;
      emptinessAsked = false;
    },
    discard() {
      cache.clear();
      knownEmpty = false;
      emptinessAsked = false;
    },
    cachedRows: () => cache.size,
  };
}
