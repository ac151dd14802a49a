import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { projectionHarness } from '../support/projection-harness.js';
import type { Harness } from '../support/projection-harness.js';
import { accepted, closed, decided, provisionally, recomputed, submitted, supplementRequested } from '../support/lifecycle-data.js';

describe('bundle progress projection', () => {
  let h: Harness;
  beforeEach(() => {
    h = projectionHarness();
  });
  afterEach(() => h.close());

  it('shows members, their states and what blocks the bundle, until it completes', async () => {
    const bundleId = randomUUID();
    const b = `bundle-${bundleId}`;
    await h.append(b, 'BundleSubmitted', {
      bundleId,
      bundleCode: 'RETIREMENT',
      catalogVersion: 1,
      channel: 'provincial-portal',
      applicant: { id: 'ap-7', kind: 'individual', name: '王五', idNumber: '440601195901011234' },
      form: {},
      materials: [],
      delivery: { mode: 'express' },
      submittedOn: '2020-07-01',
      members: [
        { itemCode: 'APPROVE', dependsOn: [] },
        { itemCode: 'PENSION', dependsOn: ['APPROVE'] },
        { itemCode: 'CARD', dependsOn: [] },
      ],
    }, '2020-07-01');
    const approve = randomUUID();
    const card = randomUUID();
    for (const [id, itemCode, department] of [[approve, 'APPROVE', 'D-PENSION'], [card, 'CARD', 'D-CARD']] as const) {
      await h.append(`application-${id}`, 'ApplicationSubmitted', submitted({ applicationId: id, itemCode, department, bundleId, submittedOn: '2020-07-01' }), '2020-07-01');
      await h.append(b, 'BundleMemberOpened', { itemCode, applicationId: id, openedOn: '2020-07-01' }, '2020-07-01');
    }
    await h.append(`application-${approve}`, 'ApplicationAccepted', accepted('2020-07-01', '2020-07-08'), '2020-07-01');
    await h.append(`application-${card}`, 'SupplementRequested', supplementRequested('2020-07-02', ['PHOTO']), '2020-07-02');
    await h.runner.catchUp();

    const open = h.readModels.bundleProgress(bundleId, '2020-07-09')!;
    expect(open.state).to.equal('open');
    expect(open.members.map((m) => [m.itemCode, m.status, m.application?.state ?? null])).to.deep.equal([
      ['APPROVE', 'open', 'accepted'],
      ['PENSION', 'waiting', null],
      ['CARD', 'open', 'awaiting-supplement'],
    ]);
    expect(open.blockedBy).to.deep.equal([
      { itemCode: 'APPROVE', kind: 'department', department: 'D-PENSION', state: 'accepted', committedDeadline: '2020-07-08', provisional: false, overdue: true },
      { itemCode: 'PENSION', kind: 'dependency', waitingOn: ['APPROVE'] },
      { itemCode: 'CARD', kind: 'applicant', need: 'supplement' },
    ]);

    await h.append(`application-${approve}`, 'DecisionMade', decided('2020-07-06'), '2020-07-06');
    await h.append(b, 'BundleMemberConcluded', { itemCode: 'APPROVE', applicationId: approve, outcome: 'approved', concludedOn: '2020-07-06' }, '2020-07-06');
    await h.append(`application-${card}`, 'ApplicationWithdrawn', { reason: 'later', withdrawnOn: '2020-07-06' }, '2020-07-06');
    await h.append(`application-${card}`, 'ApplicationClosed', closed('2020-07-06', 'withdrawn'), '2020-07-06');
    await h.append(b, 'BundleMemberConcluded', { itemCode: 'CARD', applicationId: card, outcome: 'withdrawn', concludedOn: '2020-07-06' }, '2020-07-06');
    await h.runner.catchUp();
    const next = h.readModels.bundleProgress(bundleId, '2020-07-06')!;
    expect(next.blockedBy).to.deep.equal([{ itemCode: 'PENSION', kind: 'not-opened' }]);

    await h.append(b, 'BundleMemberSkipped', { itemCode: 'PENSION', reason: 'test', skippedOn: '2020-07-07' }, '2020-07-07');
    await h.append(b, 'BundleCompleted', { outcome: 'partial', approved: ['APPROVE'], notApproved: ['CARD'], skipped: ['PENSION'], completedOn: '2020-07-07' }, '2020-07-07');
    await h.runner.catchUp();
    const done = h.readModels.bundleProgress(bundleId, '2020-07-07')!;
    expect(done).to.deep.include({ state: 'completed', outcome: 'partial', completedOn: '2020-07-07', blockedBy: [] });
    expect(done.members.map((m) => [m.itemCode, m.status, m.outcome])).to.deep.equal([
      ['APPROVE', 'concluded', 'approved'],
      ['PENSION', 'skipped', null],
      ['CARD', 'concluded', 'withdrawn'],
    ]);
    expect(h.readModels.bundlesOfApplicant('ap-7', '2020-07-07').map((x) => x.bundleId)).to.deep.equal([bundleId]);
    expect(h.readModels.bundleProgress(randomUUID(), '2020-07-07')).to.equal(null);
  });

  it('shows a member whose committed deadline is provisional, in its summary and as a blocker, until it is recomputed', async () => {
    const bundleId = randomUUID();
    const b = `bundle-${bundleId}`;
    await h.append(b, 'BundleSubmitted', {
      bundleId,
      bundleCode: 'RETIREMENT',
      catalogVersion: 1,
      channel: 'provincial-portal',
      applicant: { id: 'ap-8', kind: 'individual', name: '赵六' },
      form: {},
      materials: [],
      delivery: { mode: 'express' },
      submittedOn: '2026-12-28',
      members: [{ itemCode: 'APPROVE', dependsOn: [] }],
    }, '2026-12-28');
    const id = randomUUID();
    const s = `application-${id}`;
    await h.append(s, 'ApplicationSubmitted', submitted({ applicationId: id, itemCode: 'APPROVE', department: 'D-PENSION', bundleId, submittedOn: '2026-12-28' }), '2026-12-28');
    await h.append(b, 'BundleMemberOpened', { itemCode: 'APPROVE', applicationId: id, openedOn: '2026-12-28' }, '2026-12-28');
    // 10 working days from 2026-12-28 reach into 2027, a provisional year (no State Council notice yet).
    await h.append(s, 'ApplicationAccepted', provisionally(accepted('2026-12-28', '2027-01-12')), '2026-12-28');
    await h.runner.catchUp();

    const view = h.readModels.bundleProgress(bundleId, '2026-12-29')!;
    expect(view.members[0]!.application).to.include({ committedDeadline: '2027-01-12', provisional: true });
    expect(view.blockedBy).to.deep.equal([
      { itemCode: 'APPROVE', kind: 'department', department: 'D-PENSION', state: 'accepted', committedDeadline: '2027-01-12', provisional: true, overdue: false },
    ]);

    await h.append(s, 'DeadlineRecomputed', recomputed('2027-01-04', '2027-01-12'), '2027-01-04', 'system');
    await h.runner.catchUp();
    const official = h.readModels.bundleProgress(bundleId, '2027-01-04')!;
    expect(official.members[0]!.application).to.include({ provisional: false });
    expect(official.blockedBy[0]).to.include({ provisional: false });
  });
});
