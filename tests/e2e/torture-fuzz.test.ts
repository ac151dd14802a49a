import { expect } from 'chai';
import { expectedAuthz } from '../../stress/authz-expectations.js';
import { fuzzRun } from '../../stress/fuzz-run.js';
import { sameMark, watchStore } from '../../stress/store-watch.js';
import { API, startApi } from '../http/support/api-harness.js';
import { ZHANG, itemBody } from '../http/support/api-flows.js';

// The short version of `npm run torture:fuzz` (stress/fuzz-run.ts): a real server on a seeded store, every
// operation × every kind of caller, then a few hundred hostile requests. The long run's figures are in the
// README (Guarantees).
describe('torture: hostile requests and the authorization matrix (short run of npm run torture:fuzz)', function () {
  this.timeout(300_000);

  it('never a 5xx, every answer as documented, nothing hostile accepted, nothing changed by a refusal, no authorization violation', async () => {
    const figures = await fuzzRun({ requests: 400, seed: 18, seededApplications: 60, dumpEvery: 50 });
    expect(figures.findings).to.deep.equal([]);
    expect(figures).to.include({ hostileRequests: 400, serverErrors: 0, nonConforming: 0, acceptedHostile: 0, changedByRefusal: 0, noAnswer: 0, authzViolations: 0 });
    expect(figures.authzOperations).to.be.at.least(40);
    expect(figures.authzCallers).to.equal(8);
    expect(figures.readModelComparisons).to.be.greaterThan(0);
  });

  it('the store watch it relies on sees a write, and nothing when a request is refused', async () => {
    const h = await startApi({ date: '2026-06-01' });
    const watch = watchStore(h.dataDir);
    try {
      await h.api.caughtUp();
      const before = watch.mark();
      const dump = watch.dump();
      expect((await h.post(`${API}/applications`, ZHANG, itemBody({ itemCode: 42 }))).status).to.equal(400);
      expect(sameMark(watch.mark(), before)).to.equal(true);
      expect((await h.post(`${API}/applications`, ZHANG, itemBody())).status).to.equal(201);
      await h.api.caughtUp();
      expect(sameMark(watch.mark(), before)).to.equal(false);
      expect(watch.dump()).not.to.deep.equal(dump);
    } finally {
      watch.close();
      await h.dispose();
    }
  });

  it("the authorization matrix's expectations refuse what they must", () => {
    const accept = { method: 'POST' as const, path: '/api/v1/applications/{id}/accept', roles: ['clerk'] };
    const clerk = { name: 'clerk', principal: { role: 'clerk' as const, sub: 'c', department: 'D' }, outsider: false };
    const outsider = { ...clerk, outsider: true };
    const applicant = { name: 'applicant', principal: { role: 'applicant' as const, sub: 'a' }, outsider: false };
    expect([200, 401, 403, 404, 428].filter(expectedAuthz(accept, outsider).accepts)).to.deep.equal([404]);
    expect([200, 401, 403, 404, 428].filter(expectedAuthz(accept, applicant).accepts)).to.deep.equal([403]);
    expect([200, 401, 403, 404, 428].filter(expectedAuthz(accept, { name: 'anonymous', outsider: true }).accepts)).to.deep.equal([401]);
    expect([200, 401, 403, 404, 428].filter(expectedAuthz(accept, clerk).accepts)).to.deep.equal([200, 428]);
  });
});
