import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { eventRegistry } from '../../events/index.js';
import { createPostgresStore } from '../../infra/store/postgres-store.js';
import { StoreUnavailableError } from '../../infra/store/store-errors.js';
import { describePostgres, PG_URL, temporaryDatabase } from '../support/postgres-harness.js';
import { visitBatch } from '../support/sample-events.js';

const rejection = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => expect.fail('expected a rejection'), (e: unknown) => e);

describe('postgres: a server that cannot be reached', () => {
  it('answers StoreUnavailableError for appends and reads, writing nothing, and closes cleanly', async () => {
    // Port 1: nothing listens there.
    const store = createPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/hrss', registry: eventRegistry, statementTimeoutMs: 1000 });
    expect(await rejection(store.append(`application-${randomUUID()}`, visitBatch(1), { expectedVersion: 'no_stream' }))).to.be.instanceOf(StoreUnavailableError);
    expect(await rejection(store.readAll())).to.be.instanceOf(StoreUnavailableError);
    expect(await rejection(store.headPosition())).to.be.instanceOf(StoreUnavailableError);
    await store.close();
  });
});

await describePostgres('postgres: connections cut by the server', () => {
  it('carries on by itself after the server cuts its connections, any failure meanwhile a StoreUnavailableError', async () => {
    const db = await temporaryDatabase();
    const store = createPostgresStore({ url: db.url, registry: eventRegistry, poolMax: 2 });
    try {
      const stream = `application-${randomUUID()}`;
      await store.append(stream, visitBatch(2), { expectedVersion: 'no_stream' });
      // What a server restart does to a client: every connection to the database terminated (57P01).
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [new URL(db.url).pathname.slice(1)]);
      await admin.end();
      const outcomes = await Promise.allSettled([store.append(stream, visitBatch(1), { expectedVersion: 1 }), store.readStream(stream)]);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).to.be.instanceOf(StoreUnavailableError);
      // The pool replaces the cut connections: the same append goes through (or went through) exactly once.
      let revision = await store.streamRevision(stream);
      if (revision === 1) revision = (await store.append(stream, visitBatch(1), { expectedVersion: 1 })).nextRevision;
      expect(revision).to.equal(2);
      expect((await store.readStream(stream)).map((e) => e.revision)).to.deep.equal([0, 1, 2]);
    } finally {
      await store.close();
      await db.drop();
    }
  });
});
