import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import { ConcurrencyError } from '../../infra/store/errors.js';
import type { AppendResult, EventStore } from '../../infra/store/port.js';
import { CommandReuseError } from '../../infra/store/store-errors.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { visitBatch, visitRecorded } from '../support/sample-events.js';
import { tempDir } from '../support/sqlite-harness.js';

type Settled = PromiseSettledResult<AppendResult>;
const rejectedWith = (s: Settled): unknown => (s.status === 'rejected' ? s.reason : undefined);
const value = (s: Settled): AppendResult => {
  if (s.status !== 'fulfilled') throw new Error(`expected success, got ${String(s.reason)}`);
  return s.value;
};

// The group-commit writer first tries a batch without savepoints and with fewer lookups, and falls back to a
// savepoint per append when a write fails (infra/store/sqlite-transactions.ts). These cases land in ONE batch
// (all appends handed over in the same turn of the event loop) to exercise that fallback on a real file.
describe('group commit: every append of one batch gets its own right answer', () => {
  const dir = tempDir('hrss-group-');
  let store: EventStore;
  before(() => {
    store = createSqliteStore({ path: join(dir.dir, 'events.sqlite'), registry: eventRegistry, groupCommit: { maxBatch: 64, maxDelayMs: 5 } });
  });
  after(async () => {
    await store.close();
    dir.remove();
  });

  it('two creators of one stream, a retried command, a reused command id, a stale revision and bystanders', async () => {
    const answered = `application-${randomUUID()}`;
    const commandId = randomUUID();
    const first = await store.append(answered, visitBatch(2, commandId), { expectedVersion: 'no_stream', commandId });
    const existing = `application-${randomUUID()}`;
    await store.append(existing, [visitRecorded()], { expectedVersion: 'no_stream' });
    const before = await store.headPosition();

    const contested = `application-${randomUUID()}`;
    const bystanders = Array.from({ length: 10 }, () => `application-${randomUUID()}`);
    const settled = await Promise.allSettled([
      store.append(contested, [visitRecorded()], { expectedVersion: 'no_stream' }),
      store.append(bystanders[0]!, [visitRecorded()], { expectedVersion: 'no_stream' }),
      store.append(contested, [visitRecorded()], { expectedVersion: 'no_stream' }),
      // A retry of the answered command: its first answer, nothing appended.
      store.append(answered, visitBatch(2, commandId), { expectedVersion: 'any', commandId }),
      // The same command id on another stream: refused.
      store.append(`application-${randomUUID()}`, [visitRecorded()], { expectedVersion: 'no_stream', commandId }),
      // A stream that exists, created with no_stream: refused, as the unique (stream, revision) says.
      store.append(existing, [visitRecorded()], { expectedVersion: 'no_stream' }),
      store.append(existing, [visitRecorded()], { expectedVersion: 5 }),
      ...bystanders.slice(1).map((s) => store.append(s, visitBatch(3), { expectedVersion: 'any' })),
    ]);

    const [winner, bystander0, loser, retry, reused, recreated, stale, ...others] = settled;
    expect(value(winner).nextRevision).to.equal(0);
    expect(rejectedWith(loser)).to.be.instanceOf(ConcurrencyError);
    expect(value(retry)).to.deep.equal({ ...first, duplicate: true });
    expect(rejectedWith(reused)).to.be.instanceOf(CommandReuseError);
    expect(rejectedWith(recreated)).to.be.instanceOf(ConcurrencyError);
    expect(rejectedWith(stale)).to.be.instanceOf(ConcurrencyError);
    expect(value(bystander0).nextRevision).to.equal(0);
    for (const s of others) expect(value(s).nextRevision).to.equal(2);

    // Gap-free positions: exactly the accepted events were written, each once.
    const written = 1 + 1 + 9 * 3;
    expect(await store.headPosition()).to.equal(before + written);
    const log = await store.readAll({ after: before });
    expect(log.map((e) => e.position)).to.deep.equal(Array.from({ length: written }, (_, i) => before + 1 + i));
    expect((await store.readStream(answered)).length).to.equal(2);
    expect((await store.readStream(existing)).length).to.equal(1);
  });
});
