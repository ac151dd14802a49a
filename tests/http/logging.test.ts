import { once } from 'node:events';
import { createServer, get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { z } from 'zod';
import { request } from './support/checked-request.js';
import type { Request, Response } from 'express';
import { requestLogger, requestLogging } from '../../infra/http/request-logging.js';
import { createLogger } from '../../infra/logging/logger.js';
import { maskIdNumber, maskIdentityNumbers } from '../../infra/logging/mask-identity.js';
import { clerk, makeTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { probeRoutes } from './support/probe-routes.js';
import type { RouteModule } from '../../infra/http/route-spec.js';

const ID = '440101199003071234';
const ID_X = '44010119900307123X';

/** A route module with one GET route that runs `work` and answers an empty body. */
function getRoute(path: string, work: () => Promise<void>): RouteModule {
  return {
    name: path.slice(1),
    register(route) {
      route({
        method: 'get',
        path,
        summary: `test route ${path}`,
        responses: { 200: { description: 'ok', schema: z.object({}) } },
        handler: async () => {
          await work();
          return { body: {} };
        },
      });
    },
  };
}

describe('structured logging', () => {
  describe('identity numbers are masked', () => {
    it('masks an id number logged in a body, a message and a nested array, and an idNumber field of any format', () => {
      const lines: string[] = [];
      const logger = createLogger({ level: 'info', sink: { write: (l: string) => lines.push(l) } });
      logger.info(
        {
          body: { applicant: { name: '张三', idNumber: ID }, members: [{ note: `id ${ID_X} given` }], passport: { idNumber: 'E12345678' } },
          raw: JSON.stringify({ idNumber: ID }),
        },
        `submitted for ${ID}`,
      );
      logger.child({ who: ID }).warn('child bindings too');
      const output = lines.join('');
      expect(lines).to.have.length(2);
      expect(output).not.to.contain(ID);
      expect(output).not.to.contain(ID_X);
      expect(output).not.to.contain('E12345678');
      expect(output).not.to.match(/\d{17}[\dXx]/);
      const entry = JSON.parse(lines[0]!) as { msg: string; body: { applicant: { idNumber: string; name: string }; passport: { idNumber: string } } };
      expect(entry.body.applicant.idNumber).to.equal('4401**********1234');
      expect(entry.body.applicant.name).to.equal('张三');
      expect(entry.body.passport.idNumber).to.equal('E123*5678');
      expect(entry.msg).to.equal('submitted for 4401**********1234');
    });

    it('leaves other long numbers alone', () => {
      expect(maskIdentityNumbers('position 123456789012345678 and time 1700000000000')).to.equal('position 123456789012345678 and time 1700000000000');
      expect(maskIdentityNumbers(`a${ID}b`)).to.equal('a4401**********1234b');
      expect(maskIdNumber('1234')).to.equal('****');
    });

    it('never writes an id number from a failed request to the log', async () => {
      const t = makeTestApp({ routes: [probeRoutes().module] });
      await request(t.app).get('/api/v1/probe/boom').expect(500);
      await request(t.app).get(`/api/v1/catalog/items?q=${ID}`).expect(200);
      t.close();
      const output = t.logLines.join('');
      expect(output).to.contain('4401**********1234');
      expect(output).not.to.contain(ID);
    });
  });

  describe('request ids', () => {
    let t: TestApp;
    beforeEach(() => {
      t = makeTestApp({ routes: [probeRoutes().module] });
    });
    afterEach(() => t.close());

    it('honours X-Request-Id and stamps it on every line of the request, including the root logger', async () => {
      const res = await request(t.app)
        .get('/api/v1/probe/clerk-only')
        .set('X-Request-Id', 'portal-abc-123')
        .set('Authorization', await t.bearer(clerk()))
        .expect(200);
      expect(res.headers['x-request-id']).to.equal('portal-abc-123');
      const lines = t.logs().filter((l) => l.requestId === 'portal-abc-123');
      expect(lines.map((l) => l.msg)).to.include.members(['clerk scope read', 'request completed']);
      // The completion line carries the request id once, as a binding, not twice.
      const completion = t.logLines.find((l) => l.includes('request completed'))!;
      expect(completion.match(/"requestId"/g)).to.have.length(1);
      expect(completion).not.to.match(/Bearer|authorization/i);
    });

    it('stamps a request id on lines logged by code that only has the root logger', async () => {
      const probe = probeRoutes();
      const t2 = makeTestApp({
        routes: [
          probe.module,
          getRoute('/deep', async () => {
            await new Promise((r) => setTimeout(r, 1));
            t2.logger.info('deep in a service');
          }),
        ],
      });
      const res = await request(t2.app).get('/api/v1/deep').expect(200);
      t2.close();
      const deep = t2.logs().find((l) => l.msg === 'deep in a service');
      expect(deep?.requestId).to.equal(res.headers['x-request-id']);
    });

    it('logs one line per request when it ends: completed, or aborted when the client hung up first', async () => {
      let arrived: () => void = () => undefined;
      const reached = new Promise<void>((r) => (arrived = r));
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => (release = r));
      const t3 = makeTestApp({
        routes: [
          getRoute('/hang', async () => {
            arrived();
            await gate;
          }),
        ],
      });
      const server = createServer(t3.app).listen(0, '127.0.0.1');
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      const client = httpGet({ host: '127.0.0.1', port, path: '/api/v1/hang', headers: { 'X-Request-Id': 'gone-away-1' } });
      client.on('error', () => undefined);
      await reached;
      client.destroy();
      await new Promise((r) => setTimeout(r, 50));
      release();
      await request(t3.app).get('/health').set('X-Request-Id', 'still-here-1').expect(200);
      server.close();
      t3.close();
      const aborted = t3.logs().filter((l) => l.requestId === 'gone-away-1');
      expect(aborted.map((l) => [l.level, l.msg])).to.deep.equal([['warn', 'request aborted']]);
      const completed = t3.logs().filter((l) => l.requestId === 'still-here-1');
      expect(completed.map((l) => [l.level, l.msg])).to.deep.equal([['info', 'request completed']]);
      expect(completed[0]).to.deep.include({ req: { method: 'GET', url: '/health' }, res: { statusCode: 200 } });
      expect(completed[0]!.responseTime).to.be.a('number');
    });

    it('adds only data properties to a request, and makes its child logger once, when first asked for', async () => {
      // An accessor defined on each request gives every request a hidden class of its own (request-logging.ts).
      const logger = createLogger({ level: 'silent' });
      const [middleware] = requestLogging(logger);
      const seen: { accessors: string[]; first: unknown; again: unknown; children: number }[] = [];
      let children = 0;
      const child = logger.child.bind(logger);
      logger.child = ((...args: Parameters<typeof logger.child>) => (children++, child(...args))) as typeof logger.child;
      const server = createServer((req, res) => {
        const before = children;
        middleware!(req as Request, res as Response, () => {
          const own = Object.getOwnPropertyNames(req).concat(Object.getOwnPropertySymbols(req).map(String));
          const accessors = own.filter((name) => {
            const key = Object.getOwnPropertySymbols(req).find((s) => String(s) === name) ?? name;
            const descriptor = Object.getOwnPropertyDescriptor(req, key);
            return descriptor !== undefined && (descriptor.get !== undefined || descriptor.set !== undefined);
          });
          const untouched = children - before;
          const first = requestLogger(req);
          const again = requestLogger(req);
          seen.push({ accessors, first, again, children: untouched });
          res.end();
        });
      }).listen(0, '127.0.0.1');
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      await new Promise<void>((resolve, reject) => httpGet({ host: '127.0.0.1', port, path: '/' }, (r) => (r.resume(), r.on('end', resolve))).on('error', reject));
      server.close();
      expect(seen).to.have.length(1);
      expect(seen[0]!.accessors).to.deep.equal([]);
      // No child logger until asked for; then one, the same on every call.
      expect(seen[0]!.children).to.equal(0);
      expect((seen[0]!.first as { info?: unknown } | undefined)?.info).to.be.a('function');
      expect(seen[0]!.again).to.equal(seen[0]!.first);
      expect(children).to.equal(1);
    });

    it('generates a uuid when the caller sends none or an unusable one', async () => {
      const none = await request(t.app).get('/health').expect(200);
      expect(none.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
      const odd = await request(t.app).get('/health').set('X-Request-Id', 'bad id with spaces').expect(200);
      expect(odd.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
      expect(t.logs().every((l) => typeof l.requestId === 'string')).to.equal(true);
    });
  });
});
