import type Database from 'better-sqlite3';
import type { StoredEvent, StoredEventRow, StoredRecordRow } from './event-codec.js';

/** Every statement the SQLite store runs, prepared once per connection. */
export interface SqliteStatements {
  streamRevision: Database.Statement<[string], number | null>;
  command: Database.Statement<[string], { streamId: string; nextRevision: number; position: number }>;
  insertEvent: Database.Statement<[number, string, number, string, string, number, string, string, string]>;
  /** The last event's position and chain hash: where the next append's chain continues. */
  chainHead: Database.Statement<[], [number, string]>;
  /** The log as stored, with the chain hashes (verify, export). */
  readRecords: Database.Statement<[number, number], StoredRecordRow>;
  insertCommand: Database.Statement<[string, string, number, number]>;
  readStream: Database.Statement<[string, number, number], StoredEvent>;
  /** The log read of replays and subscriptions, as arrays (`.raw()`): no object per row before the event itself. */
  readAll: Database.Statement<[number, number], StoredEventRow>;
  head: Database.Statement<[], number | null>;
  begin: Database.Statement<[]>;
  commit: Database.Statement<[]>;
  rollback: Database.Statement<[]>;
  savepoint: Database.Statement<[]>;
  release: Database.Statement<[]>;
  rollbackToSavepoint: Database.Statement<[]>;
}

const COLUMNS = `position, stream_id AS streamId, revision, event_id AS eventId, type,
  schema_version AS schemaVersion, data, metadata`;

export function prepareStatements(db: Database.Database): SqliteStatements {
  return {
    // MAX over the (stream_id, revision) index is one seek; NULL for no stream.
    streamRevision: db.prepare<[string], number | null>('SELECT MAX(revision) FROM events WHERE stream_id = ?').pluck(),
    command: db.prepare(
      'SELECT stream_id AS streamId, next_revision AS nextRevision, position FROM commands WHERE command_id = ?',
    ),
    insertEvent: db.prepare(
      `INSERT INTO events (position, stream_id, revision, event_id, type, schema_version, data, metadata, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    chainHead: db.prepare<[], [number, string]>('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1').raw(),
    readRecords: db
      .prepare<[number, number], StoredRecordRow>(
        'SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata, hash FROM events WHERE position > ? ORDER BY position LIMIT ?',
      )
      .raw(),
    insertCommand: db.prepare('INSERT INTO commands (command_id, stream_id, next_revision, position) VALUES (?, ?, ?, ?)'),
    // LIMIT -1 is SQLite for no limit.
    readStream: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`),
    readAll: db
      .prepare<[number, number], StoredEventRow>(
        'SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
      )
      .raw(),
    head: db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck(),
    // IMMEDIATE takes the write lock up front: the revision read and the inserts see one state.
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT append'),
    release: db.prepare('RELEASE append'),
    rollbackToSavepoint: db.prepare('ROLLBACK TO append'),
  };
}
