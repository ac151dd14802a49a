import { expect } from 'chai';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { tempDir } from '../support/sqlite-harness.js';
import { BOSS, CHEN, WANG, ZHANG, etagOf, itemBody, replyOf, retirementBundle, submitItem } from './support/api-flows.js';

const KEY = { 'Idempotency-Key': 'portal-7f3a-0001' };

describe('Idempotency-Key on the application routes: same key → same response, nothing appended twice', () => {
  const dir = tempDir('hrss-idem-');
  const open = () => startApi({ date: '2026-06-01', dataDir: dir.dir, env: { IDEMPOTENCY_DB: ':memory:' } });
  let h: ApiHarness;
  before(async () => {
    h = await open();
  });
  after(async () => {
    await h.dispose();
    dir.remove();
  });

  const countOf = async (type: string, streamId?: string): Promise<number> =>
    (await h.log()).filter((e) => e.type === type && (streamId === undefined || e.streamId === streamId)).length;

  it('a retried submission is replayed: same id, same ETag, one ApplicationSubmitted', async () => {
    const first = await h.post(`${API}/applications`, ZHANG, itemBody(), KEY);
    expect(first.status).to.equal(201);
    const head = await h.head();
    const again = await h.post(`${API}/applications`, ZHANG, itemBody(), KEY);
    expect(again.status).to.equal(201);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.body).to.deep.equal(first.body);
    expect(again.headers.location).to.equal(first.headers.location);
    expect(again.headers.etag).to.equal(first.headers.etag);
    expect(await h.head()).to.equal(head);
    expect(await countOf('ApplicationSubmitted', `application-${replyOf(first).id}`)).to.equal(1);
  });

  it('the same key from another applicant is their own submission', async () => {
    const mine = replyOf(await h.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'shared' }));
    const theirs = await h.post(`${API}/applications`, WANG, itemBody(), { 'Idempotency-Key': 'shared' });
    expect(theirs.status).to.equal(201);
    expect(replyOf(theirs).id).not.to.equal(mine.id);
  });

  it('the same key with another body is refused (422) and appends nothing', async () => {
    await h.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'k-body' });
    const head = await h.head();
    const res = await h.post(`${API}/applications`, ZHANG, itemBody({ channel: 'fs12345' }), { 'Idempotency-Key': 'k-body' });
    expect(res.status).to.equal(422);
    expect(await h.head()).to.equal(head);
  });

  it('a retried bundle submission opens its members once', async () => {
    const key = { 'Idempotency-Key': 'portal-7f3a-0002' };
    const first = await h.post(`${API}/bundles`, ZHANG, retirementBundle(), key);
    const head = await h.head();
    const again = await h.post(`${API}/bundles`, ZHANG, retirementBundle(), key);
    expect(again.body).to.deep.equal(first.body);
    expect(await h.head()).to.equal(head);
    expect(await countOf('BundleSubmitted', `bundle-${replyOf(first).id}`)).to.equal(1);
    expect(await countOf('BundleMemberOpened', `bundle-${replyOf(first).id}`)).to.equal(1);
  });

  it('a retried clerk action (same key, same If-Match) is replayed, not refused as stale', async () => {
    const id = await submitItem(h);
    const headers = { 'Idempotency-Key': 'accept-once', 'If-Match': await etagOf(h, id) };
    const first = await h.post(`${API}/applications/${id}/accept`, CHEN, undefined, headers);
    expect(first.status).to.equal(200);
    const head = await h.head();
    const again = await h.post(`${API}/applications/${id}/accept`, CHEN, undefined, headers);
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal(first.body);
    expect(again.headers.etag).to.equal('"1"');
    expect(await h.head()).to.equal(head);
  });

  it('a retried withdrawal and a retried report publication are replayed', async () => {
    const id = await submitItem(h);
    const w1 = await h.post(`${API}/applications/${id}/withdraw`, ZHANG, { reason: 'changed my mind' }, { 'Idempotency-Key': 'w-1' });
    const w2 = await h.post(`${API}/applications/${id}/withdraw`, ZHANG, { reason: 'changed my mind' }, { 'Idempotency-Key': 'w-1' });
    expect([w1.status, w2.status]).to.deep.equal([200, 200]);
    expect(w2.body).to.deep.equal(w1.body);
    const r1 = await h.post(`${API}/reports`, BOSS, { month: '2026-06' }, { 'Idempotency-Key': 'r-1' });
    const head = await h.head();
    const r2 = await h.post(`${API}/reports`, BOSS, { month: '2026-06' }, { 'Idempotency-Key': 'r-1' });
    expect([r1.status, r2.status]).to.deep.equal([201, 201]);
    expect(await h.head()).to.equal(head);
  });

  it('after a restart that lost the kept responses, the key still finds the first command: nothing appended', async () => {
    const first = replyOf(await h.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'survives-restart' }));
    await h.dispose();
    // The same data directory, a new process with an empty idempotency store (IDEMPOTENCY_DB=:memory:).
    h = await open();
    const head = await h.head();
    const again = await h.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'survives-restart' });
    expect(again.status).to.equal(201);
    expect(replyOf(again)).to.deep.include({ id: first.id, revision: first.revision, position: first.position, duplicate: true });
    expect(again.headers).not.to.have.property('idempotent-replayed');
    expect(await h.head()).to.equal(head);
  });
});
