import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { runCli } from '../../infra/cli/main.js';
import { StatusView } from '../../infra/http/routes/application-views.js';
import { API, startApi } from '../http/support/api-harness.js';
import { ZHANG, done, itemBody, submitItem } from '../http/support/api-flows.js';
import { bodyAs } from '../http/support/bodies.js';
import { collectingIo } from '../support/migration-source.js';
import { describePostgres, temporaryDatabase } from '../support/postgres-harness.js';
import { tempDir } from '../support/sqlite-harness.js';

/**
 * Issue 18: npm run export writes the log with its hashes while the service writes (a consistent prefix);
 * npm run restore verifies the file before installing anything, installs it into an empty store, verifies
 * what it installed; the service on the restored store then answers as the original did.
 */

async function cli(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const run = collectingIo();
  const code = await runCli(argv, { ...run.io, env });
  return { code, out: run.out.join(''), err: run.err.join('') };
}

const linesOf = (file: string): Record<string, unknown>[] =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('npm run export and npm run restore: the round trip under load', () => {
  let source: { dir: string; remove: () => void };
  let work: { dir: string; remove: () => void };
  let file: string;
  let ids: string[];
  let served: unknown[];
  let live: string[];
  let keyed: string;

  before(async function () {
    this.timeout(60_000);
    source = tempDir('hrss-export-');
    work = tempDir('hrss-export-work-');
    file = path.join(work.dir, 'log.ndjson');
    const h = await startApi({ date: '2026-06-01', dataDir: source.dir });
    try {
      ids = [];
      for (let i = 0; i < 5; i++) {
        const id = await submitItem(h);
        await done(h, id, 'accept');
        if (i % 2 === 0) await done(h, id, 'decide', { outcome: 'approved', legalBasis: '《社会保险法》' });
        ids.push(id);
      }
      for (let i = 0; i < 30; i++) await submitItem(h);
      keyed = await submitItem(h, ZHANG, itemBody(), 'restore-retry-1');
      served = await Promise.all(ids.map(async (id) => bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG))));
      // Writes go on while the export runs.
      let writing = true;
      let during = 0;
      const traffic = (async () => {
        while (writing) {
          await submitItem(h);
          during++;
        }
      })();
      await new Promise((r) => setTimeout(r, 50));
      const exported = await cli({ DATA_DIR: source.dir }, 'export', file);
      await new Promise((r) => setTimeout(r, 50));
      writing = false;
      await traffic;
      expect(exported.code, exported.err).to.equal(0);
      expect(during, 'writes while exporting').to.be.greaterThan(0);
      live = (await h.log()).map((e) => e.eventId);
    } finally {
      await h.dispose();
    }
  });
  after(() => {
    source.remove();
    work.remove();
  });

  it('exports a consistent prefix of the live log, with every hash, a header and a last line', async () => {
    const lines = linesOf(file);
    const [header, ...rest] = lines;
    const trailer = rest.pop()!;
    expect(header).to.include({ format: 'hrss-log/1', backend: 'sqlite', chain: 'global' });
    expect(rest.length).to.equal(header!.head).and.be.lessThan(live.length);
    expect(rest.map((r) => r.position)).to.deep.equal(rest.map((_, i) => i + 1));
    expect(rest.map((r) => r.eventId)).to.deep.equal(live.slice(0, rest.length));
    expect(rest.every((r) => typeof r.hash === 'string' && /^[0-9a-f]{64}$/.test(r.hash))).to.equal(true);
    expect(trailer).to.deep.equal({ end: true, events: rest.length, head: { position: rest.length, hash: rest.at(-1)!.hash } });
    const again = await cli({ DATA_DIR: source.dir }, 'export', file);
    expect(again.code, 'an export is never overwritten').to.equal(1);
    expect(linesOf(file)).to.deep.equal(lines);
  });

  it('restores into an empty data directory, verified, and the service on it answers as the original did', async function () {
    this.timeout(60_000);
    const target = tempDir('hrss-restored-');
    try {
      // Into a data directory that does not exist yet.
      const restored = await cli({ DATA_DIR: path.join(target.dir, 'data') }, 'restore', file);
      expect(restored.code, restored.err).to.equal(0);
      expect(restored.out).to.match(/verified: \d+ events/).and.contain('restored and verified');
      expect((await cli({ DATA_DIR: path.join(target.dir, 'data') }, 'verify')).code).to.equal(0);
      const h = await startApi({ date: '2026-06-01', dataDir: path.join(target.dir, 'data') });
      try {
        for (const [i, id] of ids.entries()) expect(bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG))).to.deep.equal(served[i]);
        // A client's retry of a request answered before the export is answered from the restored log: same case, nothing appended.
        const before = await h.head();
        expect(await submitItem(h, ZHANG, itemBody(), 'restore-retry-1')).to.equal(keyed);
        expect(await h.head()).to.equal(before);
      } finally {
        await h.dispose();
      }
      const again = await cli({ DATA_DIR: path.join(target.dir, 'data') }, 'restore', file);
      expect(again.code).to.equal(1);
      expect(again.err).to.contain('restore only into an empty data directory');
    } finally {
      target.remove();
    }
  });

  it('refuses a file altered or cut short, installing nothing', async () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const altered = path.join(work.dir, 'altered.ndjson');
    writeFileSync(altered, lines.map((l, i) => (i === 3 ? l.replace('"revision":0', '"revision":0 ').replace('applicant', 'applicanT') : l)).join('\n') + '\n');
    const cut = path.join(work.dir, 'cut.ndjson');
    writeFileSync(cut, lines.slice(0, -5).join('\n') + '\n');
    for (const [bad, reason] of [
      [altered, /does not verify; nothing installed[\s\S]*position 3 .*altered/],
      [cut, /restore refused: .*cut short/],
    ] as const) {
      const target = tempDir('hrss-refused-');
      try {
        const r = await cli({ DATA_DIR: target.dir }, 'restore', bad);
        expect(r.code).to.equal(1);
        expect(r.err).to.match(reason);
        expect(existsSync(path.join(target.dir, 'events.sqlite'))).to.equal(false);
      } finally {
        target.remove();
      }
    }
  });
});

await describePostgres('npm run restore into PostgreSQL', () => {
  it('installs a SQLite export into an empty database, verified there, the service on it answering as before; never into one that holds a log', async function () {
    this.timeout(60_000);
    const source = tempDir('hrss-export-pg-');
    const db = await temporaryDatabase();
    try {
      const h = await startApi({ date: '2026-06-01', dataDir: source.dir });
      const ids: string[] = [];
      let served: unknown[];
      try {
        for (let i = 0; i < 5; i++) ids.push(await submitItem(h));
        served = await Promise.all(ids.map(async (id) => bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG))));
      } finally {
        await h.dispose();
      }
      const file = path.join(source.dir, 'log.ndjson');
      expect((await cli({ DATA_DIR: source.dir }, 'export', file)).code).to.equal(0);
      const env = { STORE: 'postgres', DATABASE_URL: db.url, DATA_DIR: source.dir };
      const restored = await cli(env, 'restore', file);
      expect(restored.code, restored.err).to.equal(0);
      const verified = await cli(env, 'verify');
      expect(verified.code, verified.err).to.equal(0);
      const exportedHead = linesOf(file).at(-1)!.head as { position: number; hash: string };
      expect(verified.out).to.contain(`up to position ${exportedHead.position}`);
      // The read models build from the restored log when the service starts (on PostgreSQL too, by default).
      const restoredApi = await startApi({ date: '2026-06-01', env: { STORE: 'postgres', DATABASE_URL: db.url } });
      try {
        for (const [i, id] of ids.entries()) expect(bodyAs(StatusView, await restoredApi.get(`${API}/applications/${id}`, ZHANG))).to.deep.equal(served[i]);
      } finally {
        await restoredApi.dispose();
      }
      const again = await cli(env, 'restore', file);
      expect(again.code).to.equal(1);
      expect(again.err).to.contain('already holds an event log');
    } finally {
      source.remove();
      await db.drop();
    }
  });
});
