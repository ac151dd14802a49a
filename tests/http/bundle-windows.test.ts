import { expect } from 'chai';
import { BundleView, StatusView } from '../../infra/http/routes/application-views.js';
import { bundleMaterials } from '../../infra/seed/forms.js';
import { bundleChannels } from '../../services/bundle/index.js';
import type { Catalog } from '../../services/catalog/item-schema.js';
import { bodyAs, problemOf } from './support/bodies.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { ID_NUMBER, WU, ZHANG, done, replyOf } from './support/api-flows.js';

/** One submission of a bundle of the built-in catalog: every material its members need, as the catalog takes it. */
function bundleBody(catalog: Catalog, code: string, channel: string) {
  const bundle = catalog.bundle(code)!;
  const members = bundle.members.map((m) => ({ item: catalog.item(m.itemCode)!, waits: m.dependsOn.length > 0 }));
  return {
    bundleCode: code,
    channel,
    applicant: { kind: 'individual', name: '张建国', idNumber: ID_NUMBER, phone: '13800000000' },
    form: {},
    materials: bundleMaterials(members, 'http'),
    delivery: { mode: 'electronic' },
  };
}

describe('一窗受理: every bundle of the built-in catalog at a window and on every channel it is offered on', () => {
  let h: ApiHarness;
  before(async () => {
    h = await startApi({ date: '2026-06-01' });
  });
  after(() => h.dispose());

  const bundleView = async (id: string) => bodyAs(BundleView, await h.get(`${API}/bundles/${id}`, ZHANG));
  const channelOf = async (applicationId: string) => bodyAs(StatusView, await h.get(`${API}/applications/${applicationId}`, ZHANG)).channel;

  it('accepts each of the ten bundles on each of its channels and opens its first members on that channel', async function () {
    this.timeout(60_000);
    const catalog = h.api.catalog.current();
    expect(catalog.bundles).to.have.length(10);
    for (const bundle of catalog.bundles) {
      const channels = bundleChannels(bundle.members.map((m) => catalog.item(m.itemCode)!));
      expect(channels, bundle.code).to.include('window');
      for (const channel of channels) {
        const res = await h.post(`${API}/bundles`, ZHANG, bundleBody(catalog, bundle.code, channel));
        expect(res.status, `${bundle.code} on ${channel}: ${JSON.stringify(res.body)}`).to.equal(201);
        const view = await bundleView(replyOf(res).id);
        const first = bundle.members.filter((m) => m.dependsOn.length === 0).map((m) => m.itemCode);
        const opened = view.members.filter((m) => m.applicationId !== null);
        expect(opened.map((m) => m.itemCode), `${bundle.code} on ${channel}`).to.deep.equal(first);
        for (const m of opened) expect(await channelOf(m.applicationId!), `${bundle.code} ${m.itemCode} on ${channel}`).to.equal(channel);
      }
    }
  });

  it('refuses a channel a bundle is not offered on with 409 CHANNEL_NOT_OFFERED', async () => {
    // 事业单位聘用: its RC- items are not on 粤省事.
    const res = await h.post(`${API}/bundles`, ZHANG, bundleBody(h.api.catalog.current(), 'YJS-06', 'yueshengshi'));
    expect(res.status).to.equal(409);
    expect(problemOf(res).code).to.equal('CHANNEL_NOT_OFFERED');
  });

  it('works 申领社会保障卡一件事 from a window to its last member, KA-012 (online only) opened as a window submission', async () => {
    const res = await h.post(`${API}/bundles`, ZHANG, bundleBody(h.api.catalog.current(), 'YJS-10', 'window'));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const id = replyOf(res).id;
    const member = async (code: string) => (await bundleView(id)).members.find((m) => m.itemCode === code)!;
    // 社会保障卡服务中心 works the members in turn; each approval opens the next.
    await done(h, (await member('KA-001')).applicationId!, 'accept', undefined, WU);
    await done(h, (await member('KA-001')).applicationId!, 'decide', { outcome: 'approved', legalBasis: '《社会保障卡管理办法》' }, WU);
    await done(h, (await member('KA-003')).applicationId!, 'handle-on-the-spot', { outcome: 'approved', legalBasis: '《社会保障卡管理办法》' }, WU);
    const last = await member('KA-012');
    expect(last.status).to.equal('open');
    expect(await channelOf(last.applicationId!)).to.equal('window');
  });
});
