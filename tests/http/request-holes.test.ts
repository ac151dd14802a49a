import { expect } from 'chai';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { CHEN, ZHANG, etagOf, itemBody, submitItem } from './support/api-flows.js';
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

  it('refuses a body nested thousands of levels deep with 400 naming the field, before anything reads it, and a form deeper than a form needs', async () => {
    const head = await h.head();
    let deep: unknown = 'bottom';
    for (let i = 0; i < 3000; i++) deep = { d: deep };
    const hostile = await h.post(`${API}/applications`, ZHANG, itemBody({ form: deep }), { 'Idempotency-Key': 'deep-1' });
    expect(hostile.status).to.equal(400);
    expect(problemOf(hostile).errors?.[0], JSON.stringify(hostile.body)).to.include({ in: 'body', field: 'form' });
    let seven: unknown = 'x';
    for (let i = 0; i < 7; i++) seven = { level: seven };
    const form = await h.post(`${API}/applications`, ZHANG, itemBody({ form: seven }));
    expect(form.status).to.equal(400);
    expect(problemOf(form).errors?.[0]?.field).to.match(/^form\.level/);
    expect(await h.head()).to.equal(head);
    let five: unknown = 'x';
    for (let i = 0; i < 5; i++) five = { level: five };
    expect((await h.post(`${API}/applications`, ZHANG, itemBody({ form: five }))).status).to.equal(201);
  });
});
