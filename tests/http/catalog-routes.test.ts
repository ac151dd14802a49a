import { expect } from 'chai';
import { request } from './support/checked-request.js';
import { loadBuiltinCatalog } from '../../services/catalog/load-catalog.js';
import { createApp } from '../../infra/http/create-app.js';
import { BundleDetail, BundleList, FastTrackList, ItemDetail, ItemList } from '../../infra/http/routes/catalog-views.js';
import { bodyAs, problemOf } from './support/bodies.js';
import { makeTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

describe('catalog routes (open to anyone)', () => {
  const catalog = loadBuiltinCatalog();
  let t: TestApp;
  before(() => {
    t = makeTestApp();
  });
  after(() => t.close());

  it('lists every item without a token, with summary facts', async () => {
    const res = await request(t.app).get('/api/v1/catalog/items').expect(200).expect('Content-Type', /application\/json/);
    const body = bodyAs(ItemList, res);
    expect(body.total).to.equal(catalog.items.length);
    expect(body.items).to.have.length(catalog.items.length);
    expect(body.catalogVersion).to.equal(catalog.version);
    const first = (res.body as { items: object[] }).items[0];
    expect(first).to.include.keys('code', 'nameZh', 'nameEn', 'statutoryLimit', 'committedLimit', 'zeroVisit', 'instantApproval', 'promisedSpeedUp');
    expect(first).not.to.have.property('materials');
  });

  it('filters by category, fast track, department and text', async () => {
    const list = async (query: Record<string, string>) => bodyAs(ItemList, await request(t.app).get('/api/v1/catalog/items').query(query).expect(200));
    const byCategory = await list({ category: 'social-security-card' });
    const expected = catalog.items.filter((i) => i.category === 'social-security-card').map((i) => i.code);
    expect(byCategory.items.map((i) => i.code)).to.deep.equal(expected);

    const fast = await list({ fastTrack: 'true' });
    expect(fast.total).to.equal(catalog.items.filter((i) => i.fastTrack).length).and.be.greaterThan(0);
    expect(fast.items.every((i) => i.fastTrack)).to.equal(true);
    const notFast = await list({ fastTrack: 'false' });
    expect(notFast.total + fast.total).to.equal(catalog.items.length);

    const item = catalog.items[5]!;
    const byDepartment = await list({ department: item.department });
    expect(byDepartment.total).to.be.greaterThan(0);
    expect(byDepartment.items.every((i) => i.department === item.department)).to.equal(true);

    const byText = await list({ q: '社会保障卡' });
    expect(byText.total).to.be.greaterThan(0);
    expect(byText.items.every((i) => i.nameZh.includes('社会保障卡'))).to.equal(true);
    const byCode = await list({ q: item.code.toLowerCase() });
    expect(byCode.items.map((i) => i.code)).to.include(item.code);
  });

  it('answers a bad filter with a 400 problem naming the query field', async () => {
    const res = await request(t.app).get('/api/v1/catalog/items?category=astrology&fastTrack=maybe').expect(400);
    expect(res.type).to.equal('application/problem+json');
    const fields = (problemOf(res).errors ?? []).map((e) => `${e.in}:${e.field}`);
    expect(fields).to.have.members(['query:category', 'query:fastTrack']);
  });

  it('shows one item with its materials and limits, and the bundles it is in', async () => {
    const bundle = catalog.bundles[0]!;
    const code = bundle.members[0]!.itemCode;
    const res = bodyAs(ItemDetail, await request(t.app).get(`/api/v1/catalog/items/${encodeURIComponent(code)}`).expect(200));
    const item = catalog.item(code)!;
    expect(res.item).to.deep.equal(item);
    expect(res.item.materials.length).to.be.greaterThan(0);
    expect(res.bundles.map((b) => b.code)).to.include(bundle.code);
  });

  it('answers an unknown item or bundle with a 404 problem', async () => {
    const item = await request(t.app).get('/api/v1/catalog/items/NOPE-999').expect(404);
    expect(item.type).to.equal('application/problem+json');
    const problem = problemOf(item);
    expect(problem).to.include({ status: 404, title: 'Not Found' });
    expect(problem.detail).to.contain('NOPE-999');
    await request(t.app).get('/api/v1/catalog/bundles/NOPE').expect(404);
  });

  it('lists the bundles and shows one with its members resolved', async () => {
    const list = bodyAs(BundleList, await request(t.app).get('/api/v1/catalog/bundles').expect(200));
    expect(list.bundles).to.have.length(catalog.bundles.length);
    const bundle = catalog.bundles.find((b) => b.members.some((m) => m.dependsOn.length > 0)) ?? catalog.bundles[0]!;
    expect(list.bundles.find((b) => b.code === bundle.code)?.memberCount).to.equal(bundle.members.length);

    const one = bodyAs(BundleDetail, await request(t.app).get(`/api/v1/catalog/bundles/${bundle.code}`).expect(200)).bundle;
    expect(one.nameZh).to.equal(bundle.nameZh);
    expect(one.members.map((m) => m.code)).to.deep.equal(bundle.members.map((m) => m.itemCode));
    expect(one.members.map((m) => m.dependsOn)).to.deep.equal(bundle.members.map((m) => m.dependsOn));
    expect(one.members[0]?.nameZh).to.equal(catalog.item(bundle.members[0]!.itemCode)!.nameZh);
  });

  it('lists the fast-track items with their promised speed-up', async () => {
    const res = bodyAs(FastTrackList, await request(t.app).get('/api/v1/catalog/fast-track').expect(200));
    const expected = catalog.items.filter((i) => i.fastTrack);
    expect(res.items.map((i) => i.code)).to.deep.equal(expected.map((i) => i.code));
    for (const item of res.items) {
      if (item.statutoryLimit.value > 0) expect(item.promisedSpeedUp).to.be.a('number').within(0, 1);
    }
  });

  it('reads the catalog through the injected source each time (a revision shows at once)', async () => {
    let current = catalog;
    const revised = { ...catalog, version: 2, items: catalog.items.slice(0, 3) };
    const handle = createApp({
      config: { http: { bodyLimit: '256kb', trustProxy: false, rateLimit: { windowMs: 60_000, applicantMax: 100 }, tokenCacheBytes: 1 << 20 } },
      logger: t.logger,
      authKeys: t.authKeys,
      catalog: () => current,
      idempotency: t.idempotency,
      readiness: () => Promise.resolve({ ready: true, checks: [] }),
    });
    expect(bodyAs(ItemList, await request(handle.app).get('/api/v1/catalog/items').expect(200)).total).to.equal(catalog.items.length);
    current = revised;
    const after = bodyAs(ItemList, await request(handle.app).get('/api/v1/catalog/items').expect(200));
    expect(after).to.include({ catalogVersion: 2, total: 3 });
  });
});
