import { expect } from 'chai';
import { applicationEvent } from '../../services/application/index.js';
import {
  APP_ID,
  MONDAY,
  accepted,
  acceptedMonday,
  application,
  applicantCtx,
  catalog,
  closed,
  submit,
  submitted,
} from '../support/application-fixtures.js';
import { LICENCE, NATURAL, NO_EXTENSION, ON_THE_SPOT } from '../support/test-catalog.js';

const { given } = application;

describe('application intake: submission', () => {
  it('records the submission with the item as the catalog has it: department, limits, fast-track flag, version', () => {
    given([]).when(submit()).then([submitted()]);
  });

  it('records the applicant\'s channel given in the command over the one it came through (a process manager submits for a bundle)', () => {
    given([])
      .when(submit(LICENCE, { channel: 'yueshengshi' }), { channel: 'system', actor: { role: 'system', id: 'bundle-process' } })
      .then([submitted(LICENCE, MONDAY, { channel: 'yueshengshi' })]);
  });

  it('refuses a channel the item is not offered on', () => {
    given([]).when(submit(NO_EXTENSION), applicantCtx).then({ refused: 'CHANNEL_NOT_OFFERED', state: 'none' });
    given([]).when(submit(LICENCE), { channel: 'fs12345' }).then({ refused: 'CHANNEL_NOT_OFFERED' });
  });

  it('refuses a submission without every required material', () => {
    const cmd = submit();
    given([]).when({ ...cmd, materials: cmd.materials.filter((m) => m.code !== 'contract') }).then({ refused: 'MATERIALS_MISSING' });
  });

  it('accepts an optional material and a paper copy of an e-licence material', () => {
    const cmd = submit();
    const materials = [...cmd.materials.filter((m) => m.code !== 'id-card'), { code: 'id-card', source: 'upload' as const }, { code: 'photo', source: 'upload' as const }];
    given([]).when({ ...cmd, materials }).then([submitted(LICENCE, MONDAY, { materials })]);
  });

  it('refuses a material declared as coming from e-licences that the item does not pull from e-licences', () => {
    const cmd = submit();
    const materials = cmd.materials.map((m) => (m.code === 'form' ? { code: 'form', source: 'e-licence' as const } : m));
    given([]).when({ ...cmd, materials }).then({ refused: 'MATERIAL_NOT_FROM_E_LICENCE' });
  });

  it('refuses a material the item does not list, but leaves it out of a bundle member\'s set', () => {
    const cmd = submit();
    const extra = [...cmd.materials, { code: 'diploma', source: 'upload' as const }];
    given([]).when({ ...cmd, materials: extra }).then({ refused: 'UNKNOWN_MATERIAL' });
    const bundleId = '0a6d6f44-3c55-4d0b-8f0e-6b0f1b6c2d11';
    given([])
      .when({ ...cmd, materials: extra, bundleId })
      .then([submitted(LICENCE, MONDAY, { bundleId })]);
  });

  it('refuses free express for an item without it, and express without an address', () => {
    given([]).when(submit(NO_EXTENSION)).then({ refused: 'EXPRESS_NOT_SUPPORTED' });
    given([]).when(submit(LICENCE, { delivery: { mode: 'express' } })).then({ refused: 'DELIVERY_ADDRESS_MISSING' });
  });

  it('refuses a form filled against another catalog version, and an item the catalog does not have', () => {
    given([]).when(submit(LICENCE, { catalogVersion: catalog.version - 1 })).then({ refused: 'CATALOG_VERSION_MISMATCH' });
    given([]).when(submit(LICENCE, { catalogVersion: catalog.version })).then([submitted()]);
    given([]).when(submit(LICENCE, { itemCode: 'T-NONE' })).then({ refused: 'UNKNOWN_ITEM' });
  });

  it('refuses a second submission on the same application', () => {
    given([submitted()]).when(submit()).then({ refused: 'ALREADY_SUBMITTED', state: 'submitted' });
  });
});

describe('application intake: 网上预审 online pre-review', () => {
  const online = submitted(LICENCE, MONDAY, { channel: 'provincial-portal' });

  it('records the pre-review of an online submission', () => {
    given([online])
      .when({ type: 'completePreReview', outcome: 'needs-supplement', note: '合同页不清晰' })
      .then([applicationEvent('PreReviewCompleted', { outcome: 'needs-supplement', note: '合同页不清晰', reviewedOn: MONDAY })]);
  });

  it('refuses to pre-review a window submission, or the same materials twice', () => {
    given([submitted()]).when({ type: 'completePreReview', outcome: 'passed' }).then({ refused: 'PRE_REVIEW_ONLINE_ONLY' });
    const reviewed = applicationEvent('PreReviewCompleted', { outcome: 'passed', reviewedOn: MONDAY });
    given([online, reviewed]).when({ type: 'completePreReview', outcome: 'passed' }).then({ refused: 'ALREADY_PRE_REVIEWED' });
  });

  it('pre-reviews again once a supplement has come in', () => {
    const history = [
      online,
      applicationEvent('PreReviewCompleted', { outcome: 'needs-supplement', reviewedOn: MONDAY }),
      applicationEvent('SupplementRequested', { requestId: 'S1', missing: [{ code: 'contract', reason: '不清晰' }], requestedOn: MONDAY }),
      applicationEvent('SupplementReceived', { requestId: 'S1', materials: [{ code: 'contract', source: 'paper' }], receivedOn: '2020-09-29' }),
    ];
    given(history)
      .when({ type: 'completePreReview', outcome: 'passed' }, { today: '2020-09-29' })
      .then([applicationEvent('PreReviewCompleted', { outcome: 'passed', reviewedOn: '2020-09-29' })]);
  });
});

describe('application intake: 一次性告知 one-time supplement notice', () => {
  const missing = [
    { code: 'contract', reason: '合同缺签字页 signature page missing' },
    { code: 'photo', reason: '照片不符合规格 photo off-spec' },
  ];
  const requested = applicationEvent('SupplementRequested', { requestId: 'S1', missing, requestedOn: '2020-09-29' });

  it('lists every missing material in one notice', () => {
    given([submitted()]).when({ type: 'requestSupplement', missing }, { today: '2020-09-29' }).then([requested]);
  });

  it('refuses a second notice while the first is unanswered', () => {
    given([submitted(), requested])
      .when({ type: 'requestSupplement', missing: [{ code: 'form', reason: '漏填' }] })
      .then({ refused: 'SUPPLEMENT_PENDING', state: 'supplement-requested' });
  });

  it('allows a new notice once the first was answered, numbered on', () => {
    const received = applicationEvent('SupplementReceived', {
      requestId: 'S1',
      materials: [{ code: 'contract', source: 'paper' }, { code: 'photo', source: 'upload' }],
      receivedOn: '2020-09-30',
    });
    given([submitted(), requested, received])
      .when({ type: 'requestSupplement', missing: [{ code: 'photo', reason: '仍不符合' }] }, { today: '2020-10-09' })
      .then([applicationEvent('SupplementRequested', { requestId: 'S2', missing: [{ code: 'photo', reason: '仍不符合' }], requestedOn: '2020-10-09' })]);
  });

  it('refuses an empty notice, a material the item does not list, and a material listed twice', () => {
    given([submitted()]).when({ type: 'requestSupplement', missing: [] }).then({ refused: 'EMPTY_SUPPLEMENT_LIST' });
    given([submitted()]).when({ type: 'requestSupplement', missing: [{ code: 'diploma', reason: 'x' }] }).then({ refused: 'UNKNOWN_MATERIAL' });
    given([submitted()])
      .when({ type: 'requestSupplement', missing: [missing[0]!, missing[0]!] })
      .then({ refused: 'DUPLICATE_MATERIAL' });
  });

  it('takes a notice on the 5th working day after receipt (10/12, across the holiday) and refuses it on the 6th', () => {
    given([submitted()])
      .when({ type: 'requestSupplement', missing }, { today: '2020-10-12' })
      .then([applicationEvent('SupplementRequested', { requestId: 'S1', missing, requestedOn: '2020-10-12' })]);
    given([submitted()])
      .when({ type: 'requestSupplement', missing }, { today: '2020-10-13' })
      .then({ refused: 'NOTICE_WINDOW_PASSED', state: 'submitted' });
  });

  it('refuses a notice once the application is accepted', () => {
    given([submitted(), acceptedMonday]).when({ type: 'requestSupplement', missing }).then({ refused: 'INVALID_TRANSITION', state: 'accepted' });
  });

  it('receives a supplement that brings everything asked for', () => {
    const materials = [{ code: 'contract', source: 'paper' as const }, { code: 'photo', source: 'upload' as const }];
    given([submitted(), requested])
      .when({ type: 'receiveSupplement', materials }, { today: '2020-09-30' })
      .then([applicationEvent('SupplementReceived', { requestId: 'S1', materials, receivedOn: '2020-09-30' })]);
  });

  it('refuses a supplement nobody asked for, one for another request, an incomplete one, and e-licence misuse', () => {
    const materials = [{ code: 'contract', source: 'paper' as const }, { code: 'photo', source: 'upload' as const }];
    given([submitted()]).when({ type: 'receiveSupplement', materials }).then({ refused: 'NO_SUPPLEMENT_PENDING' });
    given([submitted(), requested]).when({ type: 'receiveSupplement', requestId: 'S9', materials }).then({ refused: 'SUPPLEMENT_REQUEST_MISMATCH' });
    given([submitted(), requested]).when({ type: 'receiveSupplement', materials: materials.slice(0, 1) }).then({ refused: 'SUPPLEMENT_INCOMPLETE' });
    given([submitted(), requested])
      .when({ type: 'receiveSupplement', materials: [materials[0]!, { code: 'photo', source: 'e-licence' }] })
      .then({ refused: 'MATERIAL_NOT_FROM_E_LICENCE' });
  });
});

describe('application intake: 受理 acceptance and 不予受理 refusal', () => {
  it('accepts and fixes both deadlines on the working-day calendar (10 and 20 working days across National Day)', () => {
    given([submitted()]).when({ type: 'acceptApplication' }).then([acceptedMonday]);
  });

  it('counts natural-day limits in calendar days and rolls a deadline that falls in the holiday to the next working day', () => {
    // 9/3 + 30 days = 10/3, a holiday: rolled to 10/9. 9/3 + 45 days = 10/18, a Sunday: rolled to 10/19.
    given([submitted(NATURAL, '2020-09-03')])
      .when({ type: 'acceptApplication' }, { today: '2020-09-03' })
      .then([accepted('2020-09-03', '2020-10-09', '2020-10-19', NATURAL)]);
  });

  it('has no statutory deadline for an item whose law sets no term', () => {
    given([submitted(ON_THE_SPOT)]).when({ type: 'acceptApplication' }).then([accepted(MONDAY, MONDAY, null, ON_THE_SPOT)]);
  });

  it('refuses to accept while a supplement is awaited, twice, or after the notice window (deemed acceptance applies)', () => {
    const requested = applicationEvent('SupplementRequested', { requestId: 'S1', missing: [{ code: 'contract', reason: 'x' }], requestedOn: MONDAY });
    given([submitted(), requested]).when({ type: 'acceptApplication' }).then({ refused: 'SUPPLEMENT_PENDING' });
    given([submitted(), acceptedMonday]).when({ type: 'acceptApplication' }).then({ refused: 'INVALID_TRANSITION', state: 'accepted' });
    given([submitted()]).when({ type: 'acceptApplication' }, { today: '2020-10-13' }).then({ refused: 'DEEMED_ACCEPTANCE_DUE' });
    given([]).when({ type: 'acceptApplication' }).then({ refused: 'INVALID_TRANSITION', state: 'none' });
  });

  it('refuses intake with a reason and closes the application', () => {
    given([submitted()])
      .when({ type: 'refuseIntake', reason: '不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条' })
      .then([
        applicationEvent('IntakeRefused', { reason: '不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条', refusedOn: MONDAY }),
        closed('refused', MONDAY),
      ]);
  });

  it('refuses intake when the applicant never brought the supplement', () => {
    const requested = applicationEvent('SupplementRequested', { requestId: 'S1', missing: [{ code: 'contract', reason: 'x' }], requestedOn: MONDAY });
    given([submitted(), requested])
      .when({ type: 'refuseIntake', reason: '逾期未补正' }, { today: '2020-11-02' })
      .then([applicationEvent('IntakeRefused', { reason: '逾期未补正', refusedOn: '2020-11-02' }), closed('refused', '2020-11-02')]);
  });

  it('does not refuse intake after acceptance, nor after the notice window passed', () => {
    given([submitted(), acceptedMonday]).when({ type: 'refuseIntake', reason: 'x' }).then({ refused: 'INVALID_TRANSITION' });
    given([submitted()]).when({ type: 'refuseIntake', reason: 'x' }, { today: '2020-10-13' }).then({ refused: 'DEEMED_ACCEPTANCE_DUE' });
  });
});

describe('application intake: 视为受理 deemed acceptance (行政许可法 Art 32)', () => {
  const check = { type: 'checkDeemedAcceptance' } as const;

  it('deems the application accepted on the receipt date when no notice went out in 5 working days', () => {
    given([submitted()])
      .when(check, { today: '2020-10-13', actor: { role: 'system', id: 'deadline-timer' }, channel: 'system' })
      .then([applicationEvent('DeemedAccepted', { ...acceptedMonday.data, receivedOn: MONDAY })]);
  });

  it('is not due on the 5th working day', () => {
    given([submitted()]).when(check, { today: '2020-10-12' }).then({ refused: 'NOT_YET_DUE' });
  });

  it('does not apply while a notice sent in time is unanswered', () => {
    const requested = applicationEvent('SupplementRequested', { requestId: 'S1', missing: [{ code: 'contract', reason: 'x' }], requestedOn: '2020-09-29' });
    given([submitted(), requested]).when(check, { today: '2020-11-02' }).then({ refused: 'SUPPLEMENT_PENDING' });
  });

  it('runs from the supplement\'s receipt once one came in', () => {
    const history = [
      submitted(),
      applicationEvent('SupplementRequested', { requestId: 'S1', missing: [{ code: 'contract', reason: 'x' }], requestedOn: '2020-09-29' }),
      applicationEvent('SupplementReceived', { requestId: 'S1', materials: [{ code: 'contract', source: 'paper' }], receivedOn: '2020-10-09' }),
    ];
    given(history).when(check, { today: '2020-10-15' }).then({ refused: 'NOT_YET_DUE' });
    given(history)
      .when(check, { today: '2020-10-16' })
      .then([applicationEvent('DeemedAccepted', { ...accepted('2020-10-09', '2020-10-22', '2020-11-05').data, receivedOn: '2020-10-09' })]);
  });

  it('does nothing for an application already accepted', () => {
    given([submitted(), acceptedMonday]).when(check, { today: '2020-11-02' }).then({ refused: 'INVALID_TRANSITION', state: 'accepted' });
  });

  it('keeps the application id it was submitted under', () => {
    const state = given([submitted()]).when(check, { today: '2020-10-13' }).state();
    expect(state).to.include({ applicationId: APP_ID, status: 'accepted' });
    expect(state.acceptance).to.deep.equal({ kind: 'deemed', acceptedOn: MONDAY });
  });
});
