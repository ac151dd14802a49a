import type Database from 'better-sqlite3';
import { chainHash } from './event-hash.js';

/** An event row of the SQLite log with its chain hash, in the columns' order. */
export type ChainedRow = [position: number, streamId: string, revision: number, eventId: string, type: string, schemaVersion: number, data: string, metadata: string, hash: string];

type V1Row = [number, string, number, string, string, number, string, string];

/**
 * The events of a file made before the chain (schema v1) after `after`, in batches, each with the hash the
 * upgrade to v2 gives it: chained from `previous` in position order. The upgrade writes these hashes into the
 * file (sqlite-schema.ts); `migrate` carries them to the target without writing to its source.
 */
export function* v1ChainedBatches(db: Database.Database, after: number, previous: string, batch = 5000): Generator<ChainedRow[]> {
  const read = db
    .prepare<[number, number], V1Row>('SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?')
    .raw();
  for (let from = after; ; ) {
    const rows = read.all(from, batch);
    if (rows.length === 0) return;
    yield rows.map(([position, streamId, revision, eventId, type, schemaVersion, data, metadata]): ChainedRow => {
      previous = chainHash({ position, streamId, revision, eventId, type, schemaVersion, data, metadata }, previous);
      return [position, streamId, revision, eventId, type, schemaVersion, data, metadata, previous];
    });
    from = rows[rows.length - 1]![0];
  }
}
