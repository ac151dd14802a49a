import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import { runCli } from '../../infra/cli/main.js';
import { dataFiles } from '../../infra/config/data-files.js';
import { StatusView } from '../../infra/http/routes/application-views.js';
import { copySqliteLogToPostgres, digestSqliteLog } from '../../infra/store/log-copy.js';
import { createPostgresStore } from '../../infra/store/postgres-store.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { API, startApi } from '../http/support/api-harness.js';
import { ZHANG, submitItem } from '../http/support/api-flows.js';
import { bodyAs } from '../http/support/bodies.js';
import { describePostgres, temporaryDatabase } from '../support/postgres-harness.js';
import { collectingIo, hallHistory } from '../support/migration-source.js';
import { visitBatch } from '../support/sample-events.js';
import { tempDir } from '../support/sqlite-harness.js';

const io = collectingIo;

await describePostgres('npm run migrate: the log from SQLite to PostgreSQL', () => {
  it('copies, resumes after an interruption, verifies, leaves the source untouched, and the API serves the same on PostgreSQL', async function () {
    this.timeout(60_000);
    const dir = tempDir('hrss-migrate-');
    const db = await temporaryDatabase();
    try {
      // A hall's history on SQLite, through the API: applications decided, one left open.
      const { ids, served } = await hallHistory(dir.dir);
      const sqlitePath = dataFiles(dir.dir).events;
      const before = digestSqliteLog(sqlitePath);
      const modified = statSync(sqlitePath).mtimeMs;

      // Interrupted after its first batch…
      const stop = new Error('interrupted');
      let batches = 0;
      const first = await copySqliteLogToPostgres({
        sqlitePath,
        url: db.url,
        batch: 5,
        onProgress: () => {
          if (++batches === 2) throw stop;
        },
      }).catch((e: unknown) => e);
      expect(first).to.equal(stop);

      // …and run again: it resumes, copies the rest, and both sides agree.
      const run = io();
      expect(await runCli(['migrate', '--from', `sqlite:${dir.dir}`, '--to', db.url, '--batch', '5'], run.io), run.err.join('')).to.equal(0);
      const printed = run.out.join('');
      expect(printed).to.contain('resumed after position 5').and.contain('verified: the same log on both sides');
      expect(printed).to.contain(`source: ${before.events} events, ${before.commands} command ids, sha256 ${before.checksum}`);
      expect(printed).to.contain(`target: ${before.events} events, ${before.commands} command ids, sha256 ${before.checksum}`);
      expect(digestSqliteLog(sqlitePath)).to.deep.equal(before);
      expect(statSync(sqlitePath).mtimeMs).to.equal(modified);

      // Run once more: nothing to copy, still verified.
      const again = io();
      expect(await runCli(['migrate', '--from', `sqlite:${dir.dir}`, '--to', db.url], again.io)).to.equal(0);
      expect(again.out.join('')).to.contain('copied 0 events');

      // The service on PostgreSQL, with read models built afresh from the moved log, answers as the hall did.
      const moved = await startApi({ date: '2026-06-01', env: { STORE: 'postgres', DATABASE_URL: db.url } });
      try {
        for (const [i, id] of ids.entries()) expect(bodyAs(StatusView, await moved.get(`${API}/applications/${id}`, ZHANG))).to.deep.equal(served[i]);
      } finally {
        await moved.dispose();
      }
    } finally {
      await db.drop();
      dir.remove();
    }
  });

  it('moves a file made before the chain (schema v1) without touching it: the target holds the chain its upgrade would make', async function () {
    this.timeout(30_000);
    const dir = tempDir('hrss-migrate-v1-');
    const db = await temporaryDatabase();
    try {
      const file = dataFiles(dir.dir).events;
      const store = createSqliteStore({ path: file, registry: eventRegistry });
      for (let i = 0; i < 4; i++) await store.append(`application-${randomUUID()}`, visitBatch(2), { expectedVersion: 'no_stream' });
      const hashed = (await store.readRecords()).map((r) => r.hash);
      await store.close();
      const v1 = new Database(file);
      v1.exec('ALTER TABLE events DROP COLUMN hash; DROP TABLE chain_meta; PRAGMA user_version = 1');
      v1.close();
      const modified = statSync(file).mtimeMs;

      const run = io();
      expect(await runCli(['migrate', '--from', `sqlite:${dir.dir}`, '--to', db.url, '--batch', '3'], run.io), run.err.join('')).to.equal(0);
      expect(run.out.join('')).to.contain('copied 8 events').and.contain('verified: the same log on both sides');
      // The source is as it was: still v1, not written.
      const after = new Database(file, { readonly: true });
      expect(after.pragma('user_version', { simple: true })).to.equal(1);
      after.close();
      expect(statSync(file).mtimeMs).to.equal(modified);
      // The target: the hashes the writer had made, and verify says they were made at a later step.
      const target = createPostgresStore({ url: db.url, registry: eventRegistry });
      try {
        expect((await target.readRecords()).map((r) => r.hash)).to.deep.equal(hashed);
      } finally {
        await target.close();
      }
      const verified = io();
      expect(await runCli(['verify'], { ...verified.io, env: { STORE: 'postgres', DATABASE_URL: db.url } }), verified.err.join('')).to.equal(0);
      expect(verified.out.join('')).to.contain('intact').and.contain('positions 1..8 were written before the chain');
    } finally {
      await db.drop();
      dir.remove();
    }
  });

  it('refuses a target that holds another log, and bad arguments', async () => {
    const dir = tempDir('hrss-migrate-');
    const other = tempDir('hrss-migrate-other-');
    const db = await temporaryDatabase();
    try {
      for (const d of [dir.dir, other.dir]) {
        const h = await startApi({ date: '2026-06-01', dataDir: d });
        await submitItem(h);
        await h.dispose();
      }
      expect(await runCli(['migrate', '--from', `sqlite:${other.dir}`, '--to', db.url], io().io)).to.equal(0);
      const refused = io();
      expect(await runCli(['migrate', '--from', `sqlite:${dir.dir}`, '--to', db.url], refused.io)).to.equal(1);
      expect(refused.err.join('')).to.match(/migrate refused: the target (holds another log|'s log is longer)/);
      const usage = io();
      expect(await runCli(['migrate', '--from', dir.dir, '--to', db.url], usage.io)).to.equal(2);
      expect(usage.err.join('')).to.contain('--from must be sqlite:DATA_DIR');
    } finally {
      await db.drop();
      dir.remove();
      other.remove();
    }
  });
});
