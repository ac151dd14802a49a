import { expect } from 'chai';
import { createEventStoreDbStore } from '../../infra/store/eventstoredb-store.js';
import { StoreUnavailableError } from '../../infra/store/store-errors.js';
import { InvalidEventError } from '../../infra/store/errors.js';
import { eventRegistry } from '../../events/index.js';
import { startEsdbFollower } from '../support/esdb-follower.js';
import { inProcessEsdbStore, realEsdbStore } from '../support/esdb-harness.js';
import type { EsdbTestServer } from '../support/esdb-server.js';
import { startEsdbServer } from '../support/esdb-server.js';
import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../infra/store/port.js';
import { accepted, submitted } from '../support/lifecycle-data.js';
import { meta, projectionHarness } from '../support/projection-harness.js';
import { visitBatch } from '../support/sample-events.js';
import { eventStoreContract } from './event-store-contract.js';

// The contract through the real @eventstore/db-client, against the in-process gRPC server (a fresh one per test).
eventStoreContract('eventstoredb (in-process server)', inProcessEsdbStore());

const REAL = process.env.EVENTSTORE_URL;
if (REAL) eventStoreContract(`eventstoredb (${REAL})`, realEsdbStore(REAL));
else {
  describe('event store contract: eventstoredb on a real server', () => {
    it.skip('needs EVENTSTORE_URL=esdb://host:2113?tls=false (a throwaway node: the suite appends to it)', () => undefined);
  });
}

describe('eventstoredb event store: what the contract does not cover', () => {
  let server: EsdbTestServer;
  beforeEach(async () => {
    server = await startEsdbServer();
  });
  afterEach(() => server.stop());

  const open = (deadlineMs = 2000) => createEventStoreDbStore({ url: server.url, registry: eventRegistry, pollIntervalMs: 50, deadlineMs });

  it('hands out commit positions as they are (ordered, not contiguous), each the position of its event in $all', async () => {
    const store = open();
    try {
      await store.append('application-a', visitBatch(2), { expectedVersion: 'no_stream' });
      await store.append('application-b', visitBatch(1), { expectedVersion: 'no_stream' });
      const log = await store.readAll();
      const commits = server.allEvents().map((e) => Number(e.commit));
      expect(log.map((e) => e.position)).to.deep.equal(commits);
      const steps = commits.slice(1).map((c, i) => c - commits[i]!);
      expect(steps.every((s) => s > 1), 'gaps between positions').to.equal(true);
    } finally {
      await store.close();
    }
  });

  it('keeps command markers and other streams out of the log it reads, and records one marker per command', async () => {
    const store = open();
    try {
      await store.append('application-a', visitBatch(1), { expectedVersion: 'no_stream', commandId: 'c-1' });
      await store.append('application-a', visitBatch(1), { expectedVersion: 0, commandId: 'c-1' });
      const all = server.allEvents().map((e) => e.streamId);
      expect(all).to.deep.equal(['application-a', 'hrss-command-c-1']);
      expect((await store.readAll()).map((e) => e.streamId)).to.deep.equal(['application-a']);
      expect(await store.headPosition()).to.equal(Number(server.allEvents()[0]!.commit));
    } finally {
      await store.close();
    }
  });

  it('refuses an event id that is not a uuid, writing nothing', async () => {
    const store = open();
    try {
      const [event] = visitBatch(1);
      const error = await store.append('application-a', [{ ...event!, eventId: 'not-a-uuid' }], { expectedVersion: 'any' }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(InvalidEventError);
      expect((error as InvalidEventError).issues.map((i) => i.path)).to.deep.equal(['eventId']);
      expect(server.allEvents()).to.deep.equal([]);
    } finally {
      await store.close();
    }
  });

  it('answers StoreUnavailableError while the server answers UNAVAILABLE, and works again after', async () => {
    const store = open();
    try {
      await store.append('application-a', visitBatch(1), { expectedVersion: 'no_stream' });
      server.setUnavailable(true);
      for (const attempt of [
        () => store.append('application-a', visitBatch(1), { expectedVersion: 0 }),
        () => store.readStream('application-a'),
        () => store.readAll(),
        () => store.headPosition(),
        () => store.streamRevision('application-a'),
      ]) {
        expect(await attempt().catch((e: unknown) => e)).to.be.instanceOf(StoreUnavailableError);
      }
      server.setUnavailable(false);
      expect(await store.append('application-a', visitBatch(1), { expectedVersion: 0 })).to.include({ nextRevision: 1, duplicate: false });
      expect(await store.streamRevision('application-a')).to.equal(1);
    } finally {
      await store.close();
    }
  });

  it('follows a leader change: a follower answers NotLeader naming the leader, the call is unavailable once, the next ones go to the leader', async () => {
    const follower = await startEsdbFollower(Number(new URL(server.url.replace('esdb://', 'http://')).port));
    const store = createEventStoreDbStore({ url: follower.url, registry: eventRegistry, pollIntervalMs: 50, deadlineMs: 2000 });
    try {
      const first = await store.append('application-a', visitBatch(1), { expectedVersion: 'no_stream' }).catch((e: unknown) => e);
      expect(first).to.be.instanceOf(StoreUnavailableError);
      expect(follower.calls()).to.be.greaterThan(0);
      // The client reconnected to the leader the follower named: nothing of the refused call was written there.
      expect(server.allEvents()).to.deep.equal([]);
      expect(await store.append('application-a', visitBatch(1), { expectedVersion: 'no_stream' })).to.include({ nextRevision: 0, duplicate: false });
      expect((await store.readStream('application-a')).map((e) => e.revision)).to.deep.equal([0]);
      expect(server.allEvents().map((e) => e.streamId)).to.include('application-a');
    } finally {
      await store.close();
      await follower.stop();
    }
  });

  it('keeps a subscription through an outage and dropped connections: resumed from its checkpoint, nothing lost or repeated', async () => {
    const store = open();
    const writer = open();
    const received: number[] = [];
    const subscription = store.subscribe({ after: 0, batchSize: 3 }, (batch) => {
      received.push(...batch.map((e) => e.position));
    });
    try {
      await writer.append('application-a', visitBatch(4), { expectedVersion: 'no_stream' });
      await subscription.caughtUp;
      server.dropSubscriptions();
      server.setUnavailable(true);
      await new Promise((r) => setTimeout(r, 120));
      server.setUnavailable(false);
      await writer.append('application-b', visitBatch(5), { expectedVersion: 'no_stream' });
      server.dropSubscriptions();
      await writer.append('application-c', visitBatch(2), { expectedVersion: 'no_stream' });
      const log = (await writer.readAll()).map((e) => e.position);
      expect(log).to.have.length(11);
      const deadline = Date.now() + 5000;
      while (received.length < log.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(received).to.deep.equal(log);
    } finally {
      await subscription.stop();
      await store.close();
      await writer.close();
    }
  });

  it('runs the projections on commit positions: a generation switched in behind the live one catches up to the batch and no further', async () => {
    const store = open();
    const h = projectionHarness({ store, batchSize: 4 });
    const seed = async (n: number, day: string): Promise<number> => {
      let position = 0;
      for (let i = 0; i < n; i++) {
        const id = randomUUID();
        const events = [
          { type: 'ApplicationSubmitted', data: submitted({ applicationId: id, submittedOn: day }) },
          { type: 'ApplicationAccepted', data: accepted(day, '2020-12-31') },
        ].map((e) => ({ ...e, metadata: meta(day) }));
        position = (await store.append(`application-${id}`, events, { expectedVersion: 'no_stream' })).position;
      }
      return position;
    };
    try {
      const cut = await seed(5, '2020-06-01');
      const head = await seed(5, '2020-07-01');
      h.runner.start();
      expect(await h.runner.waitForPosition(head, 3_000)).to.equal(true);
      // A rebuild elsewhere that saw the log only up to `cut` when it switched its generation in.
      const shortSighted: EventStore = {
        ...store,
        headPosition: () => Promise.resolve(cut),
        readAll: async (o) => (await store.readAll(o)).filter((e) => e.position <= cut),
      };
      const other = projectionHarness({ store: shortSighted, db: h.db });
      expect((await other.runner.rebuild(['application-status']))[0]).to.include({ generation: 2, position: cut });
      await other.close();
      const last = await seed(3, '2020-08-03');
      expect(await h.runner.waitForPosition(last, 3_000)).to.equal(true);
      const checkpoints = h.runner.checkpoints();
      expect(checkpoints['application-status']).to.equal(last);
      expect(h.readModels.applicationsOfApplicant('applicant-1', '2020-08-31')).to.have.length(13);
    } finally {
      await h.close();
      await store.close();
    }
  });
});
