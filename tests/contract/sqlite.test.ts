import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { z } from 'zod';
import { createRegistry, defineEvent, eventRegistry } from '../../events/index.js';
import { ConcurrencyError } from '../../infra/store/errors.js';
import type { EventStore } from '../../infra/store/port.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import type { SqliteStoreOptions } from '../../infra/store/sqlite-store.js';
import { sampleMetadata, visitBatch, visitRecorded } from '../support/sample-events.js';
import { committedEvents, sqliteFileStore, sqliteMemoryStore, tempDir } from '../support/sqlite-harness.js';
import { eventStoreContract } from './event-store-contract.js';

eventStoreContract('sqlite file', sqliteFileStore());
eventStoreContract('sqlite :memory:', sqliteMemoryStore());
eventStoreContract('sqlite file, group commit', sqliteFileStore({ groupCommit: true }));
eventStoreContract('sqlite :memory:, group commit', sqliteMemoryStore({ groupCommit: { maxBatch: 4, maxDelayMs: 1 } }));

describe('sqlite event store', () => {
  let temp: ReturnType<typeof tempDir>;
  let path: string;
  const stores: EventStore[] = [];
  const open = (options: Partial<SqliteStoreOptions> = {}): EventStore => {
    const store = createSqliteStore({ path, registry: eventRegistry, ...options });
    stores.push(store);
    return store;
  };
  const stream = (): string => `application-${randomUUID()}`;
  const rows = (): number => committedEvents(path);

  beforeEach(() => {
    temp = tempDir();
    path = join(temp.dir, 'events.db');
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    temp.remove();
  });

  it('keeps one WAL-mode file whose (stream, revision) pairs are unique', async () => {
    const store = open();
    const id = stream();
    await store.append(id, visitBatch(1), { expectedVersion: 'no_stream' });
    const db = new Database(path);
    try {
      expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
      const insert = db.prepare(
        `INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (?, 0, ?, 'VisitRecorded', 1, '{}', '{}')`,
      );
      expect(() => insert.run(id, randomUUID())).to.throw(/UNIQUE/);
    } finally {
      db.close();
    }
  });

  it('refuses a file written by a newer schema', async () => {
    await open().close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => open()).to.throw(/newer/);
  });

  it('gives back the position of an append that failed half-way', async () => {
    const store = open();
    const first = visitRecorded();
    const taken = randomUUID();
    await store.append(stream(), [{ ...first, eventId: taken }], { expectedVersion: 'no_stream' });
    const id = stream();
    const error = await store.append(id, [visitRecorded(), { ...visitRecorded(), eventId: taken }], { expectedVersion: 'any' }).then(
      () => expect.fail('a duplicate event id must fail'),
      (e: unknown) => e,
    );
    expect(String(error)).to.match(/UNIQUE.*event_id/);
    expect(await store.streamRevision(id)).to.equal(null);
    const next = await store.append(id, visitBatch(1), { expectedVersion: 'no_stream' });
    expect(next.position).to.equal(2);
  });

  it('lifts events stored under an older schema version when reading', async () => {
    const v1 = defineEvent('Rated', z.object({ stars: z.number() }));
    const v2 = defineEvent('Rated', z.object({ stars: z.number(), tags: z.array(z.string()) }), {
      version: 2,
      upcasters: { 1: (d) => ({ ...(d as object), tags: ['unknown'] }) },
    });
    const old = createSqliteStore({ path, registry: createRegistry([v1]) });
    await old.append('review-1', [{ type: 'Rated', data: { stars: 2 }, metadata: sampleMetadata() }], { expectedVersion: 'no_stream' });
    await old.close();
    const store = createSqliteStore({ path, registry: createRegistry([v2]) });
    stores.push(store);
    await store.append('review-1', [{ type: 'Rated', data: { stars: 5, tags: [] }, metadata: sampleMetadata() }], { expectedVersion: 0 });
    const events = await store.readStream('review-1');
    expect(events.map((e) => [e.schemaVersion, e.data])).to.deep.equal([
      [2, { stars: 2, tags: ['unknown'] }],
      [2, { stars: 5, tags: [] }],
    ]);
    expect((await store.readAll()).map((e) => e.data)).to.deep.equal(events.map((e) => e.data));
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT schema_version FROM events ORDER BY position').pluck().all()).to.deep.equal([1, 2]);
    db.close();
  });

  it('wakes a live subscription on an append in this process, without waiting for the poll', async () => {
    const store = open({ pollIntervalMs: 60_000 });
    const received: number[] = [];
    const subscription = store.subscribe({ after: 0 }, (batch) => {
      received.push(...batch.map((e) => e.position));
    });
    await subscription.caughtUp;
    const started = Date.now();
    await store.append(stream(), visitBatch(2), { expectedVersion: 'no_stream' });
    while (received.length < 2 && Date.now() - started < 1000) await new Promise((r) => setTimeout(r, 1));
    expect(received).to.deep.equal([1, 2]);
    expect(Date.now() - started).to.be.lessThan(200);
    await subscription.stop();
  });

  describe('group commit', () => {
    it('holds appends until their batch commits, then acknowledges each', async () => {
      const store = open({ groupCommit: { maxBatch: 100, maxDelayMs: 40 } });
      const visibleAtAck: number[] = [];
      const appends = Array.from({ length: 5 }, () =>
        store.append(stream(), visitBatch(1), { expectedVersion: 'no_stream' }).then((r) => {
          visibleAtAck.push(rows());
          return r;
        }),
      );
      await new Promise((r) => setTimeout(r, 10));
      expect(rows()).to.equal(0);
      const results = await Promise.all(appends);
      expect(results.map((r) => r.position).sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4, 5]);
      expect(visibleAtAck).to.deep.equal([5, 5, 5, 5, 5]);
    });

    it('commits at most maxBatch appends per transaction without waiting for the delay when full', async () => {
      const store = open({ groupCommit: { maxBatch: 4, maxDelayMs: 5_000 } });
      const visibleAtAck: number[] = [];
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 10 }, () =>
          store.append(stream(), visitBatch(1), { expectedVersion: 'no_stream' }).then(() => visibleAtAck.push(rows())),
        ),
      );
      expect(Date.now() - started).to.be.lessThan(2_000);
      expect(visibleAtAck).to.deep.equal([4, 4, 4, 4, 8, 8, 8, 8, 10, 10]);
    });

    it('fails only the refused appends of a batch and leaves no gap', async () => {
      const store = open({ groupCommit: { maxBatch: 64, maxDelayMs: 5 } });
      const taken = randomUUID();
      const existing = stream();
      await store.append(existing, [{ ...visitRecorded(), eventId: taken }], { expectedVersion: 'no_stream' });
      const commandId = randomUUID();
      const race = stream();
      const settled = await Promise.allSettled([
        store.append(stream(), visitBatch(2), { expectedVersion: 'no_stream' }),
        store.append(existing, visitBatch(1), { expectedVersion: 5 }),
        store.append(stream(), [visitRecorded(), visitRecorded(), { ...visitRecorded(), eventId: taken }], { expectedVersion: 'any' }),
        store.append(race, visitBatch(1), { expectedVersion: 'no_stream' }),
        store.append(race, visitBatch(1), { expectedVersion: 'no_stream' }),
        store.append(stream(), visitBatch(3, commandId), { expectedVersion: 'no_stream', commandId }),
        store.append(stream(), [visitRecorded('')], { expectedVersion: 'any' }),
        store.append(existing, visitBatch(2), { expectedVersion: 0 }),
      ]);
      expect(settled.map((s) => s.status)).to.deep.equal([
        'fulfilled', 'rejected', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled',
      ]);
      expect((settled[1] as PromiseRejectedResult).reason).to.be.instanceOf(ConcurrencyError);
      expect((settled[4] as PromiseRejectedResult).reason).to.be.instanceOf(ConcurrencyError);
      const all = await store.readAll();
      expect(all.map((e) => e.position)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const acked = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.position] : []));
      expect(acked).to.deep.equal([3, 4, 7, 9]);
    });

    it('commits the appends still waiting when the store closes', async () => {
      const store = open({ groupCommit: { maxBatch: 100, maxDelayMs: 5_000 } });
      const id = stream();
      const pending = store.append(id, visitBatch(2), { expectedVersion: 'no_stream' });
      await store.close();
      expect(await pending).to.deep.equal({ nextRevision: 1, position: 2, duplicate: false });
      expect(await open().streamRevision(id)).to.equal(1);
    });
  });
});
