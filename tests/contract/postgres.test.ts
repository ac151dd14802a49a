import { expect } from 'chai';
import { describePostgres, postgresStore } from '../support/postgres-harness.js';
import { visitBatch } from '../support/sample-events.js';
import { eventStoreContract } from './event-store-contract.js';

// The same contract as SQLite's, on a real PostgreSQL server (a database per test, dropped after).
await describePostgres('postgres event store', () => {
  eventStoreContract('postgres', postgresStore());
  eventStoreContract('postgres, one append per transaction', postgresStore({ maxBatch: 1 }));

  it('takes stream and command ids with quotes and backslashes as they are (its look-up writes them as escaped literals)', async () => {
    const sut = await postgresStore()();
    try {
      const stream = "application-o'brien\\\\x'); DROP TABLE events; --";
      const commandId = "c'1\\\\'; SELECT 1; --";
      const first = await sut.store.append(stream, visitBatch(2), { expectedVersion: 'no_stream', commandId });
      const retry = await sut.store.append(stream, visitBatch(2), { expectedVersion: 'no_stream', commandId });
      expect(retry).to.deep.equal({ ...first, duplicate: true });
      await sut.store.append(stream, visitBatch(1), { expectedVersion: 1 });
      expect((await sut.store.readStream(stream)).map((e) => [e.streamId, e.revision])).to.deep.equal([
        [stream, 0],
        [stream, 1],
        [stream, 2],
      ]);
      expect(await sut.store.streamRevision(stream)).to.equal(2);
    } finally {
      await sut.dispose();
    }
  });
});
