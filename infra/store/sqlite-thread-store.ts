import { startModuleWorker } from './module-worker.js';
import { assertForwardable, createForwardingStore } from './forwarding-store.js';
import type { EventStore } from './port.js';
import type { SqliteStoreOptions } from './sqlite-store.js';
import type { ToWriter, WriterThreadData } from './sqlite-writer-messages.js';

/**
 * The embedded store with its disk writes off the main thread (issue 20): a writer thread
 * (sqlite-writer-worker.ts) owns the connection that appends, running the SQLite store's own append path and
 * group commit unchanged, and answers each append after its COMMIT; this thread sends the appends and reads
 * on a connection of its own (forwarding-store.ts). A burst of submissions then costs this thread a message
 * each, not the transactions and the fsync. (Both connections may open the file at once: the schema is set
 * up in an immediate transaction, under the busy timeout.)
 */
export function createSqliteThreadStore(options: SqliteStoreOptions): EventStore {
  assertForwardable(options);
  const data: WriterThreadData = { path: options.path, synchronous: options.synchronous ?? 'FULL', groupCommit: options.groupCommit ?? false };
  const writer = startModuleWorker(import.meta.url, 'sqlite-writer-worker', data);
  const exited = new Promise<number>((resolve) => writer.once('exit', resolve));
  let ending = false;
  const close = (): void => {
    if (ending) return;
    ending = true;
    // The writer commits what waits, answers it, then ends (sqlite-writer-worker.ts).
    writer.postMessage({ type: 'close' } satisfies ToWriter);
  };
  try {
    return createForwardingStore(options, {
      send: (message) => writer.postMessage(message satisfies ToWriter),
      onAnswer: (listener) => void writer.on('message', listener),
      onLost(listener) {
        writer.on('error', listener);
        void exited.then((code) => {
          if (!ending) listener(new Error(`the writer thread exited (code ${code})`));
        });
      },
      drain: close,
      async end() {
        close();
        await exited;
      },
    });
  } catch (error) {
    void writer.terminate();
    throw error;
  }
}
