import { randomUUID } from 'node:crypto';
import { toShanghaiInstant } from '../../events/index.js';
import type { EventMetadata } from '../../events/index.js';
import type { NewEvent } from '../../infra/store/port.js';

// Valid events of real types, for store tests, fixtures and benchmarks.

/** 2020-10-09 09:30:00.125 in Shanghai. */
export const SAMPLE_INSTANT = toShanghaiInstant(Date.UTC(2020, 9, 9, 1, 30, 0, 125));

export function sampleMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  const commandId = overrides.commandId ?? randomUUID();
  return {
    actor: { role: 'clerk', id: 'clerk-0042' },
    channel: 'window',
    commandId,
    correlationId: commandId,
    causationId: commandId,
    occurredAt: SAMPLE_INSTANT,
    ...overrides,
  };
}

/** 申请提交: a full submission, with every optional field, Chinese text and a nested form. */
export function applicationSubmitted(applicationId: string = randomUUID(), metadata: EventMetadata = sampleMetadata()): NewEvent {
  return {
    type: 'ApplicationSubmitted',
    data: {
      applicationId,
      itemCode: '440600-RS-0017',
      catalogVersion: 3,
      department: '佛山市人力资源和社会保障局',
      channel: 'yueshengshi',
      applicant: { id: 'applicant-7', kind: 'individual', name: '陈小明', idNumber: '440602199001011234', phone: '13800138000' },
      form: { reason: '失业登记', months: 6, nested: { employer: '佛山某公司', flags: [true, false] }, note: null },
      materials: [
        { code: 'ID', source: 'e-licence', reference: 'EL-2020-001' },
        { code: 'CONTRACT', source: 'upload', reference: 'file-9' },
        { code: 'FORM', source: 'paper' },
      ],
      delivery: { mode: 'express', address: '佛山市禅城区季华五路 1 号' },
      submittedOn: '2020-10-09',
      bundleId: randomUUID(),
      committedLimit: { value: 5, unit: 'working' },
      statutoryLimit: { value: 20, unit: 'working' },
      fastTrack: true,
    },
    metadata: { ...metadata, actor: { role: 'applicant', id: 'applicant-7' }, channel: 'yueshengshi' },
  };
}

/** 到现场: a visit to a hall. */
export function visitRecorded(hall = '禅城区行政服务中心', metadata: EventMetadata = sampleMetadata()): NewEvent {
  return { type: 'VisitRecorded', data: { hall, purpose: 'submit', visitedOn: '2020-10-09' }, metadata };
}

/** A batch of `count` visits sharing one command, as one append would carry them. */
export function visitBatch(count: number, commandId: string = randomUUID()): NewEvent[] {
  const metadata = sampleMetadata({ commandId });
  return Array.from({ length: count }, (_, i) => visitRecorded(`hall-${i}`, metadata));
}

const DEADLINES = { committedDeadline: '2020-10-16', statutoryDeadline: '2020-11-06', calendarVersion: '2020.1' };

/** The life of one typical application, submission to rating (DESIGN.md §4): eight events of real types. */
export const LIFECYCLE_LENGTH = 8;

/** The `step`-th event (0-based) of a typical application's life. */
export function lifecycleEvent(step: number, metadata: EventMetadata = sampleMetadata(), applicationId: string = randomUUID()): NewEvent {
  const event = (type: string, data: unknown): NewEvent => ({ type, data, metadata });
  switch (step % LIFECYCLE_LENGTH) {
    case 0:
      return applicationSubmitted(applicationId, metadata);
    case 1:
      return event('ApplicationAccepted', {
        ...DEADLINES,
        acceptedOn: '2020-10-09',
        committedLimit: { value: 5, unit: 'working' },
        statutoryLimit: { value: 20, unit: 'working' },
      });
    case 2:
      return event('DecisionMade', { outcome: 'approved', decidedBy: 'staff', legalBasis: '《失业保险条例》第十四条', decidedOn: '2020-10-13' });
    case 3:
      return event('ResultIssued', { documentType: 'e-licence', documentNo: 'FS-2020-0001234', issuedOn: '2020-10-13' });
    case 4:
      return event('ResultDispatched', { mode: 'express', carrier: 'EMS', waybillNo: '1180012345678', dispatchedOn: '2020-10-14' });
    case 5:
      return event('ResultReceived', { receivedOn: '2020-10-15' });
    case 6:
      return event('ApplicationClosed', { outcome: 'approved', closedOn: '2020-10-15' });
    default:
      return event('ApplicationRated', {
        level: 5,
        indicators: { attitude: 5, speed: 5, convenience: 4 },
        tags: ['不见面', '快'],
        comment: '全程网办，快递到家',
        ratedOn: '2020-10-16',
      });
  }
}
