// One process of the global-order test (tests/integration/postgres-order.test.ts), run with `node --import tsx`:
//   writer URL COUNT      appends COUNT events (1–3 per append, 8 appends in flight), printing each acknowledged one
//   subscriber URL TOTAL  subscribes from the start and prints every event delivered, until TOTAL have come
import { randomUUID } from 'node:crypto';
import { eventRegistry } from '../../events/index.js';
import { createPostgresStore } from '../../infra/store/postgres-store.js';
import { visitBatch } from './sample-events.js';

const [mode, url, countText] = process.argv.slice(2);
const count = Number(countText);
const store = createPostgresStore({ url: url!, registry: eventRegistry, poolMax: 4, pollIntervalMs: 200 });
const print = (line: object): boolean => process.stdout.write(`${JSON.stringify(line)}\n`);

if (mode === 'writer') {
  let left = count;
  const worker = async (): Promise<void> => {
    while (left > 0) {
      const n = Math.min(left, 1 + Math.floor(Math.random() * 3));
      left -= n;
      const events = visitBatch(n).map((e) => ({ ...e, eventId: randomUUID() }));
      const result = await store.append(`application-${randomUUID()}`, events, { expectedVersion: 'no_stream' });
      events.forEach((e, i) => print({ eventId: e.eventId, position: result.position - n + 1 + i }));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await store.close();
} else {
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    const subscription = store.subscribe({ after: 0, batchSize: 50 }, (events) => {
      for (const e of events) print({ eventId: e.eventId, position: e.position });
      seen += events.length;
      if (seen >= count) resolve();
    });
    subscription.done.catch(reject);
  });
  await store.close();
}
