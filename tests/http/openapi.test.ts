import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import { request } from './support/checked-request.js';
import { z } from 'zod';
import { openApiPath } from '../../infra/http/openapi/operation.js';
import { createRouteDefiner } from '../../infra/http/route.js';
import type { RouteRuntime } from '../../infra/http/route.js';
import type { OperationRecord } from '../../infra/http/openapi/operation.js';
import express from 'express';
import { makeTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { probeRoutes } from './support/probe-routes.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, unknown> };
};

describe('OpenAPI 3.1 document and docs page', () => {
  let t: TestApp;
  let doc: Doc;
  before(async () => {
    t = makeTestApp({ routes: [probeRoutes().module] });
    doc = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body as Doc;
  });
  after(() => t.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).to.equal('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors, JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).to.equal(undefined);
    expect(result.valid).to.equal(true);
  });

  it('lists every registered route, and nothing else', () => {
    const registered = t.operations.map((op) => `${op.method} ${openApiPath(op.path)}`).sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
      .sort();
    expect(documented).to.deep.equal(registered);
    for (const expected of [
      'get /health',
      'get /ready',
      'get /api/v1/openapi.json',
      'get /api/v1/catalog/items',
      'get /api/v1/catalog/items/{code}',
      'get /api/v1/catalog/bundles',
      'get /api/v1/catalog/bundles/{code}',
      'get /api/v1/catalog/fast-track',
      'put /api/v1/probe/things/{id}',
    ]) {
      expect(documented).to.include(expected);
    }
  });

  it('documents parameters, bodies, roles and problems from the zod schemas', () => {
    const items = doc.paths['/api/v1/catalog/items']!.get!;
    const names = (items.parameters as { name: string; in: string }[]).map((p) => `${p.in}:${p.name}`);
    expect(names).to.include.members(['query:category', 'query:fastTrack', 'query:q']);
    expect(items.security).to.deep.equal([]);

    const create = doc.paths['/api/v1/probe/things']!.post!;
    const body = (create.requestBody as { required: boolean; content: Record<string, { schema: { required: string[] } }> });
    expect(body.required).to.equal(true);
    expect(body.content['application/json']!.schema.required).to.include.members(['name', 'count', 'applicant']);
    expect(create.security).to.deep.equal([{ bearerAuth: [] }]);
    expect(create['x-roles']).to.deep.equal(['applicant']);
    expect(Object.keys(create.responses as object)).to.include.members(['201', '400', '401', '403', '409', '413', '422', '429', '500']);
    expect((create.parameters as { name: string }[]).map((p) => p.name)).to.include('Idempotency-Key');

    const update = doc.paths['/api/v1/probe/things/{id}']!.put!;
    const ifMatch = (update.parameters as { name: string; in: string; required: boolean }[]).find((p) => p.name === 'If-Match');
    expect(ifMatch).to.include({ in: 'header', required: true });
    expect(Object.keys(update.responses as object)).to.include.members(['412', '428']);
  });

  it('resolves every $ref to a component', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).to.be.greaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref).to.match(/^#\/components\/schemas\//);
      expect(doc.components.schemas, ref).to.have.property(ref.replace('#/components/schemas/', ''));
    }
    expect(doc.components.schemas).to.include.keys('Problem', 'ServiceItem', 'ItemSummary');
  });

  it('serves a docs page and its assets from node_modules (no internet needed)', async () => {
    const page = await request(t.app).get('/api/v1/docs').expect(200).expect('Content-Type', /text\/html/);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.every((a) => a.startsWith('/api/v1/docs/assets/'))).to.equal(true);
    // The page's static files are served beside the API, not operations of it.
    const staticFile = 'a static file of the docs page, not an API operation';
    for (const asset of assets) await request(t.app).get(asset).undocumented(staticFile).expect(200);
    const start = await request(t.app).get('/api/v1/docs/assets/start.js').undocumented(staticFile).expect(200);
    expect(start.text).to.contain('"/api/v1/openapi.json"');
  });
});

describe('route helper', () => {
  const runtime = {} as RouteRuntime;
  const define = (operations: OperationRecord[] = []) =>
    createRouteDefiner({ router: express.Router(), mountPath: '/api/v1', tag: 't', runtime, operations });
  const ok = () => ({ body: {} });

  it('refuses path parameters that differ from the params schema', () => {
    expect(() =>
      define()({ method: 'get', path: '/x/:id', summary: 's', params: z.object({ code: z.string() }), responses: { 200: { description: 'd' } }, handler: ok }),
    ).to.throw(/differ from the params schema/);
  });

  it('refuses express path patterns it cannot document exactly', () => {
    expect(() => define()({ method: 'get', path: '/x/*rest', summary: 's', responses: { 200: { description: 'd' } }, handler: ok })).to.throw(/literal segments/);
  });

  it('refuses a route defined twice', () => {
    const route = define();
    route({ method: 'get', path: '/x', summary: 's', responses: { 200: { description: 'd' } }, handler: ok });
    expect(() => route({ method: 'get', path: '/x', summary: 's', responses: { 200: { description: 'd' } }, handler: ok })).to.throw(/defined twice/);
  });

  it('names operations after method and path unless told otherwise', () => {
    const operations: OperationRecord[] = [];
    define(operations)({ method: 'get', path: '/applications/:id/timeline', summary: 's', responses: { 200: { description: 'd' } }, handler: ok });
    expect(operations[0]!.operationId).to.equal('getApplicationsByIdTimeline');
  });
});
