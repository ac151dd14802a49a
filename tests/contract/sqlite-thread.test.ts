import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import { ConcurrencyError, InvalidEventError } from '../../infra/store/errors.js';
import { openEventStore } from '../../infra/store/open-event-store.js';
import type { EventStore } from '../../infra/store/port.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { createSqliteThreadStore } from '../../infra/store/sqlite-thread-store.js';
import { CommandReuseError, StoreClosedError } from '../../infra/store/store-errors.js';
import { visitBatch, visitRecorded } from '../support/sample-events.js';
import { committedEvents, tempDir } from '../support/sqlite-harness.js';
import { storeOnSharedStorage } from '../support/store-under-test.js';
import { eventStoreContract } from './event-store-contract.js';

// The embedded store with its appends on a writer thread (issue 20): the same contract as the store itself.
eventStoreContract('sqlite file, writer thread', () => {
  const { dir, remove } = tempDir();
  const path = join(dir, 'events.db');
  return Promise.resolve(storeOnSharedStorage(() => createSqliteThreadStore({ path, registry: eventRegistry, pollIntervalMs: 50, groupCommit: true }), remove, true));
});

describe('sqlite event store with a writer thread', () => {
  let temp: ReturnType<typeof tempDir>;
  let path: string;
  const stores: EventStore[] = [];
  const open = (groupCommit: boolean | { maxBatch: number; maxDelayMs: number } = true): EventStore => {
    const store = createSqliteThreadStore({ path, registry: eventRegistry, pollIntervalMs: 60_000, groupCommit });
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

  it('acknowledges an append only once it is committed', async () => {
    const store = open({ maxBatch: 100, maxDelayMs: 30 });
    const atAck: { position: number; visible: number }[] = [];
    const results = await Promise.all(
      Array.from({ length: 5 }, () => store.append(stream(), visitBatch(2), { expectedVersion: 'no_stream' }).then((r) => (atAck.push({ position: r.position, visible: rows() }), r))),
    );
    expect(results.map((r) => r.position).sort((a, b) => a - b)).to.deep.equal([2, 4, 6, 8, 10]);
    // When each acknowledgement arrived, another connection (another process) already read its events.
    for (const { position, visible } of atAck) expect(visible, `the append reaching ${position}`).to.be.at.least(position);
    expect(rows()).to.equal(10);
  });

  it('refuses with the same error classes as the store in this thread', async () => {
    const store = open();
    const id = stream();
    const commandId = randomUUID();
    await store.append(id, visitBatch(1, commandId), { expectedVersion: 'no_stream', commandId });
    const conflict = await store.append(id, visitBatch(1), { expectedVersion: 5 }).catch((e: unknown) => e);
    expect(conflict).to.be.instanceOf(ConcurrencyError).and.include({ streamId: id, expected: 5, actual: 0 });
    const reused = await store.append(stream(), visitBatch(1, commandId), { expectedVersion: 'any', commandId }).catch((e: unknown) => e);
    expect(reused).to.be.instanceOf(CommandReuseError).and.include({ commandId, originalStreamId: id });
    const invalid = await store.append(stream(), [visitRecorded('')], { expectedVersion: 'any' }).catch((e: unknown) => e);
    expect(invalid).to.be.instanceOf(InvalidEventError).and.include({ eventType: 'VisitRecorded', index: 0 });
    const taken = (await store.readAll())[0]!.eventId;
    const duplicate = await store.append(stream(), [{ ...visitRecorded(), eventId: taken }], { expectedVersion: 'any' }).catch((e: unknown) => e);
    expect(String(duplicate)).to.match(/UNIQUE.*event_id/);
    expect(rows()).to.equal(1);
  });

  it('wakes a live subscription on an append of its writer thread, without waiting for the poll', async () => {
    const store = open();
    const received: number[] = [];
    const subscription = store.subscribe({ after: 0 }, (batch) => void received.push(...batch.map((e) => e.position)));
    await subscription.caughtUp;
    await store.append(stream(), visitBatch(2), { expectedVersion: 'no_stream' });
    // The poll is a minute away: only the writer's answer can have woken it.
    for (let i = 0; i < 500 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 2));
    expect(received).to.deep.equal([1, 2]);
    await subscription.stop();
  });

  it('commits every append already sent when it closes (what SIGTERM runs), then refuses new ones', async () => {
    const store = open({ maxBatch: 100, maxDelayMs: 5_000 });
    const ids = Array.from({ length: 20 }, stream);
    const pending = ids.map((id) => store.append(id, visitBatch(2), { expectedVersion: 'no_stream' }));
    await store.close();
    const results = await Promise.all(pending);
    expect(results.map((r) => r.position).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 20 }, (_, i) => 2 * (i + 1)));
    expect(await store.append(stream(), visitBatch(1), { expectedVersion: 'any' }).catch((e: unknown) => e)).to.be.instanceOf(StoreClosedError);
    const again = createSqliteStore({ path, registry: eventRegistry });
    try {
      for (const id of ids) expect(await again.streamRevision(id)).to.equal(1);
    } finally {
      await again.close();
    }
  });

  it('is what the factory opens for a file when the writer thread is asked for, and not for :memory:', async () => {
    const threaded = openEventStore({ backend: 'sqlite', eventsPath: path, writerThread: true });
    stores.push(threaded);
    await threaded.append(stream(), visitBatch(1), { expectedVersion: 'no_stream' });
    expect(rows()).to.equal(1);
    const memory = openEventStore({ backend: 'sqlite', eventsPath: ':memory:', writerThread: true });
    stores.push(memory);
    expect((await memory.append(stream(), visitBatch(1), { expectedVersion: 'no_stream' })).position).to.equal(1);
    expect(rows(), 'the :memory: store wrote nothing to the file').to.equal(1);
  });
});
