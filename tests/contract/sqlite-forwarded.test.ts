import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { eventRegistry } from '../../events/index.js';
import { createForwardingStore } from '../../infra/store/forwarding-store.js';
import type { EventStore } from '../../infra/store/port.js';
import { answerAppends, primaryWriterLink } from '../../infra/store/process-writer.js';
import type { IpcChannel } from '../../infra/store/process-writer.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { tempDir } from '../support/sqlite-harness.js';
import { storeOnSharedStorage } from '../support/store-under-test.js';
import { eventStoreContract } from './event-store-contract.js';

/**
 * Two ends of an IPC channel in one process: what one sends, the other receives as a structured clone on a
 * later turn, as node:cluster's advanced serialization delivers it.
 */
function channelPair(): [IpcChannel, IpcChannel] {
  const a = new EventEmitter();
  const b = new EventEmitter();
  const end = (self: EventEmitter, other: EventEmitter): IpcChannel => ({
    send: (message) => void setImmediate(() => other.emit('message', structuredClone(message))),
    on: (event: 'message' | 'disconnect', listener: (message: unknown) => void) => self.on(event, listener),
  });
  return [end(a, b), end(b, a)];
}

// An HTTP worker of serve --workers: its appends made by the primary's store (process-writer.ts), its reads
// on its own connection; the same contract as the store itself.
eventStoreContract('sqlite file, appends made by the primary process', () => {
  const { dir, remove } = tempDir();
  const path = join(dir, 'events.db');
  const primaries: EventStore[] = [];
  return Promise.resolve(
    storeOnSharedStorage(
      () => {
        const primary = createSqliteStore({ path, registry: eventRegistry, groupCommit: true });
        primaries.push(primary);
        const [worker, toWorker] = channelPair();
        answerAppends(primary, toWorker);
        const store = createForwardingStore({ path, registry: eventRegistry, pollIntervalMs: 50 }, primaryWriterLink(worker));
        return { ...store, close: async () => (await store.close(), await primary.close()) };
      },
      async () => {
        for (const p of primaries) await p.close();
        remove();
      },
      true,
    ),
  );
});
