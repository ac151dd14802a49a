import { parentPort, workerData } from 'node:worker_threads';
import { eventRegistry } from '../../events/index.js';
import { createSqliteStore } from './sqlite-store.js';
import { toWire } from './sqlite-writer-messages.js';
import type { FromWriter, ToWriter, WriterThreadData } from './sqlite-writer-messages.js';

/**
 * The writer thread of the embedded store (sqlite-thread-store.ts): the SQLite event store as it is, with its
 * group commit, on a connection of its own. Each append is answered after its transaction committed, so the
 * main thread acknowledges nothing that is not durable; `close` commits what is waiting, then the thread ends.
 */
const port = parentPort;
if (!port) throw new Error('sqlite-writer-worker runs as a worker thread');
const { path, synchronous, groupCommit } = workerData as WriterThreadData;
const store = createSqliteStore({ path, registry: eventRegistry, synchronous, groupCommit });
const answer = (message: FromWriter): void => port.postMessage(message);

port.on('message', (message: ToWriter) => {
  if (message.type === 'append') {
    const { id } = message;
    store.append(message.streamId, message.events, message.options).then(
      (result) => answer({ type: 'appended', id, result }),
      (error: unknown) => answer({ type: 'refused', id, error: toWire(error) }),
    );
  } else {
    void store.close().then(() => port.close());
  }
});
