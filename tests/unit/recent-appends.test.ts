import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import { rememberingAppends } from '../../infra/application/recent-appends.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { visited } from '../support/lifecycle-data.js';
import { meta } from '../support/projection-harness.js';

describe('recent appends (read-your-writes without asking the store)', () => {
  const visit = [{ type: 'VisitRecorded', data: visited('2026-06-01'), metadata: meta('2026-06-01') }];

  it('remembers the last position this process appended to each stream, and nothing for a stream it did not write', async () => {
    const { store, recent } = rememberingAppends(createSqliteStore({ path: ':memory:', registry: eventRegistry }));
    try {
      expect(recent.lastTo('application-a')).to.equal(0);
      await store.append('application-a', visit, { expectedVersion: 'any' });
      await store.append('application-b', [...visit, ...visit], { expectedVersion: 'any' });
      const again = await store.append('application-a', visit, { expectedVersion: 'any', commandId: 'c1' });
      expect(recent.lastTo('application-a')).to.equal(again.position).and.to.equal(4);
      expect(recent.lastTo('application-b')).to.equal(3);
      // A retry answered from its command id is no new write: the position does not move back.
      await store.append('application-a', visit, { expectedVersion: 'any', commandId: 'c1' });
      expect(recent.lastTo('application-a')).to.equal(4);
      // Everything else is the store's own.
      expect(await store.headPosition()).to.equal(4);
      expect(await store.streamRevision('application-b')).to.equal(1);
    } finally {
      await store.close();
    }
  });

  it('answers a bound at or past the truth for a stream forgotten among many', async () => {
    const { store, recent } = rememberingAppends(createSqliteStore({ path: ':memory:', registry: eventRegistry }));
    try {
      const first = await store.append('application-first', visit, { expectedVersion: 'any' });
      for (let i = 0; i < 10_000; i++) await store.append(`application-${i}`, visit, { expectedVersion: 'any' });
      expect(recent.lastTo('application-first')).to.be.at.least(first.position);
      expect(recent.lastTo('application-9999')).to.equal(10_001);
      expect(recent.lastTo('application-never')).to.be.at.least(first.position);
    } finally {
      await store.close();
    }
  });
});
