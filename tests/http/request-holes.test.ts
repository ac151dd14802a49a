import { expect } from 'chai';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { CHEN, etagOf, submitItem } from './support/api-flows.js';
import { problemOf } from './support/bodies.js';

// Holes an outside fuzzer found (issue 18): each answered as the client's mistake, changing nothing.
describe('request holes', () => {
  let h: ApiHarness;
  before(async () => {
    h = await startApi({ date: '2026-06-01' });
  });
  after(() => h.dispose());

  it('answers a malformed percent-encoding in any path parameter with 400 naming the path, on every parameterised route', async () => {
    const doc = (await h.get(`${API}/openapi.json`)).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).filter(([path]) => path.includes('{'));
    expect(routes.length).to.be.greaterThan(10);
    for (const [template, operations] of routes) {
      const path = template.replace(/\{[^}]+\}/g, '%E0%A4%A');
      for (const method of Object.keys(operations).filter((m) => m === 'get' || m === 'post')) {
        const res = method === 'get' ? await h.get(path.replace(/^\/api\/v1/, API), CHEN) : await h.post(path.replace(/^\/api\/v1/, API), CHEN, {});
        expect(res.status, `${method} ${template}`).to.equal(400);
        expect(problemOf(res).errors?.[0], `${method} ${template}`).to.include({ in: 'params', field: 'path' });
      }
    }
  });

  it('refuses If-Match: * on a clerk update (it would skip the lost-update check) and appends nothing', async () => {
    const id = await submitItem(h);
    const head = await h.head();
    const res = await h.post(`${API}/applications/${id}/accept`, CHEN, undefined, { 'If-Match': '*' });
    expect(res.status).to.equal(428);
    expect(problemOf(res).type).to.match(/if-match-required$/);
    expect(await h.head()).to.equal(head);
    const ok = await h.post(`${API}/applications/${id}/accept`, CHEN, undefined, { 'If-Match': await etagOf(h, id) });
    expect(ok.status).to.equal(200);
  });
});
