import { expect } from 'chai';
import sinon from 'sinon';
import { CLERK_ACTIONS } from '../../infra/http/routes/clerk-actions.js';
import { problemOf } from './support/bodies.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { CHEN, VALID_ACTION_BODIES, WANG, ZHANG, done, etagOf, replyOf, submitItem } from './support/api-flows.js';

describe('ETag and If-Match on applications', () => {
  let h: ApiHarness;
  before(async () => {
    h = await startApi({ date: '2026-06-01' });
  });
  after(() => h.dispose());

  const post = (id: string, action: string, ifMatch: string | undefined, body?: object) =>
    h.post(`${API}/applications/${id}/${action}`, CHEN, body, ifMatch === undefined ? {} : { 'If-Match': ifMatch });

  it('every read of an application carries its revision as a strong ETag, the same on every route', async () => {
    const id = await submitItem(h);
    await done(h, id, 'accept');
    expect((await h.get(`${API}/applications/${id}`, ZHANG)).headers.etag).to.equal('"1"');
    expect((await h.get(`${API}/applications/${id}`, CHEN)).headers.etag).to.equal('"1"');
    expect(await etagOf(h, id)).to.equal('"1"');
  });

  it("a status read takes its ETag from the read model's row, asking the event store nothing", async () => {
    const id = await submitItem(h);
    await done(h, id, 'accept');
    await done(h, id, 'visit', { purpose: 'consult' });
    const store = h.api.store;
    const asked = [sinon.spy(store, 'streamRevision'), sinon.spy(store, 'headPosition'), sinon.spy(store, 'readStream')];
    try {
      const res = await h.get(`${API}/applications/${id}`, ZHANG);
      expect(res.status).to.equal(200);
      expect(res.headers.etag).to.equal('"2"');
      expect(asked.map((s) => s.callCount)).to.deep.equal([0, 0, 0]);
    } finally {
      sinon.restore();
    }
    // The ETag read that way is the one an update must match.
    expect((await post(id, 'decide', '"2"', { outcome: 'approved', legalBasis: 'Art 38' })).status).to.equal(200);
  });

  it('answers a conditional read with the current ETag by 304 and no body, and a stale one with the page', async () => {
    const id = await submitItem(h);
    await done(h, id, 'accept');
    const path = `${API}/applications/${id}`;
    const current = await h.get(path, ZHANG, { 'If-None-Match': '"1"' });
    expect(current.status).to.equal(304);
    expect(current.headers.etag).to.equal('"1"');
    expect(current.text ?? '').to.equal('');
    expect((await h.get(path, ZHANG, { 'If-None-Match': 'W/"0", W/"1"' })).status, 'weak comparison, in a list').to.equal(304);
    const stale = await h.get(path, ZHANG, { 'If-None-Match': '"0"' });
    expect(stale.status).to.equal(200);
    expect(stale.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect((stale.body as { state: string }).state).to.equal('accepted');
    // Another applicant learns nothing from a conditional read either.
    expect((await h.get(path, WANG, { 'If-None-Match': '"1"' })).status).to.equal(404);
  });

  it('every clerk action without If-Match is 428 and appends nothing', async () => {
    const id = await submitItem(h);
    const head = await h.head();
    for (const action of CLERK_ACTIONS) {
      const res = await post(id, action.path, undefined, VALID_ACTION_BODIES[action.path]);
      expect(res.status, action.path).to.equal(428);
      expect(problemOf(res).type).to.match(/if-match-required$/);
    }
    expect(await h.head()).to.equal(head);
  });

  it('a stale ETag is 412 with the current ETag, checked before the rules; the current one succeeds with the next', async () => {
    const id = await submitItem(h);
    await done(h, id, 'visit', { purpose: 'consult' });
    const head = await h.head();
    const stale = await post(id, 'accept', '"0"');
    expect(stale.status).to.equal(412);
    expect(stale.headers.etag).to.equal('"1"');
    // Issuing now would also be refused by the rules (409); the precondition is answered first.
    expect((await post(id, 'issue', '"0"', { documentType: 'certificate', documentNo: 'C-9' })).status).to.equal(412);
    expect((await post(id, 'accept', 'W/"1"')).status, 'a weak tag never matches').to.equal(412);
    expect((await post(id, 'accept', '"1", "2"')).status, 'a list is not a revision').to.equal(412);
    expect(await h.head()).to.equal(head);

    const ok = await post(id, 'accept', stale.headers.etag);
    expect(ok.status).to.equal(200);
    expect(ok.headers.etag).to.equal('"2"');
    expect(replyOf(ok).revision).to.equal(2);
    // "*" would match any revision and skip the lost-update check: refused, nothing appended.
    const afterAccept = await h.head();
    expect((await post(id, 'decide', '*', { outcome: 'approved', legalBasis: 'Art 38' })).status, '"*": any revision').to.equal(428);
    expect(await h.head()).to.equal(afterAccept);
  });

  it('of two clerks acting on the same ETag at once, one wins and the other gets 412 with the new ETag', async () => {
    const id = await submitItem(h);
    const [a, b] = await Promise.all([
      post(id, 'accept', '"0"'),
      post(id, 'request-supplement', '"0"', { missing: [{ code: 'id-card', reason: 'unreadable' }] }),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 412]);
    const loser = a.status === 412 ? a : b;
    expect(loser.headers.etag).to.equal('"1"');
    expect((await h.log()).filter((e) => e.streamId === `application-${id}`)).to.have.length(2);
  });
});
