import { expect } from 'chai';
import { BundleView, History, StatusView, WorkQueueView } from '../../infra/http/routes/application-views.js';
import { bundleMaterials } from '../../infra/seed/forms.js';
import { clerk } from './support/test-app.js';
import { bodyAs, problemOf } from './support/bodies.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { CHEN, ID_NUMBER, WU, ZHANG, act, done, etagOf, immediateBody, itemBody, replyOf, submitItem } from './support/api-flows.js';

/** 劳动能力鉴定 (FSRS-LDJD): SB-023 allows an extension and free express, so it can meet every step. */
const ZHAO = clerk('FSRS-LDJD', 'FS-CC-03', 'clerk-zhao');
const appraisal = () =>
  itemBody({
    itemCode: 'SB-023',
    materials: [
      { code: 'id-card', source: 'e-licence', reference: 'EL-ID-4406' },
      { code: 'injury-decision', source: 'e-licence', reference: 'EL-GS-77' },
      { code: 'medical-records', source: 'upload', reference: 'upload-3' },
    ],
    delivery: { mode: 'express', address: '佛山市禅城区岭南大道1号' },
  });

describe('clerk routes', () => {
  let h: ApiHarness;
  before(async () => {
    h = await startApi({ date: '2026-06-01' });
  });
  after(() => h.dispose());

  it('takes an application through every step, each answer carrying the new ETag', async () => {
    const id = await submitItem(h, ZHANG, appraisal());
    const steps: [string, object | undefined, string[]][] = [
      ['visit', { purpose: 'consult' }, ['VisitRecorded']],
      ['pre-review', { outcome: 'needs-supplement', note: '病历不全' }, ['PreReviewCompleted']],
      ['request-supplement', { missing: [{ code: 'medical-records', reason: '缺少住院病历 inpatient records missing' }] }, ['SupplementRequested']],
      ['receive-supplement', { materials: [{ code: 'medical-records', source: 'paper', reference: 'SF-998' }] }, ['SupplementReceived']],
      ['accept', undefined, ['ApplicationAccepted']],
      ['suspend', { reason: 'expert-review', legalBasis: '《工伤保险条例》第二十五条' }, ['ClockSuspended']],
    ];
    let revision = 0;
    for (const [action, body, events] of steps) {
      const res = await done(h, id, action, body, ZHAO);
      revision += events.length;
      expect(replyOf(res)).to.deep.include({ events, revision, consistent: true });
      expect(res.headers.etag).to.equal(`"${revision}"`);
    }
    h.clock.setDate('2026-06-03');
    const later: [string, object | undefined, string][] = [
      ['resume', undefined, 'ClockResumed'],
      ['extend', { days: 10, approver: '局长 director', reason: '需专家复核 expert re-examination' }, 'ExtensionGranted'],
      ['decide', { outcome: 'approved', legalBasis: '《工伤保险条例》第二十六条' }, 'DecisionMade'],
      ['issue', { documentType: 'document', documentNo: '鉴定结论书 LDJD-2026-0031' }, 'ResultIssued'],
      ['dispatch', { mode: 'express', carrier: 'EMS', waybillNo: 'EMS1100223344' }, 'ResultDispatched'],
      ['receipt', undefined, 'ResultReceived'],
    ];
    for (const [action, body, event] of later) expect(replyOf(await done(h, id, action, body, ZHAO)).events[0]).to.equal(event);
    h.clock.setDate('2026-06-01');
    const view = bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG));
    expect(view).to.deep.include({ state: 'closed', outcome: 'approved', express: { carrier: 'EMS', waybillNo: 'EMS1100223344' } });
  });

  it('refuses intake with a reason', async () => {
    const id = await submitItem(h);
    expect(replyOf(await done(h, id, 'refuse', { reason: '不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条' })).events).to.deep.equal([
      'IntakeRefused',
      'ApplicationClosed',
    ]);
  });

  it('handles an immediate item on the spot (即来即办), result handed over in the same step', async () => {
    const id = await submitItem(h, ZHANG, immediateBody());
    const res = await done(h, id, 'handle-on-the-spot', { outcome: 'approved', legalBasis: '《社会保障卡管理办法》', result: { documentType: 'certificate', documentNo: 'SSC-1' } }, WU);
    expect(replyOf(res).events).to.include.members(['ApplicationAccepted', 'DecisionMade', 'ResultIssued']);
  });

  it('records deemed acceptance (视为受理) once 5 working days pass without a notice', async () => {
    const id = await submitItem(h);
    const early = await act(h, id, 'check-deemed-acceptance');
    expect(early.status).to.equal(409);
    expect(problemOf(early).code).to.equal('NOT_YET_DUE');
    h.clock.setDate('2026-06-09');
    try {
      expect(replyOf(await done(h, id, 'check-deemed-acceptance')).events).to.deep.equal(['DeemedAccepted']);
    } finally {
      h.clock.setDate('2026-06-01');
    }
  });

  it('answers 400 with the failing fields for every action body that is wrong, and appends nothing', async () => {
    const id = await submitItem(h);
    const head = await h.head();
    const wrong: [string, object][] = [
      ['pre-review', { outcome: 'maybe' }],
      ['request-supplement', { missing: [] }],
      ['receive-supplement', { materials: [{ code: 'x', source: 'fax' }] }],
      ['accept', { note: 'no body expected' }],
      ['refuse', {}],
      ['check-deemed-acceptance', { force: true }],
      ['suspend', { reason: 'lunch', legalBasis: '' }],
      ['resume', { early: true }],
      ['extend', { days: 0, approver: 'x', reason: 'y' }],
      ['decide', { outcome: 'approved' }],
      ['handle-on-the-spot', { outcome: 'approved', legalBasis: 'x', result: { documentType: 'scroll', documentNo: '1' } }],
      ['issue', { documentType: 'certificate' }],
      ['dispatch', { mode: 'pigeon' }],
      ['receipt', { when: 'now' }],
      ['visit', { purpose: 'sightseeing' }],
    ];
    for (const [action, body] of wrong) {
      const res = await act(h, id, action, body);
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).to.equal(400);
      expect(problemOf(res).errors, action).to.have.length.greaterThan(0);
    }
    expect(await h.head()).to.equal(head);
  });

  it('answers 503 (not 500) when a deadline falls beyond the years the calendar covers, and appends nothing', async () => {
    h.clock.setDate('2028-12-21');
    try {
      const id = await submitItem(h, ZHANG, appraisal());
      const head = await h.head();
      // 60 working days of statutory limit from late December 2028 end in 2029: past the two provisional years.
      const res = await act(h, id, 'accept', undefined, ZHAO);
      expect(res.status).to.equal(503);
      const problem = problemOf(res);
      expect(problem.type).to.match(/calendar-not-covered$/);
      expect(problem.detail).to.contain('2027–2028 provisionally').and.contain('npm run calendar -- import');
      // Waiting does not help (importing the notice does): no Retry-After.
      expect(res.headers['retry-after']).to.equal(undefined);
      expect(await h.head()).to.equal(head);
    } finally {
      h.clock.setDate('2026-06-01');
    }
  });

  it('answers 409 for a step the lifecycle does not allow now', async () => {
    const id = await submitItem(h);
    const res = await act(h, id, 'issue', { documentType: 'certificate', documentNo: 'X-1' });
    expect(res.status).to.equal(409);
    expect(problemOf(res)).to.include({ code: 'INVALID_TRANSITION' });
  });

  describe('GET /queue', () => {
    it("shows a window clerk their hall's work by default and the department's with scope=department", async () => {
      const atWindow = await submitItem(h);
      await done(h, atWindow, 'visit', { purpose: 'paper-materials' });
      const elsewhere = await submitItem(h);
      const queue = bodyAs(WorkQueueView, await h.get(`${API}/queue`, CHEN));
      expect(queue).to.deep.include({ department: 'FSRS-SBJ', scope: 'hall', hall: 'FS-CC-01', today: '2026-06-01' });
      expect(queue.open.map((e) => e.applicationId)).to.include(atWindow).and.not.include(elsewhere);
      expect(queue.open.every((e) => e.hall === 'FS-CC-01')).to.equal(true);

      const department = bodyAs(WorkQueueView, await h.get(`${API}/queue?scope=department`, CHEN));
      expect(department).to.deep.include({ department: 'FSRS-SBJ', scope: 'department', hall: null });
      expect(department.open.map((e) => e.applicationId)).to.include.members([atWindow, elsewhere]);
      expect(department.open.every((e) => e.department === 'FSRS-SBJ')).to.equal(true);
      const dues = department.open.map((e) => e.dueOn ?? '9999');
      expect(dues).to.deep.equal([...dues].sort());
      // Another hall of the department, named.
      const other = bodyAs(WorkQueueView, await h.get(`${API}/queue?hall=FS-CC-09`, CHEN));
      expect(other).to.deep.include({ scope: 'hall', hall: 'FS-CC-09', open: [] });
      expect(bodyAs(WorkQueueView, await h.get(`${API}/queue?scope=department`, WU)).open.map((e) => e.applicationId)).not.to.include(atWindow);
    });

    it('shows a back-office clerk (no hall in the token) the department, and asks them to name a hall where one is needed', async () => {
      const LI = { role: 'clerk', sub: 'clerk-li', department: 'FSRS-SBJ' } as const;
      const online = await submitItem(h);
      const queue = bodyAs(WorkQueueView, await h.get(`${API}/queue`, LI));
      expect(queue).to.deep.include({ department: 'FSRS-SBJ', scope: 'department', hall: null });
      expect(queue.open.map((e) => e.applicationId)).to.include(online);

      const head = await h.head();
      const noHall = await h.get(`${API}/queue?scope=hall`, LI);
      expect(noHall.status).to.equal(400);
      expect(problemOf(noHall).errors?.[0]).to.include({ in: 'query', field: 'scope' });
      const visit = await act(h, online, 'visit', { purpose: 'consult' }, LI);
      expect(visit.status).to.equal(400);
      expect(problemOf(visit).errors?.[0]).to.include({ in: 'body', field: 'hall' });
      expect(await h.head()).to.equal(head);
      expect(replyOf(await done(h, online, 'visit', { purpose: 'consult', hall: 'FS-NH-02' }, LI)).events).to.deep.equal(['VisitRecorded']);
    });

    it('answers 400 naming hall for a department scope with a hall', async () => {
      const res = await h.get(`${API}/queue?scope=department&hall=FS-CC-01`, CHEN);
      expect(res.status).to.equal(400);
      expect(problemOf(res).errors?.[0]).to.include({ in: 'query', field: 'hall' });
      expect(problemOf(res).type).to.match(/validation$/);
    });

    it("counts the scope's totals, not the page's", async () => {
      for (let i = 0; i < 3; i++) await submitItem(h);
      const page = bodyAs(WorkQueueView, await h.get(`${API}/queue?scope=department&limit=1`, CHEN));
      const all = bodyAs(WorkQueueView, await h.get(`${API}/queue?scope=department&limit=500`, CHEN));
      expect(page.open).to.have.length(1);
      expect(all.open.length).to.be.greaterThan(3);
      expect(page.counts).to.deep.equal({
        open: all.open.length,
        overdue: all.open.filter((e) => e.overdue).length,
        dueSoon: all.open.filter((e) => e.dueSoon).length,
        waitingForApplicant: all.waitingForApplicant.length,
        bundles: all.bundles.length,
      });
      expect(all.counts).to.deep.equal(page.counts);
    });

    it('shows a deemed-accepted 即办 member (SB-002 of 企业招用员工一件事) overdue with the reason, warned no earlier than its submission', async () => {
      const catalog = h.api.catalog.current();
      const bundle = catalog.bundle('YJS-01')!;
      const materials = bundleMaterials(bundle.members.map((m) => ({ item: catalog.item(m.itemCode)!, waits: m.dependsOn.length > 0 })), 'http');
      const body = { bundleCode: 'YJS-01', channel: 'provincial-portal', applicant: { kind: 'employer', name: '佛山市某某有限公司' }, form: {}, materials, delivery: { mode: 'electronic' } };
      const res = await h.post(`${API}/bundles`, ZHANG, body);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      const bundleView = bodyAs(BundleView, await h.get(`${API}/bundles/${replyOf(res).id}`, ZHANG));
      const member = bundleView.members.find((m) => m.itemCode === 'SB-002')!.applicationId!;
      // No one-time notice in 5 working days (06-02 … 06-08): on 06-09 it is deemed accepted as of 06-01.
      h.clock.setDate('2026-06-09');
      try {
        expect(replyOf(await done(h, member, 'check-deemed-acceptance')).events).to.deep.equal(['DeemedAccepted']);
        const queue = bodyAs(WorkQueueView, await h.get(`${API}/queue?scope=department&limit=500`, CHEN));
        const entry = queue.open.find((e) => e.applicationId === member)!;
        expect(entry).to.deep.include({ itemCode: 'SB-002', submittedOn: '2026-06-01', acceptedOn: '2026-06-01', dueOn: '2026-06-01', deemedAccepted: true, overdue: true });
        expect(entry.warnFrom! >= entry.submittedOn).to.equal(true);
        expect(entry.overdueReason?.en).to.contain('Deemed accepted');
        expect(entry.overdueReason?.zh).to.contain('视为受理');
      } finally {
        h.clock.setDate('2026-06-01');
      }
    });

    it('pages each list with the tokens it answers, and refuses a token it did not make, naming the field', async () => {
      for (let i = 0; i < 3; i++) await submitItem(h);
      const all = bodyAs(WorkQueueView, await h.get(`${API}/queue?scope=department&limit=500`, CHEN));
      expect(all.next.open).to.equal(null);
      const seen: string[] = [];
      let token: string | null = null;
      do {
        const query: string = token === null ? '' : `&openAfter=${token}`;
        const page = bodyAs(WorkQueueView, await h.get(`${API}/queue?scope=department&limit=2${query}`, CHEN));
        expect(page.open.length).to.be.at.most(2);
        expect(page.counts).to.deep.equal(all.counts);
        seen.push(...page.open.map((e) => e.applicationId));
        token = page.next.open;
      } while (token !== null && seen.length <= all.open.length);
      expect(seen).to.deep.equal(all.open.map((e) => e.applicationId));

      for (const field of ['openAfter', 'waitingAfter', 'bundlesAfter']) {
        const res = await h.get(`${API}/queue?${field}=bm90LWEtdG9rZW4`, CHEN);
        expect(res.status).to.equal(400);
        expect(problemOf(res).errors?.[0]).to.include({ in: 'query', field });
      }
    });

    it('answers 400 for a bad limit', async () => {
      const res = await h.get(`${API}/queue?limit=0`, CHEN);
      expect(res.status).to.equal(400);
      expect(problemOf(res).errors?.[0]).to.include({ in: 'query', field: 'limit' });
    });
  });

  describe('GET /applications/:id/history', () => {
    it('gives every event with who, channel, ids and time, the ETag of the last, and identity numbers masked', async () => {
      const id = await submitItem(h);
      await done(h, id, 'accept');
      const res = await h.get(`${API}/applications/${id}/history`, CHEN);
      const history = bodyAs(History, res);
      expect(history.events.map((e) => [e.revision, e.type])).to.deep.equal([
        [0, 'ApplicationSubmitted'],
        [1, 'ApplicationAccepted'],
      ]);
      expect(res.headers.etag).to.equal('"1"');
      expect(history.events[0]?.metadata).to.deep.include({ actor: { role: 'applicant', id: ZHANG.sub }, channel: 'yueshengshi' });
      expect(history.events[1]?.metadata).to.deep.include({ actor: { role: 'clerk', id: CHEN.sub }, channel: 'window' });
      expect(JSON.stringify(res.body)).not.to.contain(ID_NUMBER);
      expect((history.events[0]?.data as { applicant: { idNumber: string } }).applicant.idNumber).to.equal('4406**********1234');
      expect(await etagOf(h, id)).to.equal('"1"');
    });

    it('answers 400 for an id that is not a uuid', async () => {
      expect((await h.get(`${API}/applications/42/history`, CHEN)).status).to.equal(400);
    });
  });
});
