import { expect } from 'chai';
import { BundleList, BundleView, StatusList, StatusView } from '../../infra/http/routes/application-views.js';
import { bodyAs, problemOf } from './support/bodies.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { CHEN, ID_NUMBER, WANG, ZHANG, act, done, itemBody, replyOf, retirementBundle, submitItem } from './support/api-flows.js';

describe('applicant routes', () => {
  let h: ApiHarness;
  before(async () => {
    h = await startApi();
  });
  after(() => h.dispose());

  describe('POST /applications', () => {
    it('submits: 201 with Location, ETag "0" and the position reached; the status reads back at once', async () => {
      const res = await h.post(`${API}/applications`, ZHANG, itemBody());
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      const reply = replyOf(res);
      expect(reply).to.deep.include({ revision: 0, duplicate: false, events: ['ApplicationSubmitted'], status: 'submitted', consistent: true });
      expect(res.headers.location).to.equal(`${API}/applications/${reply.id}`);
      expect(res.headers.etag).to.equal('"0"');
      expect(res.headers['x-position']).to.equal(String(reply.position));
      expect(reply.position).to.equal(await h.head());

      const status = await h.get(res.headers.location as string, ZHANG);
      expect(status.status).to.equal(200);
      expect(status.headers.etag).to.equal('"0"');
      const view = bodyAs(StatusView, status);
      expect(view).to.deep.include({ applicationId: reply.id, itemCode: 'SB-014', department: 'FSRS-SBJ', channel: 'yueshengshi', state: 'submitted' });
      expect(view.timeline.map((t) => t.step)).to.deep.equal(['submitted']);
      expect(JSON.stringify(status.body)).not.to.contain(ID_NUMBER).and.not.to.contain('idNumberHash');
    });

    it('decides a 秒批 item on submission when its rule holds', async () => {
      const res = await h.post(
        `${API}/applications`,
        WANG,
        itemBody({ itemCode: 'SB-007', form: { age: 35, insuredByEmployer: false } }),
      );
      expect(res.status).to.equal(201);
      expect(replyOf(res)).to.deep.include({ events: ['ApplicationSubmitted', 'ApplicationAccepted', 'DecisionMade', 'ResultIssued'], status: 'issued' });
      const view = bodyAs(StatusView, await h.get(res.headers.location as string, WANG));
      expect(view).to.deep.include({ state: 'result-issued', outcome: 'approved' });
      const declined = await h.post(`${API}/applications`, WANG, itemBody({ itemCode: 'SB-007', form: { age: 61, insuredByEmployer: false } }));
      expect(replyOf(declined).events).to.deep.equal(['ApplicationSubmitted', 'InstantApprovalDeclined']);
    });

    it('answers 400 with the failing fields for a malformed body, and appends nothing', async () => {
      const head = await h.head();
      const res = await h.post(`${API}/applications`, ZHANG, { ...itemBody(), applicant: { kind: 'robot' }, delivery: undefined, extra: 1 });
      expect(res.status).to.equal(400);
      const fields = problemOf(res).errors?.map((e) => e.field);
      expect(fields).to.include.members(['applicant.kind', 'applicant.name', 'delivery', '']);
      expect(await h.head()).to.equal(head);
    });

    it('answers 400 for an item code the catalog does not have', async () => {
      const res = await h.post(`${API}/applications`, ZHANG, itemBody({ itemCode: 'XX-999' }));
      expect(res.status).to.equal(400);
      expect(problemOf(res).errors?.[0]).to.include({ field: 'itemCode', code: 'unknown_code' });
    });

    it('answers 409 when the rules refuse (a required material missing), and appends nothing', async () => {
      const head = await h.head();
      const res = await h.post(`${API}/applications`, ZHANG, itemBody({ materials: [] }));
      expect(res.status).to.equal(409);
      expect(problemOf(res)).to.include({ code: 'MATERIALS_MISSING' });
      expect(await h.head()).to.equal(head);
    });
  });

  describe('POST /bundles and GET /bundles/:id', () => {
    it('submits a bundle: its first member opens before the answer, and the bundle reads back with it', async () => {
      const res = await h.post(`${API}/bundles`, ZHANG, retirementBundle());
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      const reply = replyOf(res);
      expect(reply).to.include({ status: 'open', consistent: true });
      expect(res.headers.location).to.equal(`${API}/bundles/${reply.id}`);

      const bundle = bodyAs(BundleView, await h.get(`${API}/bundles/${reply.id}`, ZHANG));
      expect(bundle.members.map((m) => [m.itemCode, m.status])).to.deep.equal([
        ['SB-011', 'open'],
        ['SB-012', 'waiting'],
        ['KA-013', 'waiting'],
      ]);
      expect(bundle.members[0]?.application?.state).to.equal('submitted');
      const mine = bodyAs(BundleList, await h.get(`${API}/me/bundles`, ZHANG));
      expect(mine.bundles.map((b) => b.bundleId)).to.include(reply.id);
      expect(bodyAs(BundleList, await h.get(`${API}/me/bundles`, WANG)).bundles.map((b) => b.bundleId)).not.to.include(reply.id);
    });

    it('answers 400 for an unknown bundle code and 409 when the bundle\'s materials are incomplete', async () => {
      expect((await h.post(`${API}/bundles`, ZHANG, retirementBundle({ bundleCode: 'YJS-99' }))).status).to.equal(400);
      const refused = await h.post(`${API}/bundles`, ZHANG, retirementBundle({ materials: [] }));
      expect(refused.status).to.equal(409);
      expect(problemOf(refused).code).to.equal('MATERIALS_MISSING');
    });

    it('answers 400 for a bundle id that is not a uuid, 404 for one that does not exist', async () => {
      expect((await h.get(`${API}/bundles/nope`, ZHANG)).status).to.equal(400);
      expect((await h.get(`${API}/bundles/6f1c1d4e-3b59-4bb4-8d55-94b1c2f0a111`, ZHANG)).status).to.equal(404);
    });
  });

  describe('GET /me/applications', () => {
    it('lists my applications only, newest first', async () => {
      const wangs = await submitItem(h, WANG);
      const list = bodyAs(StatusList, await h.get(`${API}/me/applications`, WANG));
      expect(list.total).to.equal(list.applications.length);
      expect(list.applications.map((a) => a.applicationId)).to.include(wangs);
      expect(list.applications.every((a) => a.applicant.id === WANG.sub)).to.equal(true);
      const zhangs = bodyAs(StatusList, await h.get(`${API}/me/applications`, ZHANG));
      expect(zhangs.applications.map((a) => a.applicationId)).not.to.include(wangs);
    });
  });

  describe('supplements, withdrawal and rating', () => {
    it('provides the materials of the one-time notice; the application is back with the clerk', async () => {
      const id = await submitItem(h);
      await done(h, id, 'request-supplement', { missing: [{ code: 'id-card', reason: '证件照片不清晰 unreadable scan' }] });
      const asked = bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG));
      expect(asked.state).to.equal('awaiting-supplement');
      expect(asked.nextNeed?.kind).to.equal('supplement');

      const res = await h.post(`${API}/applications/${id}/supplements`, ZHANG, { materials: [{ code: 'id-card', source: 'upload', reference: 'upload-88' }] });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(replyOf(res).events).to.deep.equal(['SupplementReceived']);
      expect(bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG)).nextNeed).to.equal(null);
      expect((await h.post(`${API}/applications/${id}/supplements`, ZHANG, { materials: [] })).status).to.equal(400);
    });

    it('withdraws before the decision; a second withdrawal is refused by the rules (409)', async () => {
      const id = await submitItem(h);
      expect((await h.post(`${API}/applications/${id}/withdraw`, ZHANG, {})).status).to.equal(400);
      const res = await h.post(`${API}/applications/${id}/withdraw`, ZHANG, { reason: '已通过其他渠道办理' });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG)).state).to.be.oneOf(['withdrawn', 'closed']);
      expect((await h.post(`${API}/applications/${id}/withdraw`, ZHANG, { reason: 'again' })).status).to.equal(409);
    });

    it('rates once concluded; a 1-star rating opens a review ticket before the answer', async () => {
      const id = await submitItem(h);
      const early = await h.post(`${API}/applications/${id}/rating`, ZHANG, { level: 5 });
      expect(early.status).to.equal(409);
      await done(h, id, 'accept');
      await done(h, id, 'decide', { outcome: 'approved', legalBasis: '《社会保险法》' });
      expect((await h.post(`${API}/applications/${id}/rating`, ZHANG, { level: 6 })).status).to.equal(400);
      const res = await h.post(`${API}/applications/${id}/rating`, ZHANG, { level: 1, tags: ['slow'], comment: '太慢' });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(replyOf(res).consistent).to.equal(true);
      const tickets = (await h.log()).filter((e) => e.type === 'ReviewTicketOpened' && (e.data as { applicationId: string }).applicationId === id);
      expect(tickets).to.have.length(1);
      expect(bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG)).rating).to.equal(1);
    });

    it('honours If-Match when an applicant sends one', async () => {
      const id = await submitItem(h);
      const stale = await h.post(`${API}/applications/${id}/withdraw`, ZHANG, { reason: 'x' }, { 'If-Match': '"7"' });
      expect(stale.status).to.equal(412);
      expect(stale.headers.etag).to.equal('"0"');
      expect((await h.post(`${API}/applications/${id}/withdraw`, ZHANG, { reason: 'x' }, { 'If-Match': '"0"' })).status).to.equal(200);
    });
  });

  it('a clerk reads an application of their department through the same status route', async () => {
    const id = await submitItem(h);
    const res = await h.get(`${API}/applications/${id}`, CHEN);
    expect(res.status).to.equal(200);
    expect(res.headers.etag).to.equal('"0"');
    const accepted = await act(h, id, 'accept');
    expect(accepted.status).to.equal(200);
    expect((await h.get(`${API}/applications/${id}`, CHEN)).headers.etag).to.equal('"1"');
  });
});
