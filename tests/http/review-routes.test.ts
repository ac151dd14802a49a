import { expect } from 'chai';
import type { Response } from 'supertest';
import type { Principal } from '../../infra/auth/principal.js';
import { OverdueView, StatusView } from '../../infra/http/routes/application-views.js';
import { ReviewTicketListView, ReviewTicketView } from '../../infra/http/routes/review-views.js';
import { MetricsView } from '../../infra/http/routes/supervisor-views.js';
import { bodyAs, problemOf } from './support/bodies.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { BOSS, CHEN, KEEPER, WU, ZHANG, done, etagOf, replyOf, submitItem } from './support/api-flows.js';

/** The rating date of the tests' tickets: a Monday. */
const RATED_ON = '2026-06-01';

describe('review routes (差评工单)', () => {
  let h: ApiHarness;
  before(async () => {
    h = await startApi({ date: RATED_ON });
  });
  after(() => h.dispose());

  /** An SB-014 application (FSRS-SBJ, CHEN's department) decided and rated `level` stars by ZHANG; the ticket it opened. */
  async function ratedBadly(level = 1): Promise<{ applicationId: string; ticketId: string }> {
    const applicationId = await submitItem(h);
    await done(h, applicationId, 'accept');
    await done(h, applicationId, 'decide', { outcome: 'approved', legalBasis: '《社会保险法》' });
    const rating = await h.post(`${API}/applications/${applicationId}/rating`, ZHANG, { level, tags: ['slow'], comment: '太慢' });
    expect(rating.status, JSON.stringify(rating.body)).to.equal(200);
    // The rating's answer waits for the review process manager's ticket to reach the read models.
    expect(replyOf(rating).consistent).to.equal(true);
    const all = bodyAs(ReviewTicketListView, await h.get(`${API}/reviews?status=all`, CHEN));
    const ticket = all.tickets.find((t) => t.applicationId === applicationId);
    expect(ticket, 'the ticket the rating opened').not.to.equal(undefined);
    return { applicationId, ticketId: ticket!.ticketId };
  }

  const ticketUrl = (id: string, action?: string) => `${API}/reviews/${id}${action ? `/${action}` : ''}`;

  async function etagOfTicket(id: string, who: Principal = CHEN): Promise<string> {
    const res = await h.get(ticketUrl(id), who);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.headers.etag as string;
  }

  /** A ticket action with the ticket's current ETag in If-Match. */
  async function work(id: string, action: string, body: object, who: Principal = CHEN): Promise<Response> {
    return h.post(ticketUrl(id, action), who, body, { 'If-Match': await etagOfTicket(id, who) });
  }

  const reviewEventsOf = async (ticketId: string) => (await h.log()).filter((e) => e.streamId === `review-${ticketId}`).map((e) => e.type);

  it('works a ticket from the bad rating to its resolution; the applicant reads the answer and the rate counts it on time', async () => {
    const { applicationId, ticketId } = await ratedBadly(1);

    const queue = bodyAs(ReviewTicketListView, await h.get(`${API}/reviews`, CHEN));
    expect(queue).to.deep.include({ department: 'FSRS-SBJ', status: 'open', today: RATED_ON });
    const listed = queue.tickets.find((t) => t.ticketId === ticketId)!;
    expect(listed).to.deep.include({
      applicationId,
      itemCode: 'SB-014',
      department: 'FSRS-SBJ',
      level: 1,
      tags: ['slow'],
      openedOn: RATED_ON,
      dueWorkdays: 15,
      dueOn: h.api.calendar.addWorkdays(RATED_ON, 15),
      status: 'open',
      overdue: false,
      dueSoon: false,
      nextStep: 'callback',
    });

    const read = await h.get(ticketUrl(ticketId), CHEN);
    expect(read.headers.etag).to.equal('"0"');
    expect(bodyAs(ReviewTicketView, read)).to.deep.equal(listed);

    // The rules: the applicant is called back before the ticket is resolved (409, nothing appended).
    const early = await work(ticketId, 'resolve', { resolution: 'rectified', note: '已整改' });
    expect(early.status).to.equal(409);
    expect(problemOf(early).code).to.equal('CALLBACK_REQUIRED');

    const called = await work(ticketId, 'callback', { note: '已电话回访，申请人反映等候时间长 called back' });
    expect(called.status, JSON.stringify(called.body)).to.equal(200);
    expect(replyOf(called)).to.deep.include({ id: ticketId, revision: 1, events: ['ReviewCallbackMade'], status: 'open', consistent: true });
    expect(called.headers.etag).to.equal('"1"');

    const resolved = await work(ticketId, 'resolve', { resolution: 'rectified', note: '已增设窗口，缩短等候时间 another window opened' });
    expect(resolved.status, JSON.stringify(resolved.body)).to.equal(200);
    expect(replyOf(resolved)).to.deep.include({ revision: 2, events: ['ReviewResolved'], status: 'resolved' });
    const closed = bodyAs(ReviewTicketView, await h.get(ticketUrl(ticketId), CHEN));
    expect(closed).to.deep.include({ status: 'resolved', closedOn: RATED_ON, nextStep: null });
    expect(closed.resolution).to.deep.equal({ resolution: 'rectified', note: '已增设窗口，缩短等候时间 another window opened', resolvedOn: RATED_ON, onTime: true });

    // Resolving twice is refused by the rules.
    const twice = await work(ticketId, 'resolve', { resolution: 'explained', note: 'again' });
    expect(twice.status).to.equal(409);
    expect(problemOf(twice).code).to.equal('INVALID_TRANSITION');
    expect(await reviewEventsOf(ticketId)).to.deep.equal(['ReviewTicketOpened', 'ReviewCallbackMade', 'ReviewResolved']);

    const status = await h.get(`${API}/applications/${applicationId}`, ZHANG);
    const page = bodyAs(StatusView, status);
    expect(page.review).to.deep.include({ status: 'resolved', openedOn: RATED_ON, closedOn: RATED_ON });
    expect(page.review!.resolution).to.deep.equal({
      resolution: 'rectified',
      text: { zh: '已整改', en: 'Put right (rectified)' },
      note: '已增设窗口，缩短等候时间 another window opened',
      resolvedOn: RATED_ON,
    });
    expect(page.timeline.map((s) => s.step)).to.include.members(['review-opened', 'review-callback', 'review-resolved']);
    // The application's ETag stays its own stream's revision: the ticket's steps are on the ticket's stream.
    expect(status.headers.etag).to.equal(await etagOf(h, applicationId));

    const metrics = bodyAs(MetricsView, await h.get(`${API}/metrics?department=FSRS-SBJ`, BOSS));
    expect(metrics.rows[0]!.figures.rectificationOnTimeRate).to.deep.equal({ numerator: 1, denominator: 1, rate: 1 });
  });

  it('shows a ticket only to the clerks of its department (404 otherwise) and to supervisors', async () => {
    const { ticketId } = await ratedBadly(2);
    const head = await h.head();
    expect((await h.get(ticketUrl(ticketId), WU)).status).to.equal(404);
    const elsewhere = await h.post(ticketUrl(ticketId, 'callback'), WU, { note: 'not mine' }, { 'If-Match': '"0"' });
    expect(elsewhere.status).to.equal(404);
    expect(bodyAs(ReviewTicketListView, await h.get(`${API}/reviews?status=all`, WU)).tickets.map((t) => t.ticketId)).not.to.include(ticketId);
    expect((await h.get(ticketUrl(ticketId), BOSS)).status).to.equal(200);
    expect(bodyAs(ReviewTicketListView, await h.get(`${API}/reviews?department=FSRS-SBJ`, BOSS)).tickets.map((t) => t.ticketId)).to.include(ticketId);
    expect(bodyAs(ReviewTicketListView, await h.get(`${API}/reviews?department=FSRS-SBK`, BOSS)).tickets.map((t) => t.ticketId)).not.to.include(ticketId);
    expect((await h.get(`${API}/reviews`, ZHANG)).status).to.equal(403);
    expect((await h.get(ticketUrl(ticketId), KEEPER)).status).to.equal(403);
    expect((await h.get(ticketUrl('6f1c1d4e-3b59-4bb4-8d55-94b1c2f0a111'), CHEN)).status).to.equal(404);
    expect(await h.head()).to.equal(head);
  });

  it('needs a current If-Match (428 without, 412 stale) and a valid body (400 naming the field), changing nothing', async () => {
    const { ticketId } = await ratedBadly(1);
    const head = await h.head();
    const url = ticketUrl(ticketId, 'callback');
    expect((await h.post(url, CHEN, { note: 'called' })).status).to.equal(428);
    const stale = await h.post(url, CHEN, { note: 'called' }, { 'If-Match': '"7"' });
    expect(stale.status).to.equal(412);
    expect(stale.headers.etag).to.equal('"0"');

    const invalid: [string, object, string][] = [
      ['callback', {}, 'note'],
      ['callback', { note: '   ' }, 'note'],
      ['callback', { note: 'called', when: 'today' }, ''],
      ['resolve', { resolution: 'fixed', note: 'x' }, 'resolution'],
      ['resolve', { resolution: 'rectified' }, 'note'],
      ['appeal', { reason: '' }, 'reason'],
    ];
    for (const [action, body, field] of invalid) {
      const res = await h.post(ticketUrl(ticketId, action), CHEN, body, { 'If-Match': '"0"' });
      expect(res.status, `${action} ${JSON.stringify(body)}`).to.equal(400);
      expect(res.headers['content-type']).to.contain('application/problem+json');
      expect(problemOf(res).errors!.map((e) => e.field), `${action} ${JSON.stringify(body)}`).to.include(field);
    }
    const decision = await h.post(ticketUrl(ticketId, 'appeal-decision'), BOSS, { upheld: 'yes', note: 'x' }, { 'If-Match': '"0"' });
    expect(decision.status).to.equal(400);
    expect(problemOf(decision).errors!.map((e) => e.field)).to.deep.equal(['upheld']);
    const badQuery = await h.get(`${API}/reviews?status=closed`, CHEN);
    expect(badQuery.status).to.equal(400);
    expect(problemOf(badQuery).errors!.map((e) => `${e.in}.${e.field}`)).to.deep.equal(['query.status']);
    const otherDepartment = await h.get(`${API}/reviews?department=FSRS-SBK`, CHEN);
    expect(otherDepartment.status).to.equal(400);
    expect(problemOf(otherDepartment).errors!.map((e) => `${e.in}.${e.field}`)).to.deep.equal(['query.department']);
    expect((await h.get(`${API}/reviews/not-a-uuid`, CHEN)).status).to.equal(400);
    expect(await h.head()).to.equal(head);
  });

  it('answers a retried action with the same Idempotency-Key once, appending once', async () => {
    const { ticketId } = await ratedBadly(1);
    const headers = { 'If-Match': '"0"', 'Idempotency-Key': 'review-callback-1' };
    const first = await h.post(ticketUrl(ticketId, 'callback'), CHEN, { note: 'called' }, headers);
    expect(first.status).to.equal(200);
    const again = await h.post(ticketUrl(ticketId, 'callback'), CHEN, { note: 'called' }, headers);
    expect(again.status).to.equal(200);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.body).to.deep.equal(first.body);
    expect(await reviewEventsOf(ticketId)).to.deep.equal(['ReviewTicketOpened', 'ReviewCallbackMade']);
  });

  it('takes an appeal to the supervisor: pending blocks the resolution, upheld voids the ticket for the applicant too', async () => {
    const { applicationId, ticketId } = await ratedBadly(2);
    const appealed = await work(ticketId, 'appeal', { reason: '评价对象错误，该业务非本单位办理 wrong unit rated' });
    expect(appealed.status, JSON.stringify(appealed.body)).to.equal(200);
    await work(ticketId, 'callback', { note: 'called' });
    const blocked = await work(ticketId, 'resolve', { resolution: 'explained', note: 'x' });
    expect(blocked.status).to.equal(409);
    expect(problemOf(blocked).code).to.equal('APPEAL_PENDING');

    // Only a supervisor decides, and finds the appeals waiting for one.
    expect((await h.post(ticketUrl(ticketId, 'appeal-decision'), CHEN, { upheld: true, note: 'x' }, { 'If-Match': '"2"' })).status).to.equal(403);
    const pending = bodyAs(ReviewTicketListView, await h.get(`${API}/reviews?appeal=pending`, BOSS));
    expect(pending.tickets.map((t) => [t.ticketId, t.appealState, t.nextStep])).to.deep.equal([[ticketId, 'pending', 'appeal-decision']]);
    const stale = await h.post(ticketUrl(ticketId, 'appeal-decision'), BOSS, { upheld: true, note: 'x' }, { 'If-Match': '"1"' });
    expect(stale.status).to.equal(412);

    const decided = await work(ticketId, 'appeal-decision', { upheld: true, note: '经复核，该评价与办件事实不符，予以撤销' }, BOSS);
    expect(decided.status, JSON.stringify(decided.body)).to.equal(200);
    expect(replyOf(decided)).to.deep.include({ events: ['ReviewAppealDecided'], status: 'void' });
    const voided = bodyAs(ReviewTicketView, await h.get(ticketUrl(ticketId), CHEN));
    expect(voided).to.deep.include({ status: 'void', appealState: 'upheld', nextStep: null, closedOn: RATED_ON });
    expect(bodyAs(ReviewTicketListView, await h.get(`${API}/reviews?status=void`, CHEN)).tickets.map((t) => t.ticketId)).to.deep.equal([ticketId]);
    const again = await work(ticketId, 'appeal-decision', { upheld: false, note: 'again' }, BOSS);
    expect(again.status).to.equal(409);
    expect(problemOf(again).code).to.equal('NO_APPEAL_PENDING');

    const page = bodyAs(StatusView, await h.get(`${API}/applications/${applicationId}`, ZHANG));
    expect(page.review).to.deep.include({ status: 'void', resolution: null, closedOn: RATED_ON });
  });

  it('puts an overdue ticket on the overdue watch beside the applications, and counts a late resolution as not on time', async () => {
    const { applicationId, ticketId } = await ratedBadly(1);
    const dueOn = h.api.calendar.addWorkdays(RATED_ON, 15);
    // The next working day after the due date: resolving now is late.
    const late = h.api.calendar.addWorkdays(dueOn, 1);
    h.clock.setDate(late);
    try {
      const queue = bodyAs(ReviewTicketListView, await h.get(`${API}/reviews`, CHEN));
      expect(queue.tickets.find((t) => t.ticketId === ticketId)).to.deep.include({ dueOn, overdue: true, dueSoon: false });
      expect(queue.counts.overdue).to.be.at.least(1);

      const watch = bodyAs(OverdueView, await h.get(`${API}/overdue`, BOSS));
      const overdue = watch.reviews.entries.filter((e) => e.overdue).map((e) => e.ticketId);
      expect(overdue).to.include(ticketId);
      expect(watch.reviews.departments.find((d) => d.department === 'FSRS-SBJ')!.overdue).to.equal(overdue.length);
      // The applications' part is about applications: the rated application is concluded, not on it.
      expect(watch.entries.map((e) => e.applicationId)).not.to.include(applicationId);
      expect(watch.departments.map((d) => d.department)).not.to.include('FSRS-SBJ');
      expect(bodyAs(OverdueView, await h.get(`${API}/overdue?department=FSRS-SBK`, BOSS)).reviews.entries).to.deep.equal([]);

      await work(ticketId, 'callback', { note: 'called late' });
      const resolved = await work(ticketId, 'resolve', { resolution: 'explained', note: '已向申请人解释说明 explained' });
      expect(resolved.status, JSON.stringify(resolved.body)).to.equal(200);
      expect(bodyAs(ReviewTicketView, await h.get(ticketUrl(ticketId), CHEN)).resolution).to.deep.include({ onTime: false, resolvedOn: late });
      expect(bodyAs(OverdueView, await h.get(`${API}/overdue`, BOSS)).reviews.entries.map((e) => e.ticketId)).not.to.include(ticketId);

      // The ticket of the first test was resolved on time, this one late; the voided one is not counted.
      const metrics = bodyAs(MetricsView, await h.get(`${API}/metrics?department=FSRS-SBJ`, BOSS));
      expect(metrics.rows[0]!.figures.rectificationOnTimeRate).to.deep.equal({ numerator: 1, denominator: 2, rate: 0.5 });
    } finally {
      h.clock.setDate(RATED_ON);
    }
  });
});
