import { z } from 'zod';
import type { ApplicationStatusView } from '../../../projections/application-status/status-view.js';
import { ReviewWatchView } from './review-views.js';

/** What the application routes answer; the schemas document the responses in OpenAPI and tests parse with them. */

const Words = z.object({ zh: z.string(), en: z.string() });
const nullableDate = z.string().nullable();

/** What provisional means, said once for every field that carries it (DESIGN.md §5). */
const PROVISIONAL =
  'A provisional date is counted on the statutory holiday rule for a year whose State Council holiday notice is not yet published: it may move when the notice is published, and is then recomputed.';
const provisionalFlag = (what: string) => z.boolean().meta({ description: `True when ${what} is provisional. ${PROVISIONAL}` });
const provisionalNoteField = (what: string) =>
  Words.nullable().meta({ description: `In plain words (zh, en), which year's State Council holiday notice may move ${what}; null when not provisional.` });

export const CommandReply = z
  .object({
    /** The application's or bundle's id. */
    id: z.string(),
    /** The stream revision after the command: the new ETag. */
    revision: z.number().int(),
    /** The global log position the command reached; echo it as X-Min-Position to read your write anywhere. */
    position: z.number().int(),
    /** True when this command id had been handled before: nothing was appended. */
    duplicate: z.boolean(),
    /** The event types the command appended (or had appended). */
    events: z.array(z.string()),
    status: z.string(),
    /** True when the read models had reached `position` before this answer (read-your-writes). */
    consistent: z.boolean(),
  })
  .meta({ id: 'CommandReply' });
export type CommandReply = z.infer<typeof CommandReply>;

export const StatusView = z
  .object({
    applicationId: z.string(),
    applicant: z.object({ id: z.string(), kind: z.string() }),
    itemCode: z.string(),
    department: z.string(),
    channel: z.string(),
    bundleId: z.string().nullable(),
    state: z.string(),
    stateText: Words,
    outcome: z.string().nullable(),
    timeline: z.array(z.object({ step: z.string(), on: z.string(), detail: z.string().optional(), zh: z.string(), en: z.string() })),
    nextNeed: z
      .object({ kind: z.enum(['supplement', 'pickup']), zh: z.string(), en: z.string(), materials: z.array(z.object({ code: z.string(), reason: z.string() })).optional() })
      .nullable(),
    committedDeadline: nullableDate,
    statutoryDeadline: nullableDate,
    provisional: provisionalFlag('committedDeadline or statutoryDeadline'),
    provisionalNote: provisionalNoteField('the deadlines'),
    workingDaysLeft: z.number().int().nullable(),
    clockRunning: z.boolean(),
    express: z.object({ carrier: z.string().nullable(), waybillNo: z.string().nullable() }).nullable(),
    rating: z.number().int().nullable(),
    review: z
      .object({
        status: z.enum(['open', 'resolved', 'void']),
        statusText: Words,
        openedOn: z.string(),
        resolution: z
          .object({ resolution: z.enum(['rectified', 'explained']), text: Words, note: z.string(), resolvedOn: z.string() })
          .nullable()
          .meta({ description: "The unit's answer: rectified (整改) or explained (解释说明), with its note; null until resolved" }),
        closedOn: nullableDate,
      })
      .nullable()
      .meta({ description: '差评工单: what became of a 1–2 star rating; null when the application has none' }),
  })
  .meta({ id: 'ApplicationStatus', description: 'Where an application stands, with its timeline, in plain words' });

export const StatusList = z.object({ today: z.string(), total: z.number().int(), applications: z.array(StatusView) }).meta({ id: 'ApplicationList' });

/** The status view without the identity hash: no response carries anything derived from an identity number. */
export function publicStatus(view: ApplicationStatusView): z.input<typeof StatusView> {
  return { ...view, applicant: { id: view.applicant.id, kind: view.applicant.kind } };
}

const MemberView = z
  .object({
    itemCode: z.string(),
    dependsOn: z.array(z.string()),
    applicationId: z.string().nullable(),
    status: z.string(),
    outcome: z.string().nullable(),
    concludedOn: nullableDate,
    skipReason: z.string().nullable(),
    application: z
      .object({ state: z.string(), stateText: Words, department: z.string(), committedDeadline: nullableDate, provisional: provisionalFlag('committedDeadline') })
      .nullable(),
  })
  .meta({ id: 'BundleMember' });

export const BundleView = z
  .object({
    bundleId: z.string(),
    bundleCode: z.string(),
    channel: z.string(),
    applicantId: z.string(),
    submittedOn: z.string(),
    state: z.enum(['open', 'completed']),
    outcome: z.string().nullable(),
    completedOn: nullableDate,
    members: z.array(MemberView),
    blockedBy: z.array(
      z
        .object({
          itemCode: z.string(),
          kind: z.string(),
          committedDeadline: nullableDate.optional(),
          provisional: z
            .boolean()
            .optional()
            .meta({ description: `With kind "department", beside committedDeadline: true when it is provisional. ${PROVISIONAL}` }),
        })
        .loose(),
    ),
  })
  .meta({ id: 'BundleProgress', description: '一件事: the members, how far each has come, and what holds the bundle up' });

export const BundleList = z.object({ today: z.string(), bundles: z.array(BundleView) }).meta({ id: 'BundleProgressList' });

export const HistoryEvent = z
  .object({
    revision: z.number().int(),
    position: z.number().int(),
    type: z.string(),
    data: z.unknown(),
    metadata: z.object({
      actor: z.object({ role: z.string(), id: z.string() }),
      channel: z.string(),
      commandId: z.string(),
      correlationId: z.string(),
      causationId: z.string(),
      occurredAt: z.string(),
    }),
  })
  .meta({ id: 'HistoryEvent' });

export const History = z
  .object({ applicationId: z.string(), revision: z.number().int(), events: z.array(HistoryEvent) })
  .meta({ id: 'ApplicationHistory', description: 'Every event of the application, identity numbers masked' });

const QueueEntry = z
  .object({
    applicationId: z.string(),
    department: z.string(),
    hall: z
      .string()
      .nullable()
      .meta({ description: 'The hall (窗口) where the applicant was first seen: the first recorded visit. Null for back-office (后台) work: online submissions, bundle members, no visit yet.' }),
    itemCode: z.string(),
    bundleId: z.string().nullable(),
    section: z.string(),
    waitingFor: z.string().nullable(),
    accepted: z.boolean(),
    acceptedOn: nullableDate.meta({ description: '受理 date; for a deemed acceptance (视为受理) the receipt of materials it dates back to.' }),
    deemedAccepted: z.boolean().meta({ description: 'Accepted by 视为受理: no one-time supplement notice within 5 working days of receipt (行政许可法 Art 32).' }),
    submittedOn: z.string(),
    receivedOn: z.string(),
    committedDeadline: nullableDate,
    committedProvisional: provisionalFlag('committedDeadline'),
    dueKind: z.string().nullable(),
    dueOn: nullableDate,
    provisional: provisionalFlag('dueOn'),
    provisionalNote: provisionalNoteField('dueOn'),
    warnFrom: nullableDate.meta({ description: 'The first date the entry is due soon (临期): 2 working days before dueOn, never before submittedOn.' }),
    overdue: z.boolean(),
    dueSoon: z.boolean(),
    overdueReason: Words.nullable().meta({
      description:
        'Why the entry is overdue (超期), in plain words (zh, en); null when it is not. A deemed acceptance dates back to receipt, so a deemed-accepted 即办件 (committed limit 0) is overdue from the day it is deemed accepted: the reason says so.',
    }),
  })
  .loose()
  .meta({ id: 'WorkQueueEntry' });

const pageTokenOf = (list: string) => z.string().nullable().meta({ description: `The token of the ${list} list's next page; null when this page ends it.` });

export const WorkQueueView = z
  .object({
    department: z.string(),
    scope: z.enum(['hall', 'department']).meta({ description: "Whose work this is: one hall's (窗口) or the whole department's (窗口 and 后台)." }),
    hall: z.string().nullable().meta({ description: 'The hall of a hall scope; null for the department.' }),
    today: z.string(),
    open: z.array(QueueEntry),
    waitingForApplicant: z.array(QueueEntry),
    bundles: z.array(
      z.object({
        bundleId: z.string(),
        bundleCode: z.string().nullable(),
        nextDue: nullableDate,
        provisional: provisionalFlag('nextDue'),
        overdue: z.boolean(),
        dueSoon: z.boolean(),
        applicationIds: z.array(z.string()),
      }),
    ),
    counts: z
      .object({
        open: z.number().int(),
        overdue: z.number().int(),
        dueSoon: z.number().int(),
        waitingForApplicant: z.number().int(),
        bundles: z.number().int().meta({ description: 'Bundles with open work in the scope' }),
      })
      .meta({ description: "The scope's totals, not the page's: the lists hold at most `limit` entries each." }),
    next: z
      .object({ open: pageTokenOf('open'), waitingForApplicant: pageTokenOf('waitingForApplicant'), bundles: pageTokenOf('bundles') })
      .meta({ description: "Each list's next page: pass the token back as openAfter, waitingAfter or bundlesAfter (with the same scope and limit)." }),
  })
  .meta({ id: 'WorkQueue', description: "A hall's or department's open work by due date, with 临期 (due soon) and 超期 (overdue) flags" });

export const OverdueView = z
  .object({
    today: z.string(),
    departments: z.array(
      z.object({
        department: z.string(),
        overdue: z.number().int(),
        dueSoon: z.number().int(),
        provisional: z.number().int().meta({ description: `How many of the department's listed cases have a provisional due date. ${PROVISIONAL}` }),
      }),
    ),
    provisionalNote: provisionalNoteField('the listed provisional due dates'),
    entries: z.array(QueueEntry),
    reviews: ReviewWatchView.meta({ description: 'Review tickets (差评工单) overdue or due soon: counted and listed apart from the applications above' }),
  })
  .meta({ id: 'OverdueWatch', description: '跟踪督导: open applications past or within 2 working days of their committed deadline, and review tickets beside them' });
