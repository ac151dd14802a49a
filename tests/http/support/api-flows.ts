import { expect } from 'chai';
import type { Response } from 'supertest';
import type { Principal } from '../../../infra/auth/principal.js';
import { CommandReply } from '../../../infra/http/routes/application-views.js';
import { applicant, clerk, supervisor, admin } from './test-app.js';
import { API } from './api-harness.js';
import type { ApiHarness } from './api-harness.js';

/** The people of the HTTP tests, on the built-in catalog's departments. */
export const ZHANG = applicant('p-zhang-jianguo');
export const WANG = applicant('p-wang-fang');
/** 社保基金管理局 (FSRS-SBJ): pensions, retirement, contributions. */
export const CHEN = clerk('FSRS-SBJ', 'FS-CC-01', 'clerk-chen');
/** 社会保障卡服务中心 (FSRS-SBK). */
export const WU = clerk('FSRS-SBK', 'FS-CC-02', 'clerk-wu');
export const BOSS = supervisor('sup-liu');
export const KEEPER = admin('admin-he');

export const ID_NUMBER = '440604196609121234';

/** SB-014 (FSRS-SBJ): committed 1 working day, statutory 5; the ID card from e-licences is all it needs. */
export const itemBody = (overrides: Record<string, unknown> = {}) => ({
  itemCode: 'SB-014',
  channel: 'yueshengshi',
  applicant: { kind: 'individual', name: '张建国', idNumber: ID_NUMBER, phone: '13800000000' },
  form: { reason: 'pension certification' },
  materials: [{ code: 'id-card', source: 'e-licence', reference: 'EL-ID-4406' }],
  delivery: { mode: 'electronic' },
  ...overrides,
});

/** KA-003 (FSRS-SBK): an immediate item (即办件, committed 0), handled on the spot at the window. */
export const immediateBody = () => itemBody({ itemCode: 'KA-003', channel: 'window' });

/** 职工退休一件事 (YJS-07): 退休审批 SB-011 → 养老金核定 SB-012 → 社保卡账户 KA-013. */
export const retirementBundle = (overrides: Record<string, unknown> = {}) => ({
  bundleCode: 'YJS-07',
  channel: 'yueshengshi',
  applicant: { kind: 'individual', name: '张建国', idNumber: ID_NUMBER, phone: '13800000000' },
  form: { birthDate: '1966-09-12', gender: 'male', insuredYears: 32 },
  materials: [
    { code: 'id-card', source: 'e-licence', reference: 'EL-ID-4406' },
    { code: 'retirement-form', source: 'upload', reference: 'upload-77' },
    { code: 'personnel-file', source: 'paper', reference: 'SF1234567890' },
  ],
  delivery: { mode: 'electronic' },
  ...overrides,
});

export const replyOf = (res: Response): CommandReply => CommandReply.parse(res.body);

/** Submits an item application and returns its id (201 expected). */
export async function submitItem(h: ApiHarness, who: Principal = ZHANG, body: object = itemBody(), key?: string): Promise<string> {
  const res = await h.post(`${API}/applications`, who, body, key ? { 'Idempotency-Key': key } : {});
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return replyOf(res).id;
}

/** The application's current ETag, as the clerk's history read gives it. */
export async function etagOf(h: ApiHarness, id: string, who: Principal = CHEN): Promise<string> {
  const res = await h.get(`${API}/applications/${id}/history`, who);
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.headers.etag as string;
}

/** A clerk's lifecycle action with the current ETag in If-Match; returns the response. */
export async function act(h: ApiHarness, id: string, action: string, body?: object, who: Principal = CHEN): Promise<Response> {
  return h.post(`${API}/applications/${id}/${action}`, who, body, { 'If-Match': await etagOf(h, id, who) });
}

/** The same, expecting 200. */
export async function done(h: ApiHarness, id: string, action: string, body?: object, who: Principal = CHEN): Promise<Response> {
  const res = await act(h, id, action, body, who);
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).to.equal(200);
  return res;
}

/** A body each clerk action accepts (validation passes), whatever the rules then say. */
export const VALID_ACTION_BODIES: Record<string, object | undefined> = {
  'pre-review': { outcome: 'passed' },
  'request-supplement': { missing: [{ code: 'id-card', reason: 'unreadable' }] },
  'receive-supplement': { materials: [{ code: 'id-card', source: 'upload' }] },
  accept: undefined,
  refuse: { reason: 'out of scope' },
  'check-deemed-acceptance': undefined,
  suspend: { reason: 'hearing', legalBasis: 'Art 47' },
  resume: undefined,
  extend: { days: 5, approver: 'director', reason: 'complex' },
  decide: { outcome: 'approved', legalBasis: 'Art 38' },
  'handle-on-the-spot': { outcome: 'approved', legalBasis: 'Art 38' },
  issue: { documentType: 'certificate', documentNo: 'C-1' },
  dispatch: { mode: 'electronic' },
  receipt: undefined,
  visit: { purpose: 'consult' },
};
