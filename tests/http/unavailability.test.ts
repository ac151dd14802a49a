import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import type { RouteModule } from '../../infra/http/route-spec.js';
import { createPostgresStore } from '../../infra/store/postgres-store.js';
import { visitBatch } from '../support/sample-events.js';
import { tempDir } from '../support/sqlite-harness.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { ID_NUMBER, WANG, itemBody } from './support/api-flows.js';
import { problemOf } from './support/bodies.js';
import { request } from './support/checked-request.js';
import { makeTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { probeRoutes } from './support/probe-routes.js';

type LogLine = { level: string; msg: string; status?: number; type?: string; detail?: string; err?: { message: string; stack: string }; requestId?: string };
const linesOf = (raw: string[], requestId: string): LogLine[] => raw.map((l) => JSON.parse(l) as LogLine).filter((l) => l.requestId === requestId);

/** A POST that appends to a PostgreSQL store whose server does not answer (port 1): the real adapter's error. */
function unreachableStore(): RouteModule {
  const store = createPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/hrss', registry: eventRegistry });
  return {
    name: 'unreachable',
    register(route) {
      route({
        method: 'post',
        path: '/unreachable/writes',
        summary: 'Appends to an event store whose server is down',
        responses: { 204: { description: 'written' } },
        handler: async () => {
          await store.append(`application-${randomUUID()}`, visitBatch(1), { expectedVersion: 'no_stream' });
          return { status: 204 };
        },
      });
    },
  };
}

/** A POST that writes to an SQLite file another connection holds locked: SQLite answers SQLITE_BUSY at once. */
function lockedWrite(file: string): RouteModule {
  return {
    name: 'locked',
    register(route) {
      route({
        method: 'post',
        path: '/locked/writes',
        summary: 'Writes to a database another connection has locked',
        responses: { 204: { description: 'written' } },
        handler: () => {
          const db = new Database(file, { timeout: 0 });
          try {
            db.prepare('INSERT INTO t (v) VALUES (1)').run();
          } finally {
            db.close();
          }
          return { status: 204 };
        },
      });
    },
  };
}

describe('unavailability answers: Retry-After only where waiting helps, and every 5xx logged with its reason', () => {
  describe('calendar-not-covered', () => {
    let h: ApiHarness;
    before(async () => {
      // Late December of the last provisional year: a deadline counted from here falls in a year not covered.
      h = await startApi({ date: '2028-12-18' });
    });
    after(() => h.dispose());

    it('answers a 秒批 submission whose deadline falls beyond the calendar with 503, no Retry-After, and logs why', async () => {
      const head = await h.head();
      // SB-021's rule holds: it is accepted and decided on submission, so its 20-working-day term is counted now.
      const body = itemBody({
        itemCode: 'SB-021',
        form: { insuredMonths: 24, claimedThisYear: false },
        materials: [
          { code: 'id-card', source: 'e-licence', reference: 'EL-ID-4406' },
          { code: 'skill-certificate', source: 'e-licence', reference: 'EL-SK-1' },
        ],
      });
      const res = await h.post(`${API}/applications`, WANG, body, { 'X-Request-Id': 'uncovered-1' });
      expect(res.status, JSON.stringify(res.body)).to.equal(503);
      const problem = problemOf(res);
      expect(problem.type).to.equal('urn:one-network-hrss:problem:calendar-not-covered');
      // Waiting does not help, importing the holiday notice does: a client must not be told to retry.
      expect(res.headers['retry-after']).to.equal(undefined);
      expect(await h.head()).to.equal(head);

      const failed = linesOf(h.logLines, 'uncovered-1').filter((l) => l.msg === 'request failed');
      expect(failed).to.have.length(1);
      expect(failed[0]).to.deep.include({ level: 'error', status: 503, type: problem.type, detail: problem.detail });
      // An expected outage, not a bug: no stack.
      expect(failed[0]!.err).to.equal(undefined);
      expect(h.logLines.join('')).not.to.contain(ID_NUMBER);
    });
  });

  describe('store busy and unexpected failures', () => {
    let t: TestApp;
    const dir = tempDir('hrss-busy-');
    const file = path.join(dir.dir, 'locked.db');
    let holder: Database.Database;
    before(() => {
      holder = new Database(file);
      holder.exec('CREATE TABLE t (v INTEGER)');
      t = makeTestApp({ routes: [probeRoutes().module, lockedWrite(file), unreachableStore()] });
    });
    after(() => {
      holder.close();
      t.close();
      dir.remove();
    });

    it('answers a write the store cannot take now with 503 store-busy and Retry-After, and logs it', async () => {
      holder.exec('BEGIN EXCLUSIVE');
      try {
        const res = await request(t.app).post(`${API}/locked/writes`).set('X-Request-Id', 'busy-1').expect(503);
        const problem = problemOf(res);
        expect(problem.type).to.equal('urn:one-network-hrss:problem:store-busy');
        expect(res.headers['retry-after']).to.equal('1');
        expect(JSON.stringify(problem)).not.to.match(/SQLITE|locked\.db/);
        const failed = linesOf(t.logLines, 'busy-1').filter((l) => l.msg === 'request failed');
        expect(failed.map((l) => [l.level, l.status, l.type, l.detail])).to.deep.equal([['error', 503, problem.type, problem.detail]]);
      } finally {
        holder.exec('ROLLBACK');
      }
      await request(t.app).post(`${API}/locked/writes`).expect(204);
    });

    it('answers a write to an event store whose server is down with 503 store-unavailable and Retry-After, and logs it', async () => {
      const res = await request(t.app).post(`${API}/unreachable/writes`).set('X-Request-Id', 'down-1').expect(503);
      const problem = problemOf(res);
      expect(problem.type).to.equal('urn:one-network-hrss:problem:store-unavailable');
      expect(res.headers['retry-after']).to.equal('5');
      expect(JSON.stringify(problem)).not.to.match(/ECONNREFUSED|127\.0\.0\.1/);
      const failed = linesOf(t.logLines, 'down-1').filter((l) => l.msg === 'request failed');
      expect(failed.map((l) => [l.level, l.status, l.type])).to.deep.equal([['error', 503, problem.type]]);
    });

    it('logs an unexpected 500 as one line with its status, type, detail and the error, identity numbers masked', async () => {
      const res = await request(t.app).get(`${API}/probe/boom`).set('X-Request-Id', 'boom-1').expect(500);
      expect(res.headers['retry-after']).to.equal(undefined);
      const failed = linesOf(t.logLines, 'boom-1').filter((l) => l.msg === 'request failed');
      expect(failed).to.have.length(1);
      expect(failed[0]).to.deep.include({ level: 'error', status: 500, type: 'about:blank', detail: problemOf(res).detail });
      expect(failed[0]!.err?.message).to.equal('db at /srv/data/events.sqlite refused 4401**********1234');
      expect(t.logLines.join('')).not.to.contain('440101199003071234');
    });

    it('logs a refusal the client caused below error level, without a 5xx line', async () => {
      await request(t.app).get(`${API}/probe/clerk-only`).set('X-Request-Id', 'refused-1').expect(401);
      expect(linesOf(t.logLines, 'refused-1').map((l) => [l.level, l.msg])).to.deep.equal([
        ['debug', 'request refused'],
        ['info', 'request completed'],
      ]);
    });
  });
});
