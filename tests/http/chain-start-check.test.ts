import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { problemOf } from './support/bodies.js';
import { API, startApi } from './support/api-harness.js';
import { CHEN, submitItem } from './support/api-flows.js';
import { tempDir } from '../support/sqlite-harness.js';

/**
 * Issue 18: the API checks the newest part of the event log's hash chain at start and refuses a broken one,
 * unless TRUST_BROKEN_CHAIN says otherwise; a row whose JSON no longer parses is a clear 503, not a 500.
 */

/** Runs statements on the stopped service's events.sqlite, behind the store's back. */
function tamper(dataDir: string, ...statements: string[]): void {
  const db = new Database(path.join(dataDir, 'events.sqlite'));
  try {
    for (const s of statements) db.exec(s);
  } finally {
    db.close();
  }
}

async function startError(dataDir: string, env: Record<string, string> = {}): Promise<Error | null> {
  return startApi({ date: '2026-06-01', dataDir, env }).then(
    async (h) => {
      await h.dispose();
      return null;
    },
    (e: unknown) => e as Error,
  );
}

describe('the start-time check of the hash chain', () => {
  let dir: { dir: string; remove: () => void };
  let id: string;
  let last: number;
  beforeEach(async function () {
    this.timeout(20_000);
    dir = tempDir('hrss-chain-start-');
    const h = await startApi({ date: '2026-06-01', dataDir: dir.dir });
    id = await submitItem(h);
    await submitItem(h);
    last = await h.head();
    await h.dispose();
  });
  afterEach(() => dir.remove());

  it('starts on an intact chain, and logs that it checked it', async () => {
    const h = await startApi({ date: '2026-06-01', dataDir: dir.dir });
    try {
      expect(h.logLines.some((l) => l.includes("the newest part of the event log's hash chain holds"))).to.equal(true);
    } finally {
      await h.dispose();
    }
  });

  it('refuses to start when an event of the newest part was altered (its recorded time moved a year back), naming it and what to do', async () => {
    tamper(dir.dir, `UPDATE events SET metadata = replace(metadata, '"occurredAt":"2026', '"occurredAt":"2025') WHERE position = ${last}`);
    const error = await startError(dir.dir);
    expect(error?.name).to.equal('BrokenChainError');
    expect(error?.message).to.contain(`position ${last}`).and.contain('altered').and.contain('npm run verify').and.contain('TRUST_BROKEN_CHAIN=1');
  });

  it('refuses to start when the newest events were reordered', async () => {
    tamper(dir.dir, `UPDATE events SET position = -1 WHERE position = ${last - 1}`, `UPDATE events SET position = ${last - 1} WHERE position = ${last}`, `UPDATE events SET position = ${last} WHERE position = -1`);
    const error = await startError(dir.dir);
    expect(error?.name).to.equal('BrokenChainError');
    expect(error?.message).to.contain('reordered');
  });

  it('starts on a broken chain when told to (TRUST_BROKEN_CHAIN=1), logging the damage as an error', async () => {
    tamper(dir.dir, `UPDATE events SET metadata = replace(metadata, '"occurredAt":"2026', '"occurredAt":"2025') WHERE position = ${last}`);
    const h = await startApi({ date: '2026-06-01', dataDir: dir.dir, env: { TRUST_BROKEN_CHAIN: '1' } });
    try {
      const logged = h.logLines.map((l) => JSON.parse(l) as { level: string; msg: string }).find((l) => l.msg.includes('hash chain is broken; starting anyway'));
      expect(logged?.level, h.logLines.filter((l) => l.includes("chain")).join("\n")).to.equal('error');
    } finally {
      await h.dispose();
    }
  });

  it('checks a bounded tail: a change older than CHAIN_CHECK_TAIL events is left to npm run verify', async () => {
    tamper(dir.dir, `UPDATE events SET metadata = replace(metadata, '"occurredAt":"2026', '"occurredAt":"2025') WHERE position = 1`);
    expect(await startError(dir.dir, { CHAIN_CHECK_TAIL: '3' })).to.equal(null);
    expect((await startError(dir.dir))?.name).to.equal('BrokenChainError');
  });

  it('answers a history whose stored JSON no longer parses with 503 stored-event-damaged, not a 500', async () => {
    const history = `${API}/applications/${id}/history`;
    tamper(dir.dir, `UPDATE events SET data = '{"applicationId":' WHERE stream_id = 'application-${id}' AND revision = 0`);
    const h = await startApi({ date: '2026-06-01', dataDir: dir.dir, env: { TRUST_BROKEN_CHAIN: '1' } });
    try {
      const res = await h.get(history, CHEN);
      expect(res.status, JSON.stringify(res.body)).to.equal(503);
      expect(res.headers['retry-after']).to.equal(undefined);
      expect(problemOf(res).type).to.match(/stored-event-damaged$/);
      const logged = h.logLines.find((l) => l.includes('StoredEventDamagedError'));
      expect(logged).to.contain(`application-${id} revision 0`);
    } finally {
      await h.dispose();
    }
  });
});
