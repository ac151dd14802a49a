import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BeginOutcome, IdempotencyClaim, IdempotencyStore, StoredResponse } from './idempotency-store.js';

export interface SqliteIdempotencyOptions {
  /** A file path, or ':memory:'. */
  file: string;
  /** How long a completed response is replayed. */
  ttlMs: number;
  /** How long a claim whose request never finished (a crash) blocks the key. */
  pendingTimeoutMs?: number;
  now?: () => number;
  /**
   * The process that claims here (default: this one's pid), and whether another claimant is still running
   * (default: a signal-0 probe). The HTTP workers of `serve --workers` share one file: a worker that starts
   * settles only the claims of processes that are gone, never those a live worker has in hand.
   */
  owner?: number;
  isAlive?: (owner: number) => boolean;
}

/** Whether a process of this machine is running: signal 0 probes without signalling (EPERM: running, not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Row {
  fingerprint: string;
  state: 'pending' | 'done';
  status: number | null;
  headers: string | null;
  body: Buffer | null;
  expires_at: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS idempotency_keys (
  scope       TEXT    NOT NULL,
  key         TEXT    NOT NULL,
  fingerprint TEXT    NOT NULL,
  state       TEXT    NOT NULL CHECK (state IN ('pending', 'done')),
  status      INTEGER,
  headers     TEXT,
  body        BLOB,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  owner       INTEGER,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at);
`;

/** Idempotency keys in a SQLite table: one file under DATA_DIR per API instance (or in memory for tests). */
export function createSqliteIdempotencyStore(options: SqliteIdempotencyOptions): IdempotencyStore {
  const now = options.now ?? Date.now;
  const pendingTimeoutMs = options.pendingTimeoutMs ?? 60_000;
  if (options.file !== ':memory:') mkdirSync(path.dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  try {
    if (options.file !== ':memory:') db.pragma('journal_mode = WAL');
    // No fsync per claim and per answer (two a write): a kept answer lost to a power cut is found again from the
    // event store, whose commit is durable, since the command id derives from the key (tests/http/
    // idempotent-commands.test.ts: a restart that lost the kept responses appends nothing).
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
  } catch (error) {
    db.close();
    throw error;
  }
  const owner = options.owner ?? process.pid;
  const isAlive = options.isAlive ?? processAlive;
  // A file made before claims named their process: its pending claims have no owner, and count as abandoned.
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(idempotency_keys)').all();
  if (!columns.some((c) => c.name === 'owner')) db.exec('ALTER TABLE idempotency_keys ADD COLUMN owner INTEGER');
  // A claim still pending at open whose process is gone was left by a process that died mid-request: its
  // command either reached the event store or did not, and a retry finds out from there (the command id derives
  // from the key). Settled now, rather than refusing retries until it times out. A live process's claims stay;
  // this process's own pid on a claim is a dead predecessor's that had it (a restart): settled too.
  const claimants = db.prepare<[], number | null>("SELECT DISTINCT owner FROM idempotency_keys WHERE state = 'pending'").pluck().all();
  const gone = claimants.filter((o) => o === null || o === owner || !isAlive(o));
  const settle = db.prepare<[number | null]>("DELETE FROM idempotency_keys WHERE state = 'pending' AND owner IS ?");
  const abandoned = db.transaction((): number => {
    let settled = 0;
    for (const o of gone) settled += settle.run(o).changes;
    return settled;
  })();

  const select = db.prepare<[string, string], Row>(
    'SELECT fingerprint, state, status, headers, body, expires_at FROM idempotency_keys WHERE scope = ? AND key = ?',
  );
  const remove = db.prepare<[string, string]>('DELETE FROM idempotency_keys WHERE scope = ? AND key = ?');
  const insertPending = db.prepare<[string, string, string, number, number, number]>(
    `INSERT INTO idempotency_keys (scope, key, fingerprint, state, created_at, expires_at, owner) VALUES (?, ?, ?, 'pending', ?, ?, ?)`,
  );
  const markDone = db.prepare<[number, string, Buffer, number, string, string, string]>(
    `UPDATE idempotency_keys SET state = 'done', status = ?, headers = ?, body = ?, expires_at = ?
     WHERE scope = ? AND key = ? AND fingerprint = ? AND state = 'pending'`,
  );
  const removePending = db.prepare<[string, string, string]>(
    `DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND fingerprint = ? AND state = 'pending'`,
  );
  const purge = db.prepare<[number]>('DELETE FROM idempotency_keys WHERE expires_at <= ?');

  const begin = db.transaction((claim: IdempotencyClaim): BeginOutcome => {
    const t = now();
    let row = select.get(claim.scope, claim.key);
    if (row && row.expires_at <= t) {
      remove.run(claim.scope, claim.key);
      row = undefined;
    }
    if (!row) {
      insertPending.run(claim.scope, claim.key, claim.fingerprint, t, t + pendingTimeoutMs, owner);
      return { kind: 'started' };
    }
    if (row.fingerprint !== claim.fingerprint) return { kind: 'mismatch' };
    if (row.state === 'pending') return { kind: 'in-progress' };
    return { kind: 'replay', response: toResponse(row) };
  });

  return {
    abandonedAtOpen: abandoned,
    begin: (claim) => begin.immediate(claim),
    complete(claim, response) {
      markDone.run(
        response.status,
        JSON.stringify(response.headers),
        response.body,
        now() + options.ttlMs,
        claim.scope,
        claim.key,
        claim.fingerprint,
      );
    },
    release(claim) {
      removePending.run(claim.scope, claim.key, claim.fingerprint);
    },
    purgeExpired: () => purge.run(now()).changes,
    close: () => db.close(),
  };
}

function toResponse(row: Row): StoredResponse {
  return {
    status: row.status ?? 500,
    headers: row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {},
    body: row.body ?? Buffer.alloc(0),
  };
}
