import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import pg from 'pg';
import { eventRegistry } from '../../events/index.js';
import { runCli } from '../../infra/cli/main.js';
import { dataFiles } from '../../infra/config/data-files.js';
import { chainHash, GENESIS_HASH } from '../../infra/store/event-hash.js';
import type { EventStore } from '../../infra/store/port.js';
import { createPostgresStore } from '../../infra/store/postgres-store.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { collectingIo } from '../support/migration-source.js';
import { describePostgres, temporaryDatabase } from '../support/postgres-harness.js';
import { applicationSubmitted, visitBatch } from '../support/sample-events.js';
import { tempDir } from '../support/sqlite-harness.js';

/**
 * Issue 18: a row altered, deleted, inserted or moved directly in the database, behind the store's back, is
 * named by `npm run verify` (kind and position), on SQLite and on PostgreSQL; an intact log passes.
 */

/** Ten events: positions 1..10; 5 and 6 are the submissions of two applications, 7..9 one stream's visits. */
async function fill(store: EventStore): Promise<void> {
  for (let i = 0; i < 6; i++) await store.append(`application-${randomUUID()}`, [applicationSubmitted()], { expectedVersion: 'no_stream' });
  await store.append(`application-${randomUUID()}`, visitBatch(3), { expectedVersion: 'any' });
  await store.append(`application-${randomUUID()}`, [applicationSubmitted()], { expectedVersion: 'no_stream' });
}

/** SQL both SQLite and PostgreSQL run as written. */
const TAMPERING: Record<string, string[]> = {
  // The applicant's id changed to another person's: still valid JSON of a valid event.
  alter: ["UPDATE events SET data = replace(data, 'applicant-7', 'applicant-8') WHERE position = 5"],
  delete: ['DELETE FROM events WHERE position = 5'],
  // Removed, and the later ones renumbered to close the gap.
  deleteRenumbered: ['DELETE FROM events WHERE position = 5', 'UPDATE events SET position = position + 1000 WHERE position > 5', 'UPDATE events SET position = position - 1001 WHERE position > 1000'],
  // A forged event at 5, the later ones renumbered to make room.
  insert: [
    'UPDATE events SET position = position + 1000 WHERE position >= 5',
    'UPDATE events SET position = position - 999 WHERE position >= 1000',
    "INSERT INTO events (position, stream_id, revision, event_id, type, schema_version, data, metadata, hash) SELECT 5, 'application-forged', 0, 'forged-event', type, schema_version, data, metadata, hash FROM events WHERE position = 4",
  ],
  reorder: ['UPDATE events SET position = -1 WHERE position = 5', 'UPDATE events SET position = 5 WHERE position = 6', 'UPDATE events SET position = 6 WHERE position = -1'],
  invalidJson: ['UPDATE events SET data = \'{"applicationId":\' WHERE position = 5'],
  schemaInvalid: ['UPDATE events SET data = \'{"applicationId":42}\' WHERE position = 5'],
};

interface Backend {
  env: Record<string, string>;
  open(): EventStore;
  run(statements: readonly string[]): Promise<void>;
  rows(): Promise<[number, string, number, string, string, number, string, string][]>;
  setHash(position: number, hash: string): Promise<void>;
  dispose(): Promise<void>;
}

async function verify(backend: Backend, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const run = collectingIo();
  const code = await runCli(['verify', ...args], { ...run.io, env: backend.env });
  return { code, out: run.out.join(''), err: run.err.join('') };
}

function tamperSuite(make: () => Promise<Backend>): void {
  let backend: Backend;
  beforeEach(async function () {
    this.timeout(20_000);
    backend = await make();
    const store = backend.open();
    await fill(store);
    await store.close();
  });
  afterEach(async () => {
    await backend.dispose();
  });

  it('passes an intact log', async () => {
    const { code, out } = await verify(backend);
    expect(code).to.equal(0);
    expect(out).to.contain('checked 10 events').and.contain('intact');
  });

  const cases: [string, number, RegExp][] = [
    ['alter', 5, /position 5 application-\S+ revision 0: altered: .*does not match its hash/],
    ['delete', 6, /position 6 application-\S+ revision 0: removed: positions 5\.\.5 are missing/],
    ['deleteRenumbered', 5, /position 5 application-\S+ revision 0: removed: the event before .* was removed and the later ones renumbered/],
    ['insert', 5, /position 5 application-forged revision 0: inserted/],
    ['reorder', 5, /position 5 application-\S+ revision 0: reordered: .*position 6\) are in each other's place/],
    ['invalidJson', 5, /position 5 application-\S+ revision 0: invalid-json: its data is not valid JSON/],
    ['schemaInvalid', 5, /position 5 application-\S+ revision 0: schema-invalid: its data does not pass the ApplicationSubmitted v1 schema/],
  ];
  for (const [kind, first, named] of cases) {
    it(`names the event when a row is tampered with: ${kind}`, async () => {
      await backend.run(TAMPERING[kind]!);
      const { code, err } = await verify(backend);
      expect(code, err).to.equal(1);
      expect(err).to.contain('BROKEN').and.contain(`the first at position ${first}:`);
      expect(err).to.match(named);
      // One change, one finding about the chain: the walk carries on from the stored hash (bad JSON adds its own line).
      expect(err.match(/: (altered|removed|inserted|reordered|unhashed):/g) ?? [], err).to.have.length.at.most(1);
    });
  }

  it('holds an exported anchor; a log cut short or rewritten with fresh hashes fails against it', async () => {
    const dir = tempDir('hrss-anchor-');
    try {
      const file = path.join(dir.dir, 'anchor.json');
      const taken = await verify(backend, '--anchor', '--out', file);
      expect(taken.code, taken.err).to.equal(0);
      const anchor = JSON.parse(readFileSync(file, 'utf8')) as { position: number; hash: string };
      expect(JSON.parse(taken.out)).to.deep.equal(anchor);
      expect(anchor.position).to.equal(10);
      expect((await verify(backend, '--against', file)).code).to.equal(0);

      // Every hash rewritten from position 3 on, by someone who knows the encoding: the chain alone holds…
      await backend.run(["UPDATE events SET data = replace(data, 'applicant-7', 'applicant-8') WHERE position = 3"]);
      let previous = GENESIS_HASH;
      for (const [position, streamId, revision, eventId, type, schemaVersion, data, metadata] of await backend.rows()) {
        previous = chainHash({ position, streamId, revision, eventId, type, schemaVersion, data, metadata }, previous);
        await backend.setHash(position, previous);
      }
      expect((await verify(backend)).code).to.equal(0);
      // …the anchor kept outside does not.
      const against = await verify(backend, '--against', file);
      expect(against.code).to.equal(1);
      expect(against.err).to.match(/position 10 .*anchor-mismatch: the anchor kept for position 10/);

      await backend.run(['DELETE FROM events WHERE position = 10']);
      const cut = await verify(backend, '--against', file);
      expect(cut.code).to.equal(1);
      expect(cut.err).to.match(/removed: the anchor kept for position 10 .* is not in the log \(it ends at 9\)/);
    } finally {
      dir.remove();
    }
  });
}

describe('npm run verify without a store', () => {
  it('says there is none (exit 1) instead of making an empty one that checks out', async () => {
    const dir = tempDir('hrss-none-');
    try {
      const run = collectingIo();
      expect(await runCli(['verify'], { ...run.io, env: { DATA_DIR: dir.dir } })).to.equal(1);
      expect(run.err.join('')).to.contain('no event store at');
      expect(readdirSync(dir.dir)).to.deep.equal([]);
    } finally {
      dir.remove();
    }
  });
});

describe('npm run verify on SQLite: rows changed in the file', () => {
  tamperSuite(() => {
    const dir = tempDir('hrss-tamper-');
    const file = dataFiles(dir.dir).events;
    const db = (): Database.Database => new Database(file);
    return Promise.resolve({
      env: { DATA_DIR: dir.dir },
      open: () => createSqliteStore({ path: file, registry: eventRegistry }),
      run(statements) {
        const conn = db();
        try {
          for (const s of statements) conn.exec(s);
        } finally {
          conn.close();
        }
        return Promise.resolve();
      },
      rows() {
        const conn = db();
        try {
          return Promise.resolve(
            conn.prepare('SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata FROM events ORDER BY position').raw().all() as [number, string, number, string, string, number, string, string][],
          );
        } finally {
          conn.close();
        }
      },
      setHash(position, hash) {
        const conn = db();
        try {
          conn.prepare('UPDATE events SET hash = ? WHERE position = ?').run(hash, position);
        } finally {
          conn.close();
        }
        return Promise.resolve();
      },
      dispose: () => Promise.resolve(dir.remove()),
    });
  });
});

await describePostgres('npm run verify on PostgreSQL: rows changed in the database', () => {
  tamperSuite(async () => {
    const db = await temporaryDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    return {
      env: { STORE: 'postgres', DATABASE_URL: db.url },
      open: () => createPostgresStore({ url: db.url, registry: eventRegistry }),
      async run(statements) {
        for (const s of statements) await client.query(s);
      },
      async rows() {
        const { rows } = await client.query<[string, string, number, string, string, number, string, string]>({
          text: 'SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata FROM events ORDER BY position',
          rowMode: 'array',
        });
        return rows.map(([position, ...rest]) => [Number(position), ...rest]);
      },
      async setHash(position, hash) {
        await client.query('UPDATE events SET hash = $1 WHERE position = $2', [hash, position]);
      },
      async dispose() {
        await client.end();
        await db.drop();
      },
    };
  });
});
