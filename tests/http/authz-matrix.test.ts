import { expect } from 'chai';
import type { Principal } from '../../infra/auth/principal.js';
import type { OperationRecord } from '../../infra/http/openapi/operation.js';
import { CLERK_ACTIONS } from '../../infra/http/routes/clerk-actions.js';
import { clerk } from './support/test-app.js';
import { problemOf } from './support/bodies.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { BOSS, CHEN, KEEPER, VALID_ACTION_BODIES, WANG, WU, ZHANG, replyOf, retirementBundle, submitItem } from './support/api-flows.js';

const CALLERS: [string, Principal | undefined][] = [
  ['anonymous', undefined],
  ['applicant', ZHANG],
  ['clerk', CHEN],
  ['supervisor', BOSS],
  ['admin', KEEPER],
];

/** 劳动能力鉴定: a department with no part in the retirement bundle nor in SB-014. */
const OUTSIDER = clerk('FSRS-LDJD', 'FS-CC-03', 'clerk-zhao');

describe('authorization matrix: every role × every route', () => {
  let h: ApiHarness;
  let applicationId = '';
  let bundleId = '';
  let operations: readonly OperationRecord[] = [];

  before(async () => {
    h = await startApi({ date: '2026-06-01' });
    applicationId = await submitItem(h);
    bundleId = replyOf(await h.post(`${API}/bundles`, ZHANG, retirementBundle())).id;
    operations = h.api.handle.operations;
  });
  after(() => h.dispose());

  const concrete = (path: string): string =>
    path.replace(':id', path.includes('/bundles/') ? bundleId : applicationId).replace(':month', '2026-06').replace(':code', 'SB-014');

  it('covers every registered operation', () => {
    expect(operations.length).to.be.at.least(35);
    expect(operations.filter((op) => op.roles !== undefined).map((op) => `${op.method} ${op.path}`)).to.include.members([
      `post ${API}/applications`,
      `get ${API}/queue`,
      `get ${API}/metrics`,
      `post ${API}/catalog/versions`,
      ...CLERK_ACTIONS.map((a) => `post ${API}/applications/:id/${a.path}`),
    ]);
  });

  it('anonymous → 401, a role the route is not for → 403, a role it is for → neither; nothing is appended', async () => {
    const head = await h.head();
    const outcomes: string[] = [];
    for (const op of operations) {
      for (const [name, who] of CALLERS) {
        const path = concrete(op.path);
        // An empty body: a caller let through stops at validation or at If-Match, so nothing changes.
        const res = op.method === 'get' ? await h.get(path, who) : await h.post(path, who, {});
        const allowed = op.roles === undefined || (who !== undefined && op.roles.includes(who.role));
        const expected = op.roles === undefined || allowed ? 'through' : who === undefined ? 401 : 403;
        const got = res.status === 401 || res.status === 403 ? res.status : 'through';
        if (got !== expected) outcomes.push(`${name} ${op.method.toUpperCase()} ${op.path}: ${res.status}, expected ${expected}`);
      }
    }
    expect(outcomes).to.deep.equal([]);
    expect(await h.head()).to.equal(head);
  });

  it('supervisors cannot write applications or bundles (403)', async () => {
    const writes = operations.filter((op) => op.method === 'post' && /\/(applications|bundles)/.test(op.path));
    expect(writes.length).to.be.at.least(19);
    for (const op of writes) expect((await h.post(concrete(op.path), BOSS, {})).status, op.path).to.equal(403);
  });

  it("another applicant gets 404 — never 403 — on every route of someone's application or bundle", async () => {
    const head = await h.head();
    const app = `${API}/applications/${applicationId}`;
    expect((await h.get(app, WANG)).status).to.equal(404);
    expect((await h.get(`${API}/bundles/${bundleId}`, WANG)).status).to.equal(404);
    expect((await h.post(`${app}/withdraw`, WANG, { reason: 'not mine' })).status).to.equal(404);
    expect((await h.post(`${app}/supplements`, WANG, { materials: [{ code: 'id-card', source: 'upload' }] })).status).to.equal(404);
    expect((await h.post(`${app}/rating`, WANG, { level: 1 })).status).to.equal(404);
    // The same answer as for an id that exists nowhere: the id cannot be probed.
    const none = await h.get(`${API}/applications/0b5e1d4c-1111-4a2b-8c3d-9e8f7a6b5c4d`, WANG);
    expect(none.status).to.equal(404);
    expect(problemOf(await h.get(app, WANG)).title).to.equal(problemOf(none).title);
    expect(await h.head()).to.equal(head);
  });

  it('a clerk of another department gets 404 on reads and on every lifecycle action', async () => {
    const head = await h.head();
    const app = `${API}/applications/${applicationId}`;
    expect((await h.get(app, WU)).status).to.equal(404);
    expect((await h.get(`${app}/history`, WU)).status).to.equal(404);
    for (const action of CLERK_ACTIONS) {
      const res = await h.post(`${app}/${action.path}`, WU, VALID_ACTION_BODIES[action.path], { 'If-Match': '"0"' });
      expect(res.status, action.path).to.equal(404);
    }
    expect((await h.get(`${API}/bundles/${bundleId}`, OUTSIDER)).status).to.equal(404);
    expect((await h.get(`${API}/bundles/${bundleId}`, WU)).status, 'a member (KA-013) is in WU\'s department').to.equal(200);
    expect((await h.get(app, CHEN)).status).to.equal(200);
    expect(await h.head()).to.equal(head);
  });

  it('the queue shows a clerk their own department only', async () => {
    const queue = (await h.get(`${API}/queue`, OUTSIDER)).body as { department: string; open: unknown[] };
    expect(queue.department).to.equal('FSRS-LDJD');
    expect(queue.open).to.deep.equal([]);
  });
});
