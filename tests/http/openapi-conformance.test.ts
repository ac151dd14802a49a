import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { z } from 'zod';
import type { RouteModule } from '../../infra/http/route-spec.js';
import { startServer } from '../../infra/http/server.js';
import { createLogger } from '../../infra/logging/logger.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { checkedFetch, request } from './support/checked-request.js';
import { ResponseConformance } from './support/openapi-conformance.js';
import type { Answer, OpenApiDoc } from './support/openapi-conformance.js';
import { BOSS, submitItem } from './support/api-flows.js';
import { problemOf } from './support/bodies.js';
import { makeTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

const json = (status: number, body: unknown, url = '/things/7', method = 'get'): Answer => ({
  method,
  url,
  status,
  contentType: 'application/json; charset=utf-8',
  text: JSON.stringify(body),
});

/** A small document: a templated and a literal path, a $ref into components, a 4XX range and a bodiless 204. */
const DOC: OpenApiDoc = {
  paths: {
    '/things/{id}': {
      get: {
        responses: {
          '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } }, 'text/csv': { schema: { type: 'string' } } } },
          '4XX': { content: { 'application/problem+json': { schema: { type: 'object', properties: { status: { type: 'integer' } }, required: ['status'] } } } },
        },
      },
      delete: { responses: { '204': { description: 'gone' } } },
      put: { responses: { '200': { description: 'done, nothing to say' } } },
    },
    '/things/special': { get: { responses: { '200': { content: { 'application/json': { schema: { type: 'array' } } } } } } },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        properties: { id: { type: 'string', format: 'uuid' }, n: { type: 'integer' } },
        required: ['id', 'n'],
        additionalProperties: false,
      },
    },
  },
};
const ID = '0b7e7d3c-5a0e-4a4e-9f8e-3c2f1f9f6b11';

describe('every answer against the served OpenAPI document', () => {
  describe('the check (Ajv 2020-12 over the document)', () => {
    const check = new ResponseConformance(DOC);

    it('accepts an answer the document describes, through a $ref, a format, a 4XX range and a second media type', () => {
      expect(check.violations(json(200, { id: ID, n: 3 }))).to.deep.equal([]);
      expect(check.violations({ ...json(404, { status: 404 }), contentType: 'application/problem+json' })).to.deep.equal([]);
      expect(check.violations({ method: 'get', url: '/things/7?format=csv', status: 200, contentType: 'text/csv; charset=utf-8', text: 'a,b\n' })).to.deep.equal([]);
      expect(check.violations({ method: 'delete', url: '/things/7', status: 204, contentType: undefined, text: '' })).to.deep.equal([]);
    });

    it('names what disagrees: the status, the content type, the body, a body where none is documented', () => {
      expect(check.violations(json(500, { status: 500 }))).to.deep.equal(['status 500 is not documented (documented: 200, 4XX)']);
      expect(check.violations({ ...json(200, { id: ID, n: 3 }), contentType: 'text/html' })).to.deep.equal(['status 200 documents application/json, text/csv, not text/html']);
      expect(check.violations(json(200, { id: 'not-a-uuid', n: 3 })).join()).to.match(/body\/id must match format "uuid"/);
      expect(check.violations(json(200, { id: ID, n: 3, extra: true })).join()).to.match(/must NOT have additional properties/);
      expect(check.violations({ method: 'put', url: '/things/7', status: 200, contentType: 'application/json', text: '{}' })).to.deep.equal([
        'status 200 is documented without a body, but the answer has one (application/json)',
      ]);
      expect(check.violations({ ...json(200, {}), text: '{oops' }).join()).to.match(/not JSON/);
    });

    it('matches the path by template, a literal path before a template, and the method', () => {
      expect(check.violations(json(200, [], '/things/special'))).to.deep.equal([]);
      expect(check.violations(json(200, { id: ID, n: 1 }, '/things/special'))).to.have.length(1);
      expect(check.violations(json(200, {}, '/things/7/more'))).to.deep.equal(['no path of the document matches /things/7/more']);
      expect(check.violations(json(200, {}, '/things/7', 'patch'))).to.deep.equal(['/things/{id} documents no PATCH operation']);
    });
  });

  describe('the hook on every test request', () => {
    /** A route whose answer drifts from what it documents, and one that keeps to it. */
    const drifting: RouteModule = {
      name: 'drift',
      register(route) {
        route({
          method: 'get',
          path: '/drift',
          summary: 'Answers n as a string although it documents a number',
          responses: { 200: { description: 'n', schema: z.object({ n: z.number() }) } },
          handler: () => ({ body: { n: 'seven' } }),
        });
        route({
          method: 'get',
          path: '/steady',
          summary: 'Answers as documented',
          responses: { 200: { description: 'n', schema: z.object({ n: z.number() }) } },
          handler: () => ({ body: { n: 7 } }),
        });
      },
    };
    let t: TestApp;
    before(() => {
      t = makeTestApp({ routes: [drifting] });
    });
    after(() => t.close());

    it('fails a request whose answer disagrees with the document, even when the test expects its status', async () => {
      const error = await request(t.app).get('/api/v1/drift').expect(200).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.contain('GET /api/v1/drift → 200').and.contain('disagrees with the served OpenAPI document').and.contain('body/n must be number');
      expect((await request(t.app).get('/api/v1/steady').expect(200)).body).to.deep.equal({ n: 7 });
    });

    it('lets a call opt out only with a reason, and only while its answer really is undocumented', async () => {
      await request(t.app).get('/api/v1/drift').undocumented('this test drifts on purpose').expect(200);
      const stale = await request(t.app).get('/api/v1/steady').undocumented('claimed undocumented, but it is not').then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(stale?.message).to.contain('remove the opt-out');
      expect(() => request(t.app).get('/api/v1/drift').undocumented(' ')).to.throw(/needs its reason/);
    });

    it('checks fetch against the document the server serves', async () => {
      const running = await startServer({ app: t.app, host: '127.0.0.1', port: 0, logger: createLogger({ level: 'silent' }), shutdownTimeoutMs: 1000, closeHooks: [] });
      try {
        expect((await checkedFetch(`${running.url}/api/v1/steady`)).status).to.equal(200);
        const error = await checkedFetch(`${running.url}/api/v1/drift`).then(
          () => null,
          (e: unknown) => e as Error,
        );
        expect(error?.message).to.contain('disagrees with the served OpenAPI document');
        await checkedFetch(`${running.url}/api/v1/drift`, {}, { undocumented: 'this test drifts on purpose' });
      } finally {
        await running.shutdown('test');
      }
    });
  });

  describe('the HTTP tests use the checked clients', () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    /**
     * Raw clients left on purpose, by file, with the reason: none of them receives an answer of the API's
     * routes that a checked client could check.
     */
    const RAW_CLIENTS: Record<string, string> = {
      'express-prototypes.test.ts': 'a bare express app of its own, not the API: it has no document',
      'logging.test.ts': 'a bare http server with only the logging middleware, and a request the client abandons before any answer',
      'server-shutdown.test.ts': 'a connection held through a shutdown; its answer is checked with conformanceOf',
      'support/checked-request.ts': 'the checked clients themselves',
    };
    // Value imports only: `import type { Response } from 'supertest'` sends nothing.
    const RAW = new RegExp([String.raw`^import (?!type )[^;]*from '(supertest|node:http|http)'`, String.raw`(?<![\w.])fetch\(`].join('|'), 'm');

    function sources(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
      });
    }

    it('no test file under tests/http talks to the API through supertest, fetch or node:http directly', () => {
      const raw = sources(here)
        .map((file) => path.relative(here, file).split(path.sep).join('/'))
        .filter((file) => RAW.test(readFileSync(path.join(here, file), 'utf8')) && RAW_CLIENTS[file] === undefined);
      expect(raw, 'use request() and checkedFetch() of support/checked-request.ts, or list the file with its reason').to.deep.equal([]);
    });
  });

  describe('the composed API', () => {
    let h: ApiHarness;
    type Doc = {
      jsonSchemaDialect?: string;
      servers?: { url: string }[];
      info: { license?: { name: string } };
      tags: { name: string; description?: string }[];
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    let doc: Doc;
    before(async () => {
      h = await startApi();
      doc = (await h.get(`${API}/openapi.json`)).body as Doc;
    });
    after(() => h.dispose());

    it('keeps the default JSON Schema dialect, which Swagger UI renders without a warning', () => {
      // Swagger UI supports only the OpenAPI 3.1 default dialect and warns in red on any other.
      expect([undefined, 'https://spec.openapis.org/oas/3.1/dialect/base']).to.include(doc.jsonSchemaDialect);
      // Nor does a schema name a dialect of its own.
      expect(JSON.stringify(doc)).not.to.contain('"$schema"');
    });

    it('states its servers and licence, describes every tag, and documents a 4XX on every operation', () => {
      expect(doc.servers).to.have.length.greaterThan(0);
      expect(doc.info.license?.name).to.equal('MIT');
      expect(doc.tags.filter((t) => !t.description).map((t) => t.name)).to.deep.equal([]);
      const without4xx = Object.entries(doc.paths).flatMap(([p, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => !Object.keys(op.responses).some((s) => s.startsWith('4')))
          .map(([m]) => `${m} ${p}`),
      );
      expect(without4xx).to.deep.equal([]);
    });

    it('lets a harness call opt out with its reason too', async () => {
      const res = await h.undocumented('a path the API does not have: no operation documents it').get(`${API}/no-such-thing`, undefined);
      expect(res.status).to.equal(404);
      const stale = await h.undocumented('claimed undocumented, but the catalog list is documented').get(`${API}/catalog/items`).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(stale?.message).to.contain('remove the opt-out');
    });

    it('answers a malformed JSON body with the documented 400 on any route, a GET without a body schema too', async () => {
      for (const route of ['/health', `${API}/catalog/bundles`, `${API}/openapi.json`]) {
        const res = await request(h.api.app).get(route).set('Content-Type', 'application/json').send('{"oops"');
        expect(res.status, route).to.equal(400);
        expect(problemOf(res).detail).to.equal('The request body is not valid JSON.');
      }
    });

    it('documents a published report as frozen, rows with their dimension and month, and its CSV beside the JSON', async () => {
      const read = doc.paths[`${API}/reports/{month}`]!.get!.responses['200'] as { content: Record<string, unknown> };
      expect(Object.keys(read.content)).to.deep.equal(['application/json', 'text/csv']);
      await submitItem(h);
      // Each answer below is checked against the document by the harness; the rows are there to be checked.
      const published = await h.post(`${API}/reports`, BOSS, { month: '2026-09' });
      expect(published.status, JSON.stringify(published.body)).to.equal(201);
      const rows = (published.body as { report: { sections: Record<string, { dimension?: string; month?: string | null }[]> } }).report.sections;
      expect(rows.department?.[0]).to.include({ dimension: 'department', month: null });
      expect((await h.get(`${API}/reports/2026-09`, BOSS)).status).to.equal(200);
      const csv = await h.get(`${API}/reports/2026-09?format=csv`, BOSS);
      expect(csv.headers['content-type']).to.match(/^text\/csv/);
      expect((await h.get(`${API}/reports/2026-09`, BOSS, { Accept: 'text/csv' })).headers['content-type']).to.match(/^text\/csv/);
    });
  });
});
