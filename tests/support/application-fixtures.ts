import type { Applicant, ProvidedMaterial } from '../../events/index.js';
import { defaultCalendar } from '../../services/calendar/default-calendar.js';
import type { ServiceItem } from '../../services/catalog/item-schema.js';
import type { CommandContext } from '../../services/decider.js';
import { applicationDecider, applicationEvent } from '../../services/application/index.js';
import type { ApplicationEventData, ApplicationPendingEvent, SubmitApplication } from '../../services/application/index.js';
import { deciderSpec } from './decider-spec.js';
import { LICENCE, testCatalog } from './test-catalog.js';

// Shared stories for the application decider's unit tests. The dates are in the 2020 National Day fortnight
// on the real calendar: 10/1–10/8 off, Sunday 9/27 and Saturday 10/10 worked (调休).

export const APP_ID = '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b9c0a11';
export const MONDAY = '2020-09-28';

export const calendar = defaultCalendar();
export const catalog = testCatalog();
export const deps = { catalog, calendar };

export const clerk: CommandContext = { actor: { role: 'clerk', id: 'clerk-chen' }, channel: 'window', today: MONDAY };
export const applicantCtx: Partial<CommandContext> = { actor: { role: 'applicant', id: 'p-zhang' }, channel: 'provincial-portal' };

export const ZHANG: Applicant = { id: 'p-zhang', kind: 'individual', name: '张三' };

export const FULL_SET: ProvidedMaterial[] = [
  { code: 'id-card', source: 'e-licence', reference: 'EL-440600-1' },
  { code: 'form', source: 'upload', reference: 'file-1' },
  { code: 'contract', source: 'paper', reference: 'PR-1' },
];

export const application = deciderSpec(applicationDecider, deps, clerk);

export function submit(item: ServiceItem = LICENCE, overrides: Partial<SubmitApplication> = {}): SubmitApplication {
  return {
    type: 'submitApplication',
    applicationId: APP_ID,
    itemCode: item.code,
    applicant: ZHANG,
    form: { name: '张三' },
    materials: item.materials.filter((m) => m.required).map((m) => FULL_SET.find((f) => f.code === m.code) ?? { code: m.code, source: m.source }),
    delivery: { mode: 'express', address: '佛山市禅城区岭南大道1号' },
    ...overrides,
  };
}

/** The ApplicationSubmitted a valid submission of `item` on `on` records. */
export function submitted(item: ServiceItem = LICENCE, on = MONDAY, overrides: Partial<ApplicationEventData<'ApplicationSubmitted'>> = {}) {
  const cmd = submit(item);
  return applicationEvent('ApplicationSubmitted', {
    applicationId: APP_ID,
    itemCode: item.code,
    catalogVersion: catalog.version,
    department: item.department,
    channel: 'window',
    applicant: ZHANG,
    form: cmd.form,
    materials: cmd.materials,
    delivery: cmd.delivery,
    submittedOn: on,
    committedLimit: item.committedLimit,
    statutoryLimit: item.statutoryLimit,
    fastTrack: item.fastTrack,
    ...overrides,
  });
}

export function accepted(acceptedOn: string, committedDeadline: string, statutoryDeadline: string | null, item: ServiceItem = LICENCE) {
  return applicationEvent('ApplicationAccepted', {
    committedDeadline,
    statutoryDeadline,
    calendarVersion: calendar.version,
    acceptedOn,
    committedLimit: item.committedLimit,
    statutoryLimit: item.statutoryLimit,
  });
}

/** T-LIC accepted on Monday 9/28: committed 10 working days → 10/19, statutory 20 → 11/2. */
export const acceptedMonday = accepted(MONDAY, '2020-10-19', '2020-11-02');

export const approved = (on: string) =>
  applicationEvent('DecisionMade', { outcome: 'approved', decidedBy: 'staff', legalBasis: '《行政许可法》第三十八条', decidedOn: on });

export const issued = (on: string) => applicationEvent('ResultIssued', { documentType: 'certificate', documentNo: 'XK-2020-001', issuedOn: on });

export const dispatchedByExpress = (on: string) =>
  applicationEvent('ResultDispatched', { mode: 'express', carrier: 'EMS', waybillNo: 'EMS123', dispatchedOn: on });

export const closed = (outcome: 'approved' | 'denied' | 'refused' | 'withdrawn', on: string) =>
  applicationEvent('ApplicationClosed', { outcome, closedOn: on });

/** Submitted, accepted Monday, approved, issued, sent by express, received: the happy path of T-LIC. */
export const deliveredHistory: ApplicationPendingEvent[] = [
  submitted(),
  acceptedMonday,
  approved('2020-10-12'),
  issued('2020-10-12'),
  dispatchedByExpress('2020-10-13'),
  applicationEvent('ResultReceived', { receivedOn: '2020-10-14' }),
  closed('approved', '2020-10-14'),
];
