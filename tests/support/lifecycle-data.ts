import { randomUUID } from 'node:crypto';
import type { Channel, DeliveryMode, MaterialSource, TimeLimit } from '../../events/index.js';

/** Event data builders for projection tests: valid data with overridable defaults. */

export interface SubmitOptions {
  applicationId?: string;
  itemCode?: string;
  department?: string;
  channel?: Channel;
  applicantId?: string;
  idNumber?: string;
  materials?: MaterialSource[];
  delivery?: DeliveryMode;
  submittedOn: string;
  bundleId?: string;
  committedLimit?: TimeLimit;
  statutoryLimit?: TimeLimit;
  fastTrack?: boolean;
}

export function submitted(o: SubmitOptions) {
  return {
    applicationId: o.applicationId ?? randomUUID(),
    itemCode: o.itemCode ?? 'ITEM-1',
    catalogVersion: 1,
    department: o.department ?? 'DEPT-1',
    channel: o.channel ?? 'provincial-portal',
    applicant: { id: o.applicantId ?? 'applicant-1', kind: 'individual' as const, name: '张三', idNumber: o.idNumber ?? '440601199001011234' },
    form: {},
    materials: (o.materials ?? ['upload']).map((source, i) => ({ code: `M${i + 1}`, source })),
    delivery: { mode: o.delivery ?? 'express' },
    submittedOn: o.submittedOn,
    ...(o.bundleId ? { bundleId: o.bundleId } : {}),
    committedLimit: o.committedLimit ?? { value: 5, unit: 'working' as const },
    statutoryLimit: o.statutoryLimit ?? { value: 20, unit: 'working' as const },
    fastTrack: o.fastTrack ?? false,
  };
}

const deadlines = (committedDeadline: string, statutoryDeadline: string | null = null, calendarVersion = 'test') => ({
  committedDeadline,
  statutoryDeadline,
  calendarVersion,
});

/** Deadline event data marked as the write side marks a date that depends on a provisional calendar year. */
export const provisionally = <T extends { committedDeadline: string }>(data: T, statutoryDeadline?: string) => ({
  ...data,
  ...(statutoryDeadline === undefined ? {} : { statutoryDeadline }),
  provisional: true as const,
});

export function accepted(acceptedOn: string, committedDeadline: string, limits?: { committed?: TimeLimit; statutory?: TimeLimit }) {
  return {
    ...deadlines(committedDeadline),
    acceptedOn,
    committedLimit: limits?.committed ?? { value: 5, unit: 'working' as const },
    statutoryLimit: limits?.statutory ?? { value: 20, unit: 'working' as const },
  };
}

export const supplementRequested = (requestedOn: string, codes: string[] = ['M9']) => ({
  requestId: randomUUID(),
  missing: codes.map((code) => ({ code, reason: `${code} missing` })),
  requestedOn,
});

export const supplementReceived = (receivedOn: string, sources: MaterialSource[] = ['upload'], requestId = 'r') => ({
  requestId,
  materials: sources.map((source, i) => ({ code: `S${i + 1}`, source })),
  receivedOn,
});

export const suspended = (suspendedOn: string, reason: 'hearing' | 'applicant-supplement' | 'expert-review' = 'hearing') => ({
  reason,
  legalBasis: '行政许可法第45条',
  suspendedOn,
});

export const resumed = (resumedOn: string, suspendedWorkdays: number, committedDeadline: string) => ({
  ...deadlines(committedDeadline),
  resumedOn,
  suspendedWorkdays,
});

export const extended = (grantedOn: string, days: number, committedDeadline: string) => ({
  ...deadlines(committedDeadline),
  days,
  approver: 'head',
  reason: 'complex case',
  grantedOn,
});

export const recomputed = (recomputedOn: string, committedDeadline: string, calendarVersion = 'test-2') => ({
  ...deadlines(committedDeadline, null, calendarVersion),
  recomputedOn,
});

export const decided = (decidedOn: string, outcome: 'approved' | 'denied' = 'approved', decidedBy: 'staff' | 'rule' = 'staff') => ({
  outcome,
  decidedBy,
  legalBasis: 'basis',
  decidedOn,
});

export const issued = (issuedOn: string) => ({ documentType: 'certificate' as const, documentNo: `DOC-${issuedOn}`, issuedOn });

export const dispatched = (dispatchedOn: string, mode: DeliveryMode = 'express') => ({
  mode,
  ...(mode === 'express' ? { carrier: 'EMS', waybillNo: `EMS${dispatchedOn.replace(/-/g, '')}` } : {}),
  dispatchedOn,
});

export const received = (receivedOn: string) => ({ receivedOn });
export const visited = (visitedOn: string, hall = 'HALL-1', purpose: 'consult' | 'submit' | 'pickup' = 'consult') => ({
  hall,
  purpose,
  visitedOn,
});
export const closed = (closedOn: string, outcome: 'approved' | 'denied' | 'refused' | 'withdrawn' = 'approved') => ({ outcome, closedOn });
export const rated = (ratedOn: string, level: number) => ({ level, indicators: {}, tags: [], ratedOn });
export const refused = (refusedOn: string) => ({ reason: 'not our matter', refusedOn });
export const withdrawn = (withdrawnOn: string) => ({ reason: 'changed my mind', withdrawnOn });
