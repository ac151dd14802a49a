import { z } from 'zod';
import { maskIdentityNumbers } from '../../logging/mask-identity.js';
import { etagFor } from '../etag.js';
import type { RouteModule } from '../route-spec.js';
import type { ApiServices } from './api-services.js';
import { loadInScope } from './application-access.js';
import { CommandReply, History, WorkQueueView } from './application-views.js';
import { CLERK_ACTIONS } from './clerk-actions.js';
import { runApplicationCommand } from './command-reply.js';
import { READ_YOUR_WRITES_NOTE, awaitMinPosition } from './read-your-writes.js';

const IdParams = z.object({ id: z.uuid() });

const QueueQuery = z.object({
  /** Only work first seen at this hall (窗口); the whole department when left out. */
  hall: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** Event data as a clerk may see it: identity numbers masked wherever they sit (applicant, form, notes). */
const masked = (data: unknown): unknown => JSON.parse(maskIdentityNumbers(JSON.stringify(data ?? null))) as unknown;

/**
 * The hall's and back office's work (窗口/后台): the department's queue, an application's full history, and
 * every step of the lifecycle. A clerk acts only within their department; updates need If-Match.
 */
export function clerkRoutes(services: ApiServices): RouteModule {
  return {
    name: 'clerk',
    register(route) {
      route({
        method: 'get',
        path: '/queue',
        summary: "My department's work queue, by due date, with due-soon and overdue flags",
        description: READ_YOUR_WRITES_NOTE,
        roles: ['clerk'],
        query: QueueQuery,
        problems: [503],
        responses: { 200: { description: 'The queue', schema: WorkQueueView } },
        handler: async ({ principal, query, req }) => {
          const minPosition = awaitMinPosition(req, services.consistency);
          if (minPosition) await minPosition;
          const queue = services.readModels.workQueue({
            department: principal.department,
            today: services.today(),
            limit: query.limit,
            ...(query.hall === undefined ? {} : { hall: query.hall }),
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
