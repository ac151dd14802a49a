import type { EventStore } from '../../infra/store/port.js';
import type { StoreUnderTest } from '../contract/event-store-contract.js';

/**
 * The contract suite's view of a backend whose storage outlives a client: `open` makes a client of it (a
 * restart reopens, another process connects), `remove` drops the storage once every client is closed.
 */
export function storeOnSharedStorage(open: () => EventStore, remove: () => Promise<void> | void, gapFree: boolean): StoreUnderTest {
  const opened: EventStore[] = [];
  const client = (): EventStore => {
    const store = open();
    opened.push(store);
    return store;
  };
  const store = client();
  return {
    store,
    reopen: async () => {
      await store.close();
      return client();
    },
    connectAnother: () => Promise.resolve(client()),
    gapFree,
    dispose: async () => {
      for (const s of opened) await s.close();
      await remove();
    },
  };
}
