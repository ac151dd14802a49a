import { z } from 'zod';
import { defineEvent } from './registry.js';
import { LocalDate } from './common.js';

// 差评工单: a bad rating (1–2 stars) opens a review ticket, stream `review-<uuid>`.

export const ReviewTicketOpened = defineEvent(
  'ReviewTicketOpened',
  z.object({
    ticketId: z.uuid(),
    applicationId: z.uuid(),
    itemCode: z.string().min(1),
    department: z.string().min(1),
    level: z.number().int().min(1).max(2),
    tags: z.array(z.string()),
    openedOn: LocalDate,
    dueOn: LocalDate,
    dueWorkdays: z.number().int().min(1),
  }),
);

/** 回访: the handling unit calls the applicant back. */
export const ReviewCallbackMade = defineEvent(
  'ReviewCallbackMade',
  z.object({ note: z.string().min(1), calledOn: LocalDate }),
);

/** 整改 (rectified) or 解释说明 (explained, for a groundless rating). */
export const ReviewResolved = defineEvent(
  'ReviewResolved',
  z.object({ resolution: z.enum(['rectified', 'explained']), note: z.string().min(1), resolvedOn: LocalDate, onTime: z.boolean() }),
);

/** 申诉复核: the unit appeals a wrongly filed rating. */
export const ReviewAppealFiled = defineEvent('ReviewAppealFiled', z.object({ reason: z.string().min(1), filedOn: LocalDate }));

export const ReviewAppealDecided = defineEvent(
  'ReviewAppealDecided',
  z.object({ upheld: z.boolean(), note: z.string().min(1), decidedOn: LocalDate }),
);

export const reviewEvents = [ReviewTicketOpened, ReviewCallbackMade, ReviewResolved, ReviewAppealFiled, ReviewAppealDecided] as const;
