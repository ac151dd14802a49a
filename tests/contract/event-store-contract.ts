import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ConcurrencyError, InvalidEventError } from '../../infra/store/errors.js';
import type { EventStore, ExpectedVersion, RecordedEvent } from '../../infra/store/port.js';
import { CommandReuseError, StoreClosedError } from '../../infra/store/store-errors.js';
import { verifyLog } from '../../infra/store/log-verify.js';
import { eventRegistry } from '../../events/index.js';
import { applicationSubmitted, sampleMetadata, visitBatch, visitRecorded } from '../support/sample-events.js';

/** A fresh, empty store and the ways to reach its storage again. */
export interface StoreUnderTest {
  store: EventStore;
  /** Closes `store` and opens the same storage anew, as after a restart. Absent when the storage dies with the store. */
  reopen?: () => Promise<EventStore>;
  /** A second client of the same storage, as another process or API instance would be. */
  connectAnother?: () => Promise<EventStore>;
  /** Closes every store it opened and removes the storage. */
  dispose: () => Promise<void>;
  /**
   * Whether positions are 1..N without a gap (SQLite, PostgreSQL). Every backend's are strictly increasing in
   * commit order; EventStoreDB's are `$all` commit positions, which skip.
   */
  gapFree: boolean;
}

export type StoreFactory = () => Promise<StoreUnderTest>;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(Error);
    return error as Error;
  }
  expect.fail('expected a rejection');
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) expect.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const positions = (events: readonly RecordedEvent[]): number[] => events.map((e) => e.position);
const streamId = (): string => `application-${randomUUID()}`;

/** The event store contract (DESIGN.md §3): every backend passes this one suite. */
export function eventStoreContract(name: string, factory: StoreFactory): void {
  describe(`event store contract: ${name}`, () => {
    let sut: StoreUnderTest;
    let store: EventStore;
    beforeEach(async () => {
      sut = await factory();
      store = sut.store;
    });
    afterEach(async () => {
      await sut.dispose();
    });

    /** A second client when the backend has one, else the same store. */
    const another = async (): Promise<EventStore> => (sut.connectAnother ? sut.connectAnother() : store);

    /** The positions of the whole log, checked: strictly increasing, and 1..N on a gap-free backend. */
    const logPositions = async (from: EventStore = store): Promise<number[]> => {
      const log = positions(await from.readAll());
      log.forEach((p, i) => expect(p, `position #${i + 1}`).to.be.greaterThan(i === 0 ? 0 : log[i - 1]!));
      if (sut.gapFree) expect(log).to.deep.equal(range(1, log.length));
      return log;
    };
    /** The position of the n-th event (1-based) of the log. */
    const nth = async (n: number, from: EventStore = store): Promise<number> => {
      const log = await logPositions(from);
      expect(log.length, `an event #${n} in the log`).to.be.at.least(n);
      return log[n - 1]!;
    };

    describe('expected version', () => {
      const existingRevision = 1;
      const cases: { expected: ExpectedVersion; exists: boolean; ok: boolean }[] = [
        { expected: 'any', exists: false, ok: true },
        { expected: 'any', exists: true, ok: true },
        { expected: 'no_stream', exists: false, ok: true },
        { expected: 'no_stream', exists: true, ok: false },
        { expected: 'stream_exists', exists: false, ok: false },
        { expected: 'stream_exists', exists: true, ok: true },
        { expected: existingRevision, exists: true, ok: true },
        { expected: 0, exists: true, ok: false },
        { expected: 5, exists: true, ok: false },
        { expected: 0, exists: false, ok: false },
      ];
      for (const c of cases) {
        it(`${String(c.expected)} on ${c.exists ? 'a stream at revision 1' : 'no stream'} ${c.ok ? 'appends' : 'is a conflict'}`, async () => {
          const id = streamId();
          if (c.exists) await store.append(id, visitBatch(2), { expectedVersion: 'no_stream' });
          const before = await store.headPosition();
          const actual = c.exists ? existingRevision : null;
          const append = store.append(id, [visitRecorded()], { expectedVersion: c.expected });
          if (c.ok) {
            const result = await append;
            const revision = actual === null ? 0 : actual + 1;
            const log = await logPositions();
            expect(result).to.deep.equal({ nextRevision: revision, position: log.at(-1), duplicate: false });
            expect(result.position).to.be.greaterThan(before);
            if (sut.gapFree) expect(result.position).to.equal(before + 1);
            expect(await store.streamRevision(id)).to.equal(revision);
          } else {
            const error = await rejection(append);
            expect(error).to.be.instanceOf(ConcurrencyError);
            expect(error).to.include({ streamId: id, expected: c.expected, actual });
            expect(await store.headPosition()).to.equal(before);
            expect(await store.streamRevision(id)).to.equal(actual);
          }
        });
      }

      it('checks the expected version against what another client appended', async () => {
        const other = await another();
        const id = streamId();
        await store.append(id, visitBatch(1), { expectedVersion: 'no_stream' });
        await other.append(id, visitBatch(1), { expectedVersion: 0 });
        const error = await rejection(store.append(id, visitBatch(1), { expectedVersion: 0 }));
        expect(error).to.be.instanceOf(ConcurrencyError);
        expect(error).to.include({ expected: 0, actual: 1 });
        expect(await store.append(id, visitBatch(1), { expectedVersion: 1 })).to.include({ nextRevision: 2, position: await nth(3) });
        await rejection(other.append(id, visitBatch(1), { expectedVersion: 1 }));
        expect(await other.append(id, visitBatch(1), { expectedVersion: 'any' })).to.include({ nextRevision: 3, position: await nth(4) });
      });

      it('lets exactly one of two racing creators of a stream win', async () => {
        const other = await another();
        const races = range(1, 10).map(async () => {
          const id = streamId();
          const [a, b] = [visitBatch(2), visitBatch(3)];
          const settled = await Promise.allSettled([
            store.append(id, a, { expectedVersion: 'no_stream' }),
            other.append(id, b, { expectedVersion: 'no_stream' }),
          ]);
          const won = settled.filter((s) => s.status === 'fulfilled');
          const lost = settled.filter((s) => s.status === 'rejected');
          expect(won).to.have.length(1);
          expect(lost).to.have.length(1);
          const winner = settled[0].status === 'fulfilled' ? a : b;
          const reason: unknown = lost[0]!.reason;
          expect(reason).to.be.instanceOf(ConcurrencyError);
          expect(reason).to.include({ expected: 'no_stream', actual: winner.length - 1 });
          const stored = await store.readStream(id);
          expect(stored.map((e) => e.metadata.commandId)).to.deep.equal(winner.map((e) => e.metadata.commandId));
        });
        await Promise.all(races);
      });
    });

    describe('atomicity and validation', () => {
      it('writes nothing of an append whose third event is invalid', async () => {
        const id = streamId();
        const events = [visitRecorded(), visitRecorded(), visitRecorded('')];
        const error = await rejection(store.append(id, events, { expectedVersion: 'any' }));
        expect(error).to.be.instanceOf(InvalidEventError);
        expect(error).to.include({ eventType: 'VisitRecorded', index: 2 });
        expect(await store.streamRevision(id)).to.equal(null);
        expect(await store.headPosition()).to.equal(0);

        await store.append(id, visitBatch(2), { expectedVersion: 'no_stream' });
        await rejection(store.append(id, [visitRecorded(), { ...visitRecorded(), type: 'NoSuchEvent' }], { expectedVersion: 1 }));
        expect(await logPositions()).to.have.length(2);
      });

      it('rejects invalid event data with the zod issues and writes nothing', async () => {
        const id = streamId();
        const bad = { ...visitRecorded(), data: { hall: '', purpose: 'dance', visitedOn: '2020-13-01' } };
        const error = await rejection(store.append(id, [bad], { expectedVersion: 'any' }));
        expect(error).to.be.instanceOf(InvalidEventError);
        const issues = (error as InvalidEventError).issues;
        expect(issues.map((i) => i.path).sort()).to.deep.equal(['hall', 'purpose', 'visitedOn']);
        expect(issues.every((i) => i.message.length > 0)).to.equal(true);
        const submitted = applicationSubmitted();
        const missing = { ...submitted, data: { ...(submitted.data as object), applicationId: 'not-a-uuid' } };
        const second = await rejection(store.append(id, [missing], { expectedVersion: 'any' }));
        expect((second as InvalidEventError).issues.map((i) => i.path)).to.deep.equal(['applicationId']);
        expect(await store.headPosition()).to.equal(0);
      });

      it('rejects unknown event types and metadata without the +08:00 instant', async () => {
        const id = streamId();
        const unknown = await rejection(store.append(id, [{ ...visitRecorded(), type: 'Teleported' }], { expectedVersion: 'any' }));
        expect(unknown).to.be.instanceOf(InvalidEventError);
        expect((unknown as InvalidEventError).issues.map((i) => i.path)).to.deep.equal(['type']);
        const utc = visitRecorded('hall', sampleMetadata({ occurredAt: '2020-10-09T01:30:00.000Z' }));
        const badTime = await rejection(store.append(id, [utc], { expectedVersion: 'any' }));
        expect((badTime as InvalidEventError).issues.map((i) => i.path)).to.deep.equal(['metadata.occurredAt']);
        expect(await store.streamRevision(id)).to.equal(null);
      });
    });

    describe('reading back', () => {
      it('returns the data and metadata exactly as appended', async () => {
        const id = streamId();
        const submitted = { ...applicationSubmitted(), eventId: randomUUID() };
        const visit = visitRecorded('南海区行政服务中心');
        await store.append(id, [submitted, visit], { expectedVersion: 'no_stream' });
        const [first, second] = await store.readStream(id);
        expect(first).to.deep.equal({
          eventId: submitted.eventId,
          streamId: id,
          revision: 0,
          position: await nth(1),
          type: 'ApplicationSubmitted',
          schemaVersion: 1,
          data: submitted.data,
          metadata: submitted.metadata,
        });
        expect(second).to.include({ streamId: id, revision: 1, position: await nth(2), type: 'VisitRecorded', schemaVersion: 1 });
        expect(second!.eventId).to.match(/^[0-9a-f-]{36}$/);
        expect(second!.data).to.deep.equal(visit.data);
        expect(second!.metadata).to.deep.equal(visit.metadata);
        expect(await store.readAll()).to.deep.equal([first, second]);
      });

      it('reads a stream from a revision, with a limit, and reads a stream that has no events (no stream) as an empty list', async () => {
        const id = streamId();
        const other = streamId();
        await store.append(id, visitBatch(2), { expectedVersion: 'no_stream' });
        await store.append(other, visitBatch(1), { expectedVersion: 'no_stream' });
        await store.append(id, visitBatch(3), { expectedVersion: 1 });
        const revisions = async (options: { fromRevision?: number; limit?: number }): Promise<number[]> =>
          (await store.readStream(id, options)).map((e) => e.revision);
        expect(await revisions({})).to.deep.equal([0, 1, 2, 3, 4]);
        expect(await revisions({ fromRevision: 2 })).to.deep.equal([2, 3, 4]);
        expect(await revisions({ limit: 2 })).to.deep.equal([0, 1]);
        expect(await revisions({ fromRevision: 3, limit: 1 })).to.deep.equal([3]);
        expect(await revisions({ fromRevision: 5 })).to.deep.equal([]);
        expect((await store.readStream(id)).every((e) => e.streamId === id)).to.equal(true);
        // No stream (never written) reads as an empty list; its revision says it does not exist.
        const missing = streamId();
        expect(await store.readStream(missing)).to.deep.equal([]);
        expect(await store.readStream(missing, { fromRevision: 3, limit: 1 })).to.deep.equal([]);
        expect(await store.streamRevision(missing)).to.equal(null);
      });

      it('reads the global log after a position, with a limit, and knows its head', async () => {
        expect(await store.headPosition()).to.equal(0);
        expect(await store.readAll()).to.deep.equal([]);
        const ids = [streamId(), streamId(), streamId()];
        for (let round = 0; round < 3; round++) {
          for (const id of ids) await store.append(id, visitBatch(1), { expectedVersion: round === 0 ? 'no_stream' : round - 1 });
        }
        const log = await logPositions();
        expect(log).to.have.length(9);
        expect(positions(await store.readAll({ after: log[3]!, limit: 3 }))).to.deep.equal(log.slice(4, 7));
        // After a position between two events (where a gap-free log has none, the next one's predecessor).
        expect(positions(await store.readAll({ after: log[4]! - 1, limit: 2 }))).to.deep.equal(log.slice(4, 6));
        expect(await store.readAll({ after: log[8]! })).to.deep.equal([]);
        const paged: RecordedEvent[] = [];
        for (let batch = await store.readAll({ limit: 4 }); batch.length > 0; batch = await store.readAll({ after: paged.at(-1)!.position, limit: 4 })) {
          paged.push(...batch);
        }
        expect(paged).to.deep.equal(await store.readAll());
        expect(await store.headPosition()).to.equal(log[8]);
        expect(await store.streamRevision(ids[0]!)).to.equal(2);
      });

      it('reads the same events when told to parse metadata lazily, metadata included', async () => {
        const id = streamId();
        await store.append(id, visitBatch(3), { expectedVersion: 'no_stream' });
        const eager = await store.readAll();
        const lazy = await store.readAll({ lazyMetadata: true });
        expect(lazy).to.have.length(eager.length);
        // Field by field: a lazy event's metadata is an accessor, which deep equality of whole objects skips.
        lazy.forEach((event, i) => {
          const { metadata, ...fields } = eager[i]!;
          for (const [key, value] of Object.entries(fields)) expect(event[key as keyof RecordedEvent], key).to.deep.equal(value);
          expect(event.metadata).to.deep.equal(metadata);
          expect(event.metadata, 'parsed once').to.equal(event.metadata);
        });
      });
    });

    describe('global order', () => {
      it('numbers concurrent appends in commit order (1..N without a gap where gap-free), each stream revision after revision', async () => {
        const other = await another();
        const streams = range(1, 8).map(() => streamId());
        const results = new Map<string, { nextRevision: number; position: number }[]>();
        const seen: number[] = [];
        const subscription = store.subscribe({ after: 0, batchSize: 5 }, (batch) => {
          seen.push(...positions(batch));
        });
        await Promise.all(
          streams.map(async (id, s) => {
            const client = s % 2 === 0 ? store : other;
            let expected: ExpectedVersion = 'no_stream';
            for (let i = 0; i < 12; i++) {
              const result = await client.append(id, visitBatch(1 + ((i + s) % 3)), { expectedVersion: expected });
              results.set(id, [...(results.get(id) ?? []), result]);
              expected = result.nextRevision;
            }
          }),
        );
        const all = await store.readAll();
        const total = all.length;
        const log = await logPositions();
        expect(positions(all)).to.deep.equal(log);
        for (const id of streams) {
          const stream = all.filter((e) => e.streamId === id);
          expect(stream.map((e) => e.revision)).to.deep.equal(range(0, stream.length - 1));
          const last = results.get(id)!.map((r) => r.position);
          expect(last).to.deep.equal([...last].sort((a, b) => a - b));
          expect(stream.at(-1)!.position).to.equal(last.at(-1));
        }
        await until(() => seen.length >= total, 'the live subscriber');
        await subscription.stop();
        expect(seen).to.deep.equal(log);
      });
    });

    describe('tamper evidence (issue 18)', () => {
      it('hashes every event onto its predecessor across two clients, refusals, a failed append and a retried command: the log verifies', async () => {
        const other = await another();
        const streams = range(1, 6).map(() => streamId());
        await Promise.all(
          streams.map(async (id, s) => {
            const client = s % 2 === 0 ? store : other;
            let expected: ExpectedVersion = 'no_stream';
            for (let i = 0; i < 6; i++) expected = (await client.append(id, visitBatch(1 + (i % 2)), { expectedVersion: expected, commandId: `${id}/${i}` })).nextRevision;
          }),
        );
        await rejection(store.append(streams[0]!, visitBatch(1), { expectedVersion: 0 }));
        await store.append(streams[1]!, visitBatch(1), { expectedVersion: 'any', commandId: `${streams[1]}/0` });
        if (sut.gapFree) {
          // A duplicate event id fails the append after its first event was written: that one is given back.
          const [taken] = (await store.readAll({ limit: 1 })).map((e) => e.eventId);
          await rejection(store.append(streams[2]!, [visitRecorded(), { ...visitRecorded(), eventId: taken! }], { expectedVersion: 'any' }));
        }
        await other.append(streams[3]!, visitBatch(2), { expectedVersion: 'any' });
        const records = await store.readRecords();
        expect(records.map((r) => r.position)).to.deep.equal(await logPositions());
        expect(records.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).to.equal(true);
        const result = await verifyLog(store, { registry: eventRegistry });
        expect(result.problems).to.deep.equal([]);
        expect(result.events).to.equal(records.length);
      });
    });

    describe('idempotent commands', () => {
      it('answers a retried command with the first result and appends nothing twice', async () => {
        const id = streamId();
        const commandId = randomUUID();
        const events = visitBatch(2, commandId);
        const first = await store.append(id, events, { expectedVersion: 'no_stream', commandId });
        expect(first).to.deep.equal({ nextRevision: 1, position: await nth(2), duplicate: false });
        const retry = await store.append(id, events, { expectedVersion: 'no_stream', commandId });
        expect(retry).to.deep.equal({ ...first, duplicate: true });
        await store.append(id, visitBatch(1), { expectedVersion: 1 });
        const late = await store.append(id, events, { expectedVersion: 'no_stream', commandId });
        expect(late).to.deep.equal({ ...first, duplicate: true });
        expect(await store.readStream(id)).to.have.length(3);
        expect(await logPositions()).to.have.length(3);
        expect(await store.headPosition()).to.equal(await nth(3));
      });

      it('appends a command once when its retries race', async () => {
        const other = await another();
        const id = streamId();
        const commandId = randomUUID();
        const events = visitBatch(3, commandId);
        const results = await Promise.all([
          store.append(id, events, { expectedVersion: 'no_stream', commandId }),
          other.append(id, events, { expectedVersion: 'no_stream', commandId }),
          store.append(id, events, { expectedVersion: 'no_stream', commandId }),
        ]);
        expect(results.filter((r) => !r.duplicate)).to.have.length(1);
        for (const r of results) expect(r).to.include({ nextRevision: 2, position: await nth(3) });
        expect(await store.readStream(id)).to.have.length(3);
      });

      it('does not spend a command id on a refused append, nor answer it for another stream', async () => {
        const id = streamId();
        const commandId = randomUUID();
        await store.append(id, visitBatch(1), { expectedVersion: 'no_stream' });
        await rejection(store.append(id, visitBatch(1, commandId), { expectedVersion: 'no_stream', commandId }));
        const accepted = await store.append(id, visitBatch(1, commandId), { expectedVersion: 0, commandId });
        expect(accepted).to.deep.equal({ nextRevision: 1, position: await nth(2), duplicate: false });
        const elsewhere = streamId();
        const reused = await rejection(store.append(elsewhere, visitBatch(1, commandId), { expectedVersion: 'any', commandId }));
        expect(reused).to.be.instanceOf(CommandReuseError);
        expect(reused).to.include({ commandId, streamId: elsewhere, originalStreamId: id });
        expect(await store.streamRevision(elsewhere)).to.equal(null);
        expect(await logPositions()).to.have.length(2);
        expect(await store.headPosition()).to.equal(await nth(2));
      });
    });

    describe('subscriptions', () => {
      async function appendVisits(target: EventStore, count: number): Promise<void> {
        for (let i = 0; i < count; i++) await target.append(streamId(), visitBatch(1 + (i % 2)), { expectedVersion: 'no_stream' });
      }

      it('catches up in ordered batches, then delivers live appends, one batch at a time', async () => {
        await appendVisits(store, 12);
        const head = await store.headPosition();
        const batches: number[][] = [];
        let inFlight = 0;
        let overlapped = false;
        const subscription = store.subscribe({ after: 0, batchSize: 7 }, async (batch) => {
          inFlight++;
          overlapped ||= inFlight > 1;
          await new Promise((r) => setTimeout(r, 1));
          batches.push(positions(batch));
          inFlight--;
        });
        await subscription.caughtUp;
        expect(batches.flat()).to.deep.equal(await logPositions());
        expect(batches.flat().at(-1)).to.equal(head);
        expect(subscription.checkpoint()).to.equal(head);
        await Promise.all([appendVisits(store, 10), appendVisits(store, 10)]);
        const newHead = await store.headPosition();
        await until(() => subscription.checkpoint() === newHead, 'live delivery');
        await subscription.stop();
        const log = await logPositions();
        expect(batches.flat()).to.deep.equal(log);
        expect(log.at(-1)).to.equal(newHead);
        expect(batches.every((b) => b.length >= 1 && b.length <= 7)).to.equal(true);
        expect(overlapped).to.equal(false);
        await appendVisits(store, 1);
        await new Promise((r) => setTimeout(r, 20));
        expect(batches.flat().length).to.equal(log.length);
      });

      it('resumes from a checkpoint after a restart with no gap and no duplicate', async () => {
        await appendVisits(store, 15);
        const received: number[] = [];
        const first = store.subscribe({ after: 0, batchSize: 4 }, (batch) => {
          received.push(...positions(batch));
        });
        await until(() => received.length >= 8, 'the first batches');
        await first.stop();
        const checkpoint = first.checkpoint();
        expect(received).to.deep.equal((await logPositions()).filter((p) => p <= checkpoint));
        expect(received.at(-1)).to.equal(checkpoint);

        const restarted = sut.reopen ? await sut.reopen() : store;
        await appendVisits(restarted, 6);
        const head = await restarted.headPosition();
        const second = restarted.subscribe({ after: checkpoint, batchSize: 4 }, (batch) => {
          received.push(...positions(batch));
        });
        await second.caughtUp;
        await appendVisits(restarted, 3);
        const finalHead = await restarted.headPosition();
        expect(finalHead).to.be.greaterThan(head);
        await until(() => second.checkpoint() === finalHead, 'live delivery after the restart');
        await second.stop();
        const log = await logPositions(restarted);
        expect(received).to.deep.equal(log);
        expect(log.at(-1)).to.equal(finalHead);
      });

      it('sees appends of another client of the same storage', async () => {
        const other = await another();
        const received: number[] = [];
        const subscription = store.subscribe({ after: 0 }, (batch) => {
          received.push(...positions(batch));
        });
        await subscription.caughtUp;
        await appendVisits(other, 3);
        const head = await other.headPosition();
        await until(() => received.at(-1) === head, 'appends of the other client');
        await subscription.stop();
        expect(received).to.deep.equal(await logPositions(other));
      });

      it('ends with the handler error and keeps the checkpoint before the failed batch', async () => {
        await appendVisits(store, 4);
        const [, second, third] = await logPositions();
        const boom = new Error('projection failed');
        const subscription = store.subscribe({ after: 0, batchSize: 1 }, (batch) => {
          if (batch[0]!.position === third) throw boom;
        });
        expect(await rejection(subscription.done)).to.equal(boom);
        expect(await rejection(subscription.caughtUp)).to.equal(boom);
        expect(subscription.checkpoint()).to.equal(second);
        expect(await rejection(subscription.stop())).to.equal(boom);
      });

      it('finishes the batch in hand when stopped, then delivers nothing more', async () => {
        await appendVisits(store, 3);
        let release: (() => void) | undefined;
        const handled: number[] = [];
        const subscription = store.subscribe({ after: 0, batchSize: 2 }, async (batch) => {
          await new Promise<void>((r) => (release = r));
          handled.push(...positions(batch));
        });
        await until(() => release !== undefined, 'the first batch to arrive');
        const stopped = subscription.stop();
        release!();
        await stopped;
        const log = await logPositions();
        expect(handled).to.deep.equal(log.slice(0, 2));
        expect(subscription.checkpoint()).to.equal(log[1]);
        await subscription.done;
      });

      it('starts live at the head and ends when the store closes', async () => {
        await appendVisits(store, 2);
        const head = await store.headPosition();
        const received: number[] = [];
        const subscription = store.subscribe({ after: head }, (batch) => {
          received.push(...positions(batch));
        });
        await subscription.caughtUp;
        expect(received).to.deep.equal([]);
        await appendVisits(store, 1);
        await until(() => received.length === 1, 'the live event');
        expect(received).to.deep.equal([(await logPositions()).at(-1)]);
        expect(received[0]).to.be.greaterThan(head);
        await store.close();
        expect(await rejection(subscription.done)).to.be.instanceOf(StoreClosedError);
        expect(await rejection(store.append(streamId(), visitBatch(1), { expectedVersion: 'any' }))).to.be.instanceOf(StoreClosedError);
        expect(await rejection(store.readAll())).to.be.instanceOf(StoreClosedError);
      });
    });
  });
}
