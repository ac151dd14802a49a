import { z } from 'zod';
import type { ReviewTicketEntry, ReviewWatch } from '../../../projections/review-tickets/ticket-view.js';
import type { ReviewTicketList } from '../../read-models/review-tickets-queries.js';

/**
 * What the review-ticket routes take and answer (差评工单); the schemas document them in OpenAPI and tests
 * parse with them. Standalone, so the application views can show the tickets' part of the overdue watch.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const Words = z.object({ zh: z.string(), en: z.string() });

const PROVISIONAL =
  'A provisional date is counted on the statutory holiday rule for a year whose State Council holiday notice is not yet published: it may move when the notice is published, and is then recomputed.';

export const TicketStatus = z.enum(['open', 'resolved', 'void']).meta({
  description: 'open: to be worked; resolved: rectified (整改) or explained (解释说明); void: an upheld appeal (申诉复核) found the rating wrongly filed',
});
export const AppealState = z.enum(['none', 'pending', 'upheld', 'rejected']);
const Resolution = z.enum(['rectified', 'explained']).meta({ description: 'rectified 整改: the fault was put right; explained 解释说明: the rating was groundless and the applicant was told why' });

export const ReviewTicketView = z
  .object({
    ticketId: z.string(),
    applicationId: z.string(),
    itemCode: z.string(),
    department: z.string(),
    level: z.number().int().meta({ description: 'The rating: 1 非常不满意 or 2 不满意' }),
    tags: z.array(z.string()),
    openedOn: z.string().meta({ description: 'The rating date; the due working days count from it' }),
    dueWorkdays: z.number().int(),
    dueOn: z.string().meta({
      description: 'The last working day on which resolving is on time (dueWorkdays working days after openedOn, on the calendar in force)',
    }),
    provisional: z.boolean().meta({ description: `True when dueOn is provisional. ${PROVISIONAL}` }),
    provisionalNote: Words.nullable().meta({ description: "In plain words (zh, en), which year's State Council holiday notice may move dueOn; null when not provisional." }),
    status: TicketStatus,
    statusText: Words,
    callbacks: z.array(z.object({ note: z.string(), calledOn: z.string() })).meta({ description: '回访: each call to the applicant' }),
    appealState: AppealState,
    appeal: z
      .object({
        reason: z.string(),
        filedOn: z.string(),
        decision: z.object({ upheld: z.boolean(), note: z.string(), decidedOn: z.string() }).nullable(),
      })
      .nullable()
      .meta({ description: "申诉复核: the unit's appeal and the supervisor's decision; null when none was filed" }),
    resolution: z
      .object({
        resolution: Resolution,
        note: z.string(),
        resolvedOn: z.string(),
        onTime: z.boolean().meta({ description: 'Resolved within dueWorkdays working days of openedOn: what the rectification on-time rate counts' }),
      })
      .nullable(),
    closedOn: z.string().nullable().meta({ description: 'The date it was resolved or voided; null while open' }),
    overdue: z.boolean().meta({ description: '超期: open, and resolving it today would no longer be on time' }),
    dueSoon: z.boolean().meta({ description: '临期: open, within 2 working days of dueOn and not overdue' }),
    nextStep: z
      .enum(['callback', 'resolve', 'appeal-decision'])
      .nullable()
      .meta({ description: "What the ticket waits for: the unit's callback (回访), its resolution, or the supervisor's decision on its appeal; null once closed" }),
  })
  .meta({ id: 'ReviewTicket', description: '差评工单: a 1–2 star rating followed up by the clerks of the item’s department' }) satisfies z.ZodType<ReviewTicketEntry>;

export const ReviewTicketListView = z
  .object({
    department: z.string().nullable().meta({ description: 'The department listed; null for every department (a supervisor without a filter)' }),
    status: z.enum(['open', 'resolved', 'void', 'all']),
    today: z.string(),
    tickets: z.array(ReviewTicketView),
    counts: z.object({ listed: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int() }),
  })
  .meta({ id: 'ReviewTicketList', description: 'Open tickets first, by due date, with 临期 and 超期 marks; then closed ones, the most recently opened first' }) satisfies z.ZodType<ReviewTicketList>;

export const ReviewWatchView = z
  .object({
    departments: z.array(
      z.object({
        department: z.string(),
        overdue: z.number().int(),
        dueSoon: z.number().int(),
        provisional: z.number().int().meta({ description: `How many of the department's listed tickets have a provisional due date. ${PROVISIONAL}` }),
      }),
    ),
    provisionalNote: Words.nullable().meta({ description: "In plain words, which year's State Council holiday notice may move the listed provisional due dates; null when none is provisional." }),
    entries: z.array(ReviewTicketView),
  })
  .meta({ id: 'ReviewWatch', description: '跟踪督导 of review tickets: open ones past or within 2 working days of their due date, per department' }) satisfies z.ZodType<ReviewWatch>;

export const ReviewListQuery = z.object({
  status: z.enum(['open', 'resolved', 'void', 'all']).default('open'),
  /** Only tickets whose appeal stands so (a supervisor looks for pending ones). */
  appeal: AppealState.optional(),
  /** A supervisor's filter; a clerk sees their own department, which they may name. */
  department: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const ReviewCallbackBody = z.strictObject({ note: text(1000) }).meta({ id: 'ReviewCallback', description: '回访: what the applicant was told and said' });

export const ResolveReviewBody = z
  .strictObject({ resolution: Resolution, note: text(2000).meta({ description: 'The answer the applicant reads on their application' }) })
  .meta({ id: 'ResolveReview', description: '整改 or 解释说明; the applicant is called back first' });

export const ReviewAppealBody = z.strictObject({ reason: text(1000) }).meta({ id: 'ReviewAppeal', description: '申诉复核: why the unit holds the rating wrongly filed' });

export const ReviewAppealDecisionBody = z
  .strictObject({ upheld: z.boolean().meta({ description: 'true: the rating was wrongly filed and the ticket is void; false: it must still be resolved' }), note: text(1000) })
  .meta({ id: 'ReviewAppealDecision' });
