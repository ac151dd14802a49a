import { randomUUID } from 'node:crypto';
import { openSync, writeSync, closeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import { runCli } from '../../infra/cli/main.js';
import { dataFiles } from '../../infra/config/data-files.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { collectingIo } from '../support/migration-source.js';
import { applicationSubmitted } from '../support/sample-events.js';
import { tempDir } from '../support/sqlite-harness.js';

/**
 * Issue 18 item 8: a damaged page the chain never reads (an index of the events table) is still found by
 * `npm run verify`, through SQLite's quick_check, and named as damage of the file.
 */
describe('npm run verify: the SQLite file beside the chain', () => {
  let home: ReturnType<typeof tempDir>;
  let eventsPath: string;

  beforeEach(async () => {
    home = tempDir('hrss-verify-file-');
    eventsPath = dataFiles(home.dir).events;
    const store = createSqliteStore({ path: eventsPath, registry: eventRegistry });
    for (let i = 0; i < 400; i++) await store.append(`application-${randomUUID()}`, [applicationSubmitted()], { expectedVersion: 'no_stream' });
    await store.close();
  });
  afterEach(() => home.remove());

  const verify = async () => {
    const run = collectingIo();
    const code = await runCli(['verify', '--data-dir', home.dir], { ...run.io, env: {} });
    return { code, out: run.out.join(''), err: run.err.join('') };
  };

  it('passes a sound file', async () => {
    const result = await verify();
    expect(result.err).to.not.include('DAMAGED');
    expect(result.code).to.equal(0);
  });

  it('names a damaged index page the events themselves do not show, and exits 1', async () => {
    const db = new Database(eventsPath);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    // The unique index on (stream_id, revision): the walk by position never reads it.
    const page = db.prepare<[], number>("SELECT pageno FROM dbstat WHERE name = 'sqlite_autoindex_events_2' ORDER BY pageno DESC LIMIT 1").pluck().get();
    db.close();
    expect(page, 'the index has a page of its own').to.be.a('number');
    const fd = openSync(eventsPath, 'r+');
    try {
      // Keep the page header's type byte, scramble the cells: an index page that no longer matches its table.
      writeSync(fd, Buffer.alloc(pageSize - 200, 0x5a), 0, pageSize - 200, (page! - 1) * pageSize + 200);
    } finally {
      closeSync(fd);
    }
    const result = await verify();
    expect(result.code).to.equal(1);
    expect(result.err).to.include('DAMAGED FILE');
    expect(result.err).to.include('quick_check');
  });
});
