import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import { runCli } from '../../infra/cli/main.js';
import { verifyTail } from '../../infra/composition/chain-check.js';
import { chainHash, GENESIS_HASH } from '../../infra/store/event-hash.js';
import { createEventStoreDbStore } from '../../infra/store/eventstoredb-store.js';
import { verifyLog } from '../../infra/store/log-verify.js';
import type { EventStore } from '../../infra/store/port.js';
import { startEsdbServer } from '../support/esdb-server.js';
import type { EsdbTestServer } from '../support/esdb-server.js';
import { collectingIo } from '../support/migration-source.js';
import { tempDir } from '../support/sqlite-harness.js';
import { visitBatch } from '../support/sample-events.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Issue 18 on EventStoreDB, through the real client against the in-process server: the server assigns
 * positions at commit, so each event is chained to its stream's previous one, and the log is tied together
 * by the anchor `verify --anchor` exports (a running digest over `$all`). Tampering on the server is found.
 */
describe('the hash chain on EventStoreDB (in-process server)', () => {
  let server: EsdbTestServer;
  let store: EventStore;
  beforeEach(async () => {
    server = await startEsdbServer();
    store = createEventStoreDbStore({ url: server.url, registry: eventRegistry, pollIntervalMs: 50, deadlineMs: 2000 });
    // $all: a0 a1 b0 a2 b1 b2 c0
    await store.append('application-a', visitBatch(2), { expectedVersion: 'no_stream' });
    await store.append('application-b', visitBatch(1), { expectedVersion: 'no_stream' });
    await store.append('application-a', visitBatch(1), { expectedVersion: 'any' });
    await store.append('application-b', visitBatch(2), { expectedVersion: 0 });
    await store.append('application-c', visitBatch(1), { expectedVersion: 'any' });
  });
  afterEach(async () => {
    await store.close();
    await server.stop();
  });

  const verify = async (...args: string[]) => {
    const run = collectingIo();
    const code = await runCli(['verify', ...args], { ...run.io, env: { STORE: 'eventstoredb', EVENTSTORE_URL: server.url } });
    return { code, out: run.out.join(''), err: run.err.join('') };
  };

  it('chains each event to its stream\'s previous one, each hash recomputable from what the server holds', async () => {
    const records = await store.readRecords();
    expect(records.map((r) => `${r.streamId.slice(-1)}${r.revision}`)).to.deep.equal(['a0', 'a1', 'b0', 'a2', 'b1', 'b2', 'c0']);
    const last = new Map<string, string>();
    for (const r of records) {
      expect(r.previous).to.equal(last.get(r.streamId) ?? GENESIS_HASH);
      expect(chainHash({ ...r, position: null }, r.previous!)).to.equal(r.hash);
      last.set(r.streamId, r.hash);
    }
    const result = await verifyLog(store, { registry: eventRegistry });
    expect(result).to.deep.include({ chain: 'stream', events: 7, problems: [], unhashed: 0 });
  });

  it('keeps the chain whole when two clients append to one stream with expectedVersion any', async () => {
    const other = createEventStoreDbStore({ url: server.url, registry: eventRegistry, deadlineMs: 2000 });
    try {
      await Promise.all([
        ...Array.from({ length: 5 }, () => store.append('application-a', visitBatch(1), { expectedVersion: 'any' })),
        ...Array.from({ length: 5 }, () => other.append('application-a', visitBatch(1), { expectedVersion: 'any' })),
      ]);
    } finally {
      await other.close();
    }
    expect(await store.streamRevision('application-a')).to.equal(12);
    expect((await verifyLog(store, { registry: eventRegistry })).problems).to.deep.equal([]);
  });

  it('exports its log with the stream chain, which restore does not install into SQLite', async () => {
    const dir = tempDir('hrss-esdb-export-');
    try {
      const file = path.join(dir.dir, 'log.ndjson');
      const run = collectingIo();
      expect(await runCli(['export', file], { ...run.io, env: { STORE: 'eventstoredb', EVENTSTORE_URL: server.url } }), run.err.join('')).to.equal(0);
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines[0]).to.include({ backend: 'eventstoredb', chain: 'stream' });
      expect(lines.slice(1, -1).map((r) => r.hash)).to.deep.equal((await store.readRecords()).map((r) => r.hash));
      const restore = collectingIo();
      expect(await runCli(['restore', file], { ...restore.io, env: { DATA_DIR: path.join(dir.dir, 'data') } })).to.equal(1);
      expect(restore.err.join('')).to.contain('stream-chained log (eventstoredb): it restores into that backend only');
    } finally {
      dir.remove();
    }
  });

  it('names an event whose data was changed on the server, and a revision removed from a stream', async () => {
    server.tamper(3, { data: (json) => json.replace('"hall-', '"hall-X') });
    const altered = await verify();
    expect(altered.code).to.equal(1);
    expect(altered.err).to.match(/application-a revision 2: altered: .*does not match its hash/);

    server.tamper(4, 'remove'); // b1
    const removed = await verify();
    expect(removed.err).to.match(/application-b revision 2: removed: revisions 1\.\.1 of application-b are missing/);
  });

  it('exports the $all anchor; a stream\'s last event removed on the server fails against it, and the start check sees a change in its tail', async () => {
    const dir = tempDir('hrss-esdb-anchor-');
    try {
      const file = path.join(dir.dir, 'anchor.json');
      const taken = await verify('--anchor', '--out', file);
      expect(taken.code, taken.err).to.equal(0);
      const anchor = JSON.parse(readFileSync(file, 'utf8')) as { chain: string; position: number };
      expect(anchor).to.include({ chain: 'stream', position: await store.headPosition() });
      expect((await verify('--against', file)).code).to.equal(0);
      expect((await verifyTail(store, 3)).problems).to.deep.equal([]);

      server.tamper(6, { data: (json) => json.replace('"hall-', '"hall-X') });
      expect((await verifyTail(store, 3)).problems.map((p) => p.kind)).to.deep.equal(['altered']);
      server.tamper(6, 'remove'); // c0: the only event of its stream, so no stream chain misses it
      const alone = await verify();
      expect(alone.code, 'the stream chain alone cannot tell').to.equal(0);
      const against = await verify('--against', file);
      expect(against.code).to.equal(1);
      expect(against.err).to.match(/removed: the anchor kept for position \d+ .* is not in the log/);
    } finally {
      dir.remove();
    }
  });
});
