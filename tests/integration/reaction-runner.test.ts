import { expect } from 'chai';
import sinon from 'sinon';
import { createSqliteCheckpointStore } from '../../infra/process-managers/checkpoint-store.js';
import { runReaction } from '../../infra/process-managers/reaction-runner.js';
import { openEventStore } from '../../infra/store/open-event-store.js';
import type { RecordedEvent } from '../../infra/store/port.js';
import { withdrawn } from '../support/lifecycle-data.js';
import { meta } from '../support/projection-harness.js';

describe('a process manager reacting to the log', () => {
  it('saves its checkpoint once a batch, and after a failed reaction at the last event it reacted to', async () => {
    const store = openEventStore({ backend: 'sqlite', eventsPath: ':memory:' });
    const checkpoints = createSqliteCheckpointStore(':memory:');
    const save = sinon.spy(checkpoints, 'save');
    try {
      for (let i = 0; i < 10; i++) {
        await store.append(`application-${i}`, [{ type: 'ApplicationWithdrawn', data: withdrawn('2026-01-05'), metadata: meta('2026-01-05') }], { expectedVersion: 'any' });
      }
      const reacted: number[] = [];
      const react = (event: RecordedEvent): Promise<void> => {
        if (event.position === 8) return Promise.reject(new Error('the reaction failed'));
        reacted.push(event.position);
        return Promise.resolve();
      };
      const running = await runReaction({ name: 'test-process', store, checkpoints, react, batchSize: 4 });
      const failure = await running.done.then(
        () => null,
        (error: unknown) => error,
      );
      expect(String(failure)).to.contain('the reaction failed');
      expect(reacted).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
      // Batches of 4: [1-4] saved at 4; [5-8] fails at 8, saved at 7; nothing per event.
      expect(save.args).to.deep.equal([
        ['test-process', 4],
        ['test-process', 7],
      ]);
      expect(running.checkpoint()).to.equal(7);
      expect(await checkpoints.load('test-process')).to.equal(7);

      // A restart retries from the event that failed.
      const again: number[] = [];
      const restarted = await runReaction({ name: 'test-process', store, checkpoints, react: (e) => (again.push(e.position), Promise.resolve()), batchSize: 4 });
      await restarted.caughtUp;
      await restarted.stop();
      expect(again).to.deep.equal([8, 9, 10]);
      expect(await checkpoints.load('test-process')).to.equal(10);
    } finally {
      await checkpoints.close();
      await store.close();
    }
  });
});
