import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import pg from 'pg';
import { eventRegistry } from '../../events/index.js';
import { runCli } from '../../infra/cli/main.js';
import { dataFiles } from '../../infra/config/data-files.js';
import type { EventStore } from '../../infra/store/port.js';
import { createPostgresStore } from '../../infra/store/postgres-store.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { collectingIo } from '../support/migration-source.js';
import { describePostgres, temporaryDatabase } from '../support/postgres-harness.js';
import { visitBatch } from '../support/sample-events.js';
import { tempDir } from '../support/sqlite-harness.js';

/**
 * Issue 18: a store made before the chain (schema v1) is hashed once when this version first opens it, in
 * position order, exactly as the writer would have; `verify` says where the chain's guarantee starts.
 */
async function upgradeSuite(env: Record<string, string>, open: () => EventStore, downgrade: () => Promise<void>): Promise<void> {
  let store = open();
  for (let i = 0; i < 3; i++) await store.append(`application-${randomUUID()}`, visitBatch(2), { expectedVersion: 'no_stream' });
  const hashed = (await store.readRecords()).map((r) => r.hash);
  await store.close();
  await downgrade();

  store = open();
  try {
    // Hashed at the upgrade: the same chain the writer makes.
    expect((await store.readRecords()).map((r) => r.hash)).to.deep.equal(hashed);
    expect((await store.chainSeal!()).sealedThrough).to.equal(6);
    await store.append(`application-${randomUUID()}`, visitBatch(1), { expectedVersion: 'no_stream' });
  } finally {
    await store.close();
  }
  const run = collectingIo();
  expect(await runCli(['verify'], { ...run.io, env }), run.err.join('')).to.equal(0);
  expect(run.out.join('')).to.contain('checked 7 events').and.match(/positions 1\.\.6 were written before the chain and hashed at the upgrade on \d{4}-/);
}

describe('a SQLite store made before the chain', () => {
  it('is hashed at the upgrade, and verify says from where the chain vouches', async () => {
    const dir = tempDir('hrss-upgrade-');
    const file = dataFiles(dir.dir).events;
    try {
      await upgradeSuite(
        { DATA_DIR: dir.dir },
        () => createSqliteStore({ path: file, registry: eventRegistry }),
        () => {
          // The v1 layout: no hash column, no chain_meta.
          const db = new Database(file);
          db.exec('ALTER TABLE events DROP COLUMN hash; DROP TABLE chain_meta; PRAGMA user_version = 1');
          db.close();
          return Promise.resolve();
        },
      );
    } finally {
      dir.remove();
    }
  });
});

await describePostgres('a PostgreSQL store made before the chain', () => {
  it('is hashed at the upgrade, head hash included, and verify says from where the chain vouches', async function () {
    this.timeout(20_000);
    const db = await temporaryDatabase();
    try {
      await upgradeSuite(
        { STORE: 'postgres', DATABASE_URL: db.url },
        () => createPostgresStore({ url: db.url, registry: eventRegistry }),
        async () => {
          const client = new pg.Client({ connectionString: db.url });
          await client.connect();
          await client.query('ALTER TABLE events DROP COLUMN hash; ALTER TABLE log_head DROP COLUMN hash; DROP TABLE chain_meta; UPDATE store_meta SET schema_version = 1');
          await client.end();
        },
      );
    } finally {
      await db.drop();
    }
  });
});
