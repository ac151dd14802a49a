import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { eventRegistry } from '../../events/index.js';
import { createPostgresStore } from '../../infra/store/postgres-store.js';
import type { PostgresStoreOptions } from '../../infra/store/postgres-store.js';
import type { StoreFactory } from '../contract/event-store-contract.js';
import { storeOnSharedStorage } from './store-under-test.js';

/** The server the PostgreSQL suites use: PG_URL names a database on it they may create databases from. */
export const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const HOW = `start one (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set PG_URL=postgres://user@host:port/db`;

/** Whether the server answers; under CI a missing server is a failure, not a skip. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const announced = { skipped: false };

/**
 * `describe` for a PostgreSQL suite: runs it when the server answers; otherwise skips it with one line
 * saying how to run it, except under CI=true, where the missing server fails the run.
 */
export async function describePostgres(title: string, suite: () => void): Promise<void> {
  if (await postgresAvailable()) {
    describe(title, suite);
    return;
  }
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('needs a PostgreSQL server', () => {
        throw new Error(`no PostgreSQL server at ${PG_URL}: CI runs the PostgreSQL suites; ${HOW}`);
      });
    });
    return;
  }
  if (!announced.skipped) {
    announced.skipped = true;
    process.stderr.write(`PostgreSQL suites skipped: no server at ${PG_URL}; to run them, ${HOW}\n`);
  }
  describe.skip(title, suite);
}

/** A database of its own for a test, dropped by the returned function (with its connections). */
export async function temporaryDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `hrss_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = new pg.Client({ connectionString: PG_URL });
      await again.connect();
      try {
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}

/** A store on a fresh database: reopened after a "restart", shared by a second client (another process's pool). */
export function postgresStore(options: Partial<Omit<PostgresStoreOptions, 'url' | 'registry'>> = {}): StoreFactory {
  return async () => {
    const db = await temporaryDatabase();
    return storeOnSharedStorage(() => createPostgresStore({ url: db.url, registry: eventRegistry, pollIntervalMs: 50, poolMax: 4, ...options }), db.drop, true);
  };
}
