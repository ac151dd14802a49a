import { z } from 'zod';
import { decodeBundleCursor, decodeEntryCursor } from '../../read-models/queue-cursor.js';
import { DEFAULT_QUEUE_LIMIT } from '../../read-models/work-queue-queries.js';
import type { WorkQueueNext } from '../../read-models/work-queue-queries.js';
import { maskIdentityNumbers } from '../../logging/mask-identity.js';
import type { PrincipalOf } from '../../auth/principal.js';
import { etagFor } from '../etag.js';
import type { RouteModule } from '../route-spec.js';
import { validationError } from '../validation-error.js';
import type { ApiServices } from './api-services.js';
import { loadInScope } from './application-access.js';
import { CommandReply, History, WorkQueueView } from './application-views.js';
import { CLERK_ACTIONS } from './clerk-actions.js';
import { runApplicationCommand } from './command-reply.js';
import { READ_YOUR_WRITES_NOTE, awaitMinPosition } from './read-your-writes.js';

const IdParams = z.object({ id: z.uuid() });

/** A list's next-page token as the queue answered it in `next` (queue-cursor.ts), read once into its cursor; anything else is refused. */
function pageToken<C>(list: keyof WorkQueueNext, decode: (token: string) => C | null) {
  return z
    .string()
    .transform((token, ctx): C => {
      const cursor = decode(token);
      if (cursor === null) {
        ctx.addIssue({ code: 'custom', message: `Not a page token of this list: pass next.${list} of an earlier answer, or leave it out for the first page.` });
        return z.NEVER;
      }
      return cursor;
    })
    .optional()
    .meta({ description: `The ${list} list starts after this token: next.${list} of an earlier answer. Left out: its first page.` });
}

const QueueQuery = z.object({
  scope: z
    .enum(['hall', 'department'])
    .optional()
    .meta({
      description:
        "hall: the work first seen at a hall (窗口), by default the clerk's own; department: the whole department's, back office (后台) included. Left out: the clerk's hall when the token names one, else the department.",
    }),
  hall: z.string().trim().min(1).max(64).optional().meta({ description: "With scope hall (or no scope): this hall of the department instead of the clerk's own." }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(DEFAULT_QUEUE_LIMIT)
    .meta({ description: "At most this many entries per list (a page); counts are the whole scope's." }),
  openAfter: pageToken('open', decodeEntryCursor),
  waitingAfter: pageToken('waitingForApplicant', decodeEntryCursor),
  bundlesAfter: pageToken('bundles', decodeBundleCursor),
});
type QueueQuery = z.output<typeof QueueQuery>;

const queryError = (field: string, message: string) => validationError([{ in: 'query', field, pointer: `#/${field}`, message, code: 'invalid_value' }]);

/**
 * Whose queue a clerk reads: a window clerk's hall by default, their department when asked; a back-office
 * clerk (no hall in the token) their department. Returns the hall of a hall scope, null for the department.
 */
function queueHall(query: Pick<QueueQuery, 'scope' | 'hall'>, clerk: PrincipalOf<'clerk'>): string | null {
  if (query.scope === 'department') {
    if (query.hall !== undefined) throw queryError('hall', 'A department queue takes no hall: leave hall out, or ask for scope=hall.');
    return null;
  }
  const hall = query.hall ?? clerk.hall ?? null;
  if (query.scope === 'hall' && hall === null) throw queryError('scope', 'Your token names no hall: name one with hall=, or ask for scope=department.');
  return hall;
}

/** Event data as a clerk may see it: identity numbers masked wherever they sit (applicant, form, notes). */
const masked = (data: unknown): unknown => JSON.parse(maskIdentityNumbers(JSON.stringify(data ?? null))) as unknown;

/**
 * The hall's and back office's work (窗口/后台): the hall's or department's queue, an application's full
 * history, and every step of the lifecycle. A clerk acts only within their department; updates need If-Match.
 */
export function clerkRoutes(services: ApiServices): RouteModule {
  return {
    name: 'clerk',
    register(route) {
      route({
        method: 'get',
        path: '/queue',
        summary: "My hall's or department's work queue, by due date, with due-soon and overdue flags",
        description: `A window clerk sees their hall's work by default (scope=department widens it); a back-office clerk, whose token names no hall, their department's. The counts are the scope's totals; each list is a page of at most \`limit\` entries in the queue's order, and \`next\` names the token of its next page (null at its end), to pass back as openAfter, waitingAfter or bundlesAfter. ${READ_YOUR_WRITES_NOTE}`,
        roles: ['clerk'],
        query: QueueQuery,
        problems: [503],
        responses: { 200: { description: 'The queue', schema: WorkQueueView } },
        handler: async ({ principal, query, req }) => {
          const minPosition = awaitMinPosition(req, services.consistency);
          if (minPosition) await minPosition;
          const hall = queueHall(query, principal);
          const queue = services.readModels.workQueue({
            department: principal.department,
            today: services.today(),
            limit: query.limit,
            ...(hall === null ? {} : { hall }),
            ...(query.openAfter === undefined ? {} : { openAfter: query.openAfter }),
            ...(query.waitingAfter === undefined ? {} : { waitingAfter: query.waitingAfter }),
            ...(query.bundlesAfter === undefined ? {} : { bundlesAfter: query.bundlesAfter }),
          });
          return { body: queue };
        },
      });

      route({
        method: 'get',
        path: '/applications/:id/history',
        summary: 'Every event of an application, with who did it, through which channel and when',
        description: 'Read from the event store itself (never behind); identity numbers are masked. Only within your department, else 404.',
        roles: ['clerk'],
        params: IdParams,
        responses: { 200: { description: 'The history', schema: History, headers: { ETag: 'The revision, for If-Match' } } },
        handler: async ({ params, principal }) => {
          const loaded = await loadInScope(services, params.id, principal);
          const events = loaded.events.map((e) => ({
            revision: e.revision,
            position: e.position,
            type: e.type,
            data: masked(e.data),
            metadata: e.metadata,
          }));
          const revision = loaded.revision ?? -1;
          return { body: { applicationId: params.id, revision, events }, headers: { ETag: etagFor(revision), 'Cache-Control': 'private, no-cache' } };
        },
      });

      for (const action of CLERK_ACTIONS) {
        route({
          method: 'post',
          path: `/applications/:id/${action.path}`,
          summary: action.summary,
          roles: ['clerk'],
          params: IdParams,
          body: action.body,
          ifMatch: 'required',
          responses: { 200: { description: 'Done', schema: CommandReply, headers: { ETag: 'The new revision', 'X-Position': 'The global log position the write reached' } } },
          handler: ({ params, body, principal, req, ifMatch }) =>
            runApplicationCommand(services, { req, principal, ifMatch }, params.id, action.command(body, principal), 'window'),
        });
      }
    },
  };
}
