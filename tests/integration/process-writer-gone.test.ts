import { fork } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import type { EventStore } from '../../infra/store/port.js';
import { answerAppends } from '../../infra/store/process-writer.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { tempDir } from '../support/sqlite-harness.js';

// An HTTP worker of serve --workers that sends an append and is gone before the primary answers it: the append
// commits, the answer has nowhere to go, and the primary (the one writer) carries on.
const WORKER = `
process.send({ eventStore: { type: 'append', id: 1, streamId: 'application-gone', options: { expectedVersion: 'any' },
  events: [{ type: 'ApplicationWithdrawn', data: { reason: 'gone', withdrawnOn: '2026-01-05' }, metadata: { actor: { role: 'clerk', id: 'clerk-1' }, channel: 'window', commandId: 'c1', correlationId: 'c1', causationId: 'c1', occurredAt: '2026-01-05T09:00:00.000+08:00' } }] } }, () => process.exit(0));
`;

describe('appends of a worker that is gone', () => {
  it('commits the append and drops the answer without ending the primary', async () => {
    const { dir, remove } = tempDir();
    const store = createSqliteStore({ path: join(dir, 'events.db'), registry: eventRegistry });
    try {
      const script = join(dir, 'worker.cjs');
      writeFileSync(script, WORKER);
      const child = fork(script, [], { serialization: 'advanced', stdio: 'ignore' });
      const exited = once(child, 'exit');
      let appended: Promise<unknown> = Promise.resolve();
      // The store answers only once the worker has exited, so the answer finds its channel closed.
      const late: EventStore = {
        ...store,
        append: (...args: Parameters<EventStore['append']>) => (appended = exited.then(() => store.append(...args))) as ReturnType<EventStore['append']>,
      };
      answerAppends(late, child);
      await exited;
      await appended;
      // The failed send reports on a later turn; unhandled, it would fail this test as an uncaught error.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await store.readStream('application-gone')).map((e) => e.type)).to.deep.equal(['ApplicationWithdrawn']);
    } finally {
      await store.close();
      remove();
    }
  });
});
