import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { hs256Keys } from '../../infra/auth/auth-keys.js';
import { issueToken } from '../../infra/auth/tokens.js';
import { checkedFetch } from '../http/support/checked-request.js';

/*
 * serve --workers 2 (issue 20): two HTTP processes on the embedded store, the primary appending for both,
 * projecting and reacting once, on its writer thread, and telling the workers of each projection commit
 * (read-your-writes). Started as an operator would, from source.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const secret = 'serve-workers-test-secret-of-32-characters';

const submission = JSON.stringify({
  itemCode: 'KA-001',
  channel: 'yueshengshi',
  applicant: { kind: 'individual', name: '测试申请人' },
  form: {},
  materials: [
    { code: 'id-card', source: 'e-licence' },
    { code: 'photo', source: 'upload', reference: 'FILE-1' },
  ],
  delivery: { mode: 'express', address: '广东省佛山市禅城区季华五路1号' },
});

describe('serve --workers 2: HTTP workers on the embedded store, one writer', function () {
  this.timeout(180_000);
  let dataDir: string;
  let token: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hrss-workers-'));
    token = await issueToken(hs256Keys(secret, { issuer: 'one-network-hrss', audience: 'one-network-hrss-api' }), { role: 'applicant', sub: 'applicant-workers' });
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const post = (url: string, key: string) =>
    fetch(`${url}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: submission,
    });

  it('serves reads and writes from both workers, and on SIGTERM commits every write it acknowledged before exiting', async () => {
    const env = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', JWT_SECRET: secret, IDENTITY_HASH_KEY: 'serve-workers-identity-key', STORE_WRITER_THREAD: 'true' };
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'infra', 'cli', 'main.ts'), 'serve', '--workers', '2'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const acknowledged: string[] = [];
    let signalled = false;
    try {
      const deadline = Date.now() + 90_000;
      while ((log.match(/"msg":"listening"/g) ?? []).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const url = /"url":"(http:\/\/[^"]+)"/.exec(log)?.[1];
      expect(url, log).to.be.a('string');
      let ready = await checkedFetch(`${url!}/ready`);
      while (ready.status !== 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        ready = await checkedFetch(`${url!}/ready`);
      }
      expect(ready.status, await ready.clone().text()).to.equal(200);

      // Writes through either worker, each read back (after the primary's projections reached it).
      const replies = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const res = await checkedFetch(`${url!}/api/v1/applications`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
            body: submission,
          });
          expect(res.status, await res.clone().text()).to.equal(201);
          return (await res.json()) as { id: string; position: number; consistent: boolean };
        }),
      );
      expect(new Set(replies.map((r) => r.position)).size, 'one log, one position each').to.equal(12);
      // Each worker waited for the primary's projections to reach its write (woken by the primary's notice of
      // the commit, or its safety-net poll) within the consistency bound.
      expect(replies.map((r) => r.consistent)).to.deep.equal(replies.map(() => true));
      for (const { id, position } of replies) {
        const read = await checkedFetch(`${url!}/api/v1/applications/${id}`, { headers: { authorization: `Bearer ${token}`, 'x-min-position': String(position) } });
        expect(read.status).to.equal(200);
        acknowledged.push(id);
      }
      // A write through one worker, read back from the read models alone through both, at once, with its position.
      const write = await checkedFetch(`${url!}/api/v1/applications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
        body: submission,
      });
      expect(write.status, await write.clone().text()).to.equal(201);
      const written = (await write.json()) as { id: string; position: number };
      acknowledged.push(written.id);
      const lists = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const read = await checkedFetch(`${url!}/api/v1/me/applications`, { headers: { authorization: `Bearer ${token}`, 'x-min-position': String(written.position) } });
          expect(read.status, await read.clone().text()).to.equal(200);
          return ((await read.json()) as { applications: { applicationId: string }[] }).applications.map((a) => a.applicationId);
        }),
      );
      for (const ids of lists) expect(ids).to.include(written.id);
      // A retry through whichever worker gets it is answered once.
      const key = randomUUID();
      const first = (await (await post(url!, key)).json()) as { id: string };
      const again = (await (await post(url!, key)).json()) as { id: string };
      expect(again.id).to.equal(first.id);
      acknowledged.push(first.id);

      // Writes in flight when the signal comes: each one answered 201 must be on disk after the exit.
      const inFlight = Array.from({ length: 30 }, () =>
        post(url!, randomUUID()).then(
          async (res) => (res.status === 201 ? ((await res.json()) as { id: string }).id : undefined),
          () => undefined,
        ),
      );
      await new Promise((r) => setTimeout(r, 20));
      signalled = child.kill('SIGTERM');
      for (const id of await Promise.all(inFlight)) if (id) acknowledged.push(id);
    } finally {
      if (!signalled) child.kill('SIGTERM');
    }
    expect(await exited, log.split('\n').filter((l) => /signal|worker|error|warn/i.test(l)).join('\n')).to.equal(0);
    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    try {
      const stored = db.prepare<[string], number>("SELECT COUNT(*) FROM events WHERE stream_id = ? AND type = 'ApplicationSubmitted'").pluck();
      for (const id of acknowledged) expect(stored.get(`application-${id}`), `acknowledged ${id}`).to.equal(1);
      const positions = db.prepare<[], number>('SELECT position FROM events ORDER BY position').pluck().all();
      expect(positions, 'gap-free').to.deep.equal(positions.map((_, i) => i + 1));
    } finally {
      db.close();
    }
    expect(acknowledged.length).to.be.at.least(14);
  });
});
