import { BACKWARDS, END, EventStoreDBClient } from '@eventstore/db-client';
import { eventRegistry } from '../../events/index.js';
import { createEventStoreDbStore } from '../../infra/store/eventstoredb-store.js';
import type { EventStoreDbStoreOptions } from '../../infra/store/eventstoredb-store.js';
import type { StoreFactory, StoreUnderTest } from '../contract/event-store-contract.js';
import { startEsdbServer } from './esdb-server.js';
import type { EsdbTestServer } from './esdb-server.js';
import { storeOnSharedStorage } from './store-under-test.js';

export type EsdbTestOptions = Partial<Omit<EventStoreDbStoreOptions, 'url' | 'registry'>>;

function storeUnderTest(url: string, options: EsdbTestOptions, cleanup: () => Promise<void>): StoreUnderTest {
  return storeOnSharedStorage(() => createEventStoreDbStore({ url, registry: eventRegistry, pollIntervalMs: 50, deadlineMs: 5000, ...options }), cleanup, false);
}

/** A store on a fresh in-process server (tests/support/esdb-server.ts); `server` is the last one started. */
export function inProcessEsdbStore(options: EsdbTestOptions = {}, started?: (server: EsdbTestServer) => void): StoreFactory {
  return async () => {
    const server = await startEsdbServer();
    started?.(server);
    return storeUnderTest(server.url, options, () => server.stop());
  };
}

/**
 * A store on the real server at `url`, whose `$all` is shared and cannot be emptied: each test's log starts
 * after the server's head at its start (the store's `origin`), and its streams are fresh uuids.
 */
export function realEsdbStore(url: string, options: EsdbTestOptions = {}): StoreFactory {
  return async () => {
    const client = EventStoreDBClient.connectionString(url);
    let head = 0n;
    try {
      for await (const e of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) head = e.event?.position?.commit ?? head;
    } finally {
      await client.dispose();
    }
    return storeUnderTest(url, { ...options, origin: Number(head) }, () => Promise.resolve());
  };
}
