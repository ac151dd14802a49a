import { expect } from 'chai';
import type { RecordedEvent } from '../../infra/store/port.js';
import { startSubscription, SubscriptionStoppedError } from '../../infra/store/subscription.js';
import type { SubscriptionSource } from '../../infra/store/subscription.js';
import { sampleMetadata } from '../support/sample-events.js';

/** An in-memory log; `append` announces unless told to stay silent (a writer in another process). */
function fakeLog() {
  const events: RecordedEvent[] = [];
  const listeners = new Set<() => void>();
  let reads = 0;
  let duringRead: (() => void) | undefined;
  const source: SubscriptionSource = {
    readAfter(after, limit) {
      reads++;
      const snapshot = events.filter((e) => e.position > after).slice(0, limit);
      duringRead?.();
      return Promise.resolve(snapshot);
    },
    onAppended(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const append = (count: number, announce = true): void => {
    for (let i = 0; i < count; i++) {
      const position = events.length + 1;
      events.push({
        eventId: `e${position}`, streamId: 's', revision: position - 1, position, type: 'VisitRecorded', schemaVersion: 1,
        data: {}, metadata: sampleMetadata(),
      });
    }
    if (announce) for (const l of listeners) l();
  };
  return {
    source,
    events,
    append,
    reads: () => reads,
    listeners: () => listeners.size,
    onNextRead: (f: () => void) => {
      duringRead = () => {
        duringRead = undefined;
        f();
      };
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('subscription (catch-up, then live)', () => {
  it('does not poll in a hot loop while idle', async () => {
    const log = fakeLog();
    const sub = startSubscription(log.source, { after: 0 }, () => undefined, { pollIntervalMs: 1_000, defaultBatchSize: 10 });
    await sub.caughtUp;
    await sleep(150);
    expect(log.reads()).to.equal(1);
    await sub.stop();
    expect(log.listeners()).to.equal(0);
  });

  it('is woken by an announced append and finds a silent one by the slow poll', async () => {
    const log = fakeLog();
    const seen: number[] = [];
    const sub = startSubscription(log.source, { after: 0 }, (b) => void seen.push(...b.map((e) => e.position)), {
      pollIntervalMs: 80,
      defaultBatchSize: 10,
    });
    await sub.caughtUp;
    log.append(2);
    await sleep(10);
    expect(seen).to.deep.equal([1, 2]);
    log.append(1, false);
    await sleep(10);
    expect(seen).to.deep.equal([1, 2]);
    await sleep(120);
    expect(seen).to.deep.equal([1, 2, 3]);
    await sub.stop();
  });

  it('does not sleep through an append announced while it was reading', async () => {
    const log = fakeLog();
    const seen: number[] = [];
    const sub = startSubscription(log.source, { after: 0 }, (b) => void seen.push(...b.map((e) => e.position)), {
      pollIntervalMs: 60_000,
      defaultBatchSize: 10,
    });
    await sub.caughtUp;
    // The read that answers the first announcement comes back empty; the second announcement lands during it.
    log.onNextRead(() => log.append(1));
    log.append(0);
    await sleep(20);
    expect(seen).to.deep.equal([1]);
    await sub.stop();
  });

  it('delivers in batches of the asked size from the checkpoint', async () => {
    const log = fakeLog();
    log.append(10);
    const batches: number[][] = [];
    const sub = startSubscription(log.source, { after: 3, batchSize: 3 }, (b) => void batches.push(b.map((e) => e.position)), {
      pollIntervalMs: 1_000,
      defaultBatchSize: 100,
    });
    await sub.caughtUp;
    await sub.stop();
    expect(batches).to.deep.equal([[4, 5, 6], [7, 8, 9], [10]]);
  });

  it('ends with an error when the source goes backwards', async () => {
    const log = fakeLog();
    log.append(3);
    const sub = startSubscription(log.source, { after: 0 }, () => undefined, { pollIntervalMs: 1_000, defaultBatchSize: 10 });
    await sub.caughtUp;
    log.events.push({ ...log.events[0]!, position: 4 }, { ...log.events[1]!, position: 4 });
    log.append(0);
    const error = await sub.done.then(() => undefined, (e: unknown) => e);
    expect(String(error)).to.match(/out of order/);
  });

  it('tells a caller still waiting to catch up that it stopped first', async () => {
    const log = fakeLog();
    log.append(5);
    let release: () => void = () => undefined;
    const sub = startSubscription(log.source, { after: 0, batchSize: 1 }, () => new Promise<void>((r) => (release = r)), {
      pollIntervalMs: 1_000,
      defaultBatchSize: 10,
    });
    await sleep(5);
    const stopped = sub.stop();
    release();
    await stopped;
    const error = await sub.caughtUp.then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(SubscriptionStoppedError);
    expect(sub.checkpoint()).to.equal(1);
  });

  it('refuses a bad checkpoint or batch size', () => {
    const log = fakeLog();
    const timing = { pollIntervalMs: 1_000, defaultBatchSize: 10 };
    expect(() => startSubscription(log.source, { after: -1 }, () => undefined, timing)).to.throw(RangeError);
    expect(() => startSubscription(log.source, { after: 0, batchSize: 0 }, () => undefined, timing)).to.throw(RangeError);
  });
});
