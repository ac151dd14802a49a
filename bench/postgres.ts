// PostgreSQL benchmark (issue 16, item 6): appends with 1 and 8 concurrent writers beside raw `pg` inserts of
// the same rows in the same run, the whole-log read beside a raw ORDER BY position cursor, and the projection
// replay with the read models on PostgreSQL beside SQLite's (bench/postgres-replay.ts).
//
//   npm run bench:postgres                          # PG_URL or postgres://postgres@127.0.0.1:5432/postgres
//   npm run bench:postgres -- --events 20000 --rounds 3
//   npm run bench:postgres -- --events 0 --read 0 --replay 200000   # the replay alone
//
// Each run uses a database of its own, dropped at the end. Progress goes to stderr, the table to stdout.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { eventRegistry } from '../events/index.js';
import { encodeEvents } from '../infra/store/event-codec.js';
import type { EventStore, NewEvent } from '../infra/store/port.js';
import { createPostgresStore } from '../infra/store/postgres-store.js';
import { ensurePostgresSchema } from '../infra/store/postgres-schema.js';
import { visitBatch } from '../tests/support/sample-events.js';
import { replayBeside } from './postgres-replay.js';

const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '3' },
    read: { type: 'string', default: '200000' },
    replay: { type: 'string', default: '100000' },
  },
});
const EVENTS = Number(values.events);
const ROUNDS = Number(values.rounds);
const READ = Number(values.read);
const REPLAY = Number(values.replay);

async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `hrss_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const database = await emptyDatabase();
  try {
    return await work(database.url);
  } finally {
    await database.drop();
  }
}

/** One append of one event to a new stream, with its command id: what a submission writes. */
const oneEvent = (): { streamId: string; events: NewEvent[]; commandId: string } => {
  const commandId = randomUUID();
  return { streamId: `application-${randomUUID()}`, events: visitBatch(1, commandId).map((e) => ({ ...e, eventId: randomUUID() })), commandId };
};

/** `writers` loops appending until `total` events are in; events per second. */
async function timed(total: number, writers: number, append: () => Promise<void>, label: string): Promise<number> {
  const bar = new cliProgress.SingleBar({ format: `${label} {bar} {value}/{total}`, stream: process.stderr }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  let left = total;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (left > 0) {
        left--;
        await append();
        if (++done % 500 === 0) bar.update(done);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  bar.stop();
  return total / seconds;
}

/** The ceiling: the same rows (event and command) by plain INSERTs in a transaction per append, positions from a sequence. */
async function rawAppends(url: string, writers: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: writers });
  await pool.query('CREATE TABLE raw_events (LIKE events INCLUDING ALL); CREATE SEQUENCE raw_position; CREATE TABLE raw_commands (LIKE commands INCLUDING ALL)');
  try {
    return await timed(EVENTS, writers, async () => {
      const { streamId, events, commandId } = oneEvent();
      const [e] = encodeEvents(eventRegistry, events);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const inserted = await client.query<{ position: string }>(
          "INSERT INTO raw_events (position, stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (nextval('raw_position'), $1, 0, $2, $3, $4, $5, $6) RETURNING position",
          [streamId, e!.eventId, e!.type, e!.schemaVersion, e!.data, e!.metadata],
        );
        await client.query('INSERT INTO raw_commands (command_id, stream_id, next_revision, position) VALUES ($1, $2, 0, $3)', [commandId, streamId, inserted.rows[0]!.position]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    }, `raw, ${writers} writer${writers > 1 ? 's' : ''}`);
  } finally {
    await pool.query('DROP TABLE raw_events; DROP SEQUENCE raw_position; DROP TABLE raw_commands');
    await pool.end();
  }
}

async function storeAppends(store: EventStore, writers: number): Promise<number> {
  return timed(EVENTS, writers, async () => {
    const { streamId, events, commandId } = oneEvent();
    await store.append(streamId, events, { expectedVersion: 'no_stream', commandId });
  }, `store, ${writers} writer${writers > 1 ? 's' : ''}`);
}

/** Fills the log to READ events (1 000 per append), then reads it whole both ways. */
async function reads(url: string, store: EventStore): Promise<{ store: number; raw: number }> {
  const head = await store.headPosition();
  for (let n = head; n < READ; n += 1000) {
    await store.append(`application-${randomUUID()}`, visitBatch(1000), { expectedVersion: 'no_stream' });
  }
  const total = await store.headPosition();
  let started = performance.now();
  let after = 0;
  for (;;) {
    const batch = await store.readAll({ after, limit: 5000, lazyMetadata: true });
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.position;
  }
  const storeRate = total / ((performance.now() - started) / 1000);
  // The ceiling: the same rows in pages of 5 000 by position, JSON-parsed, as a reader needs them.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  started = performance.now();
  after = 0;
  for (;;) {
    const page = await client.query<{ position: string; data: string }>({
      text: 'SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata FROM events WHERE position > $1 ORDER BY position LIMIT 5000',
      values: [after],
    });
    if (page.rows.length === 0) break;
    for (const row of page.rows) JSON.parse(row.data);
    after = Number(page.rows[page.rows.length - 1]!.position);
  }
  const rawRate = total / ((performance.now() - started) / 1000);
  await client.end();
  return { store: storeRate, raw: rawRate };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

await withDatabase(async (url) => {
  const setup = new pg.Pool({ connectionString: url });
  await ensurePostgresSchema(setup);
  await setup.end();
  const store = createPostgresStore({ url, registry: eventRegistry, poolMax: 10 });
  const rows: string[] = [];
  for (const writers of EVENTS > 0 ? [1, 8] : []) {
    const ratios: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternating, so the machine's drift falls on both sides.
      const raw = await rawAppends(url, writers);
      const ours = await storeAppends(store, writers);
      ratios.push(`${fmt(ours)} / ${fmt(raw)} = ${(ours / raw).toFixed(2)}`);
    }
    rows.push(`| appends, ${writers} writer${writers > 1 ? 's' : ''} | ${ratios.join('; ')} | ≥ 0.8 |`);
  }
  if (READ > 0) {
    const read = await reads(url, store);
    rows.push(`| whole-log read (${fmt(READ)} events) | ${fmt(read.store)} / ${fmt(read.raw)} = ${(read.store / read.raw).toFixed(2)} | ≥ 0.5 |`);
  }
  await store.close();
  if (REPLAY > 0) {
    // Alternating too; each PostgreSQL replay into a database of its own.
    const replay = await replayBeside(emptyDatabase, REPLAY, ROUNDS);
    const ratios = replay.postgres.map((p, i) => `${fmt(p)} / ${fmt(replay.sqlite[i]!)} = ${(p / replay.sqlite[i]!).toFixed(2)}`);
    rows.push(`| projection replay (${fmt(replay.events)} events), read models on PostgreSQL / SQLite | ${ratios.join('; ')} | ≥ 0.5 |`);
  }
  process.stdout.write(
    [
      '',
      `PostgreSQL: ${fmt(EVENTS)} one-event appends per run (new stream, command id), ${ROUNDS} rounds alternating with raw pg;`,
      'events/s, store / raw = ratio (the replay: PostgreSQL read models / SQLite read models, the same log)',
      '',
      '| what | ours / reference (ev/s) = ratio | target |',
      '|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
});
