import { z } from 'zod';
import type { ReviewCommand } from '../../../services/review/index.js';
import type { Principal } from '../../auth/principal.js';
import { streamIdOf } from '../../commands/index.js';
import type { LoadedAggregate } from '../../commands/index.js';
import { etagFor } from '../etag.js';
import { notFound } from '../http-error.js';
import type { Reply } from '../reply.js';
import type { RouteModule } from '../route-spec.js';
import { validationError } from '../validation-error.js';
import type { ApiServices } from './api-services.js';
import { viewAtRevision } from './application-access.js';
import { CommandReply } from './application-views.js';
import { commandFailures, commandReply } from './command-reply.js';
import type { ActionContext } from './command-reply.js';
import { commandMeta } from './command-meta.js';
import { READ_YOUR_WRITES_NOTE, awaitMinPosition } from './read-your-writes.js';
import {
  ResolveReviewBody,
  ReviewAppealBody,
  ReviewAppealDecisionBody,
  ReviewCallbackBody,
  ReviewListQuery,
  ReviewTicketListView,
  ReviewTicketView,
} from './review-views.js';

const IdParams = z.object({ id: z.uuid() });

const done = { description: 'Done', schema: CommandReply, headers: { ETag: 'The new revision', 'X-Position': 'The global log position the write reached' } };

/**
 * Review tickets are worked by the clerks of the item's department (DESIGN.md §7) and watched by the
 * supervisors, who decide appeals; anyone else, and a clerk of another department, is told the ticket does
 * not exist (404, never 403), as for applications.
 */
function canSeeTicket(principal: Principal, department: string | null | undefined): boolean {
  if (principal.role === 'supervisor') return true;
  return principal.role === 'clerk' && department === principal.department;
}

const ticketNotFound = (id: string) => notFound(`No review ticket ${id} that you can see.`);

/** The ticket's stream folded, if the caller may act on it; 404 otherwise. */
async function loadTicketInScope(services: ApiServices, id: string, principal: Principal): Promise<LoadedAggregate<'review'>> {
  const loaded = await services.commands.load('review', streamIdOf('review', id));
  if (loaded.state.status === 'none' || !canSeeTicket(principal, loaded.state.department)) throw ticketNotFound(id);
  return loaded;
}

/** A command on a ticket the caller may act on: scope (404), If-Match (412), then the decider (409). */
async function runReviewCommand(services: ApiServices, ctx: ActionContext, id: string, command: ReviewCommand): Promise<Reply> {
  const loaded = await loadTicketInScope(services, id, ctx.principal);
  // Clerks and supervisors act at their workstation, as for the clerk actions on applications.
  const meta = commandMeta(ctx.req, ctx.principal, 'window');
  const outcome = await commandFailures(() =>
    services.commands.handle('review', streamIdOf('review', id), command, meta, { ...(ctx.ifMatch === undefined ? {} : { expected: ctx.ifMatch }), loaded }),
  );
  return commandReply(services, id, outcome);
}

/**
 * 差评整改: the tickets a 1–2 star rating opens (the review process manager opens them), worked by the
 * department's clerks — callback (回访), then rectified (整改) or explained (解释说明) within the ticket's
 * working days — or appealed (申诉复核) and decided by a supervisor. Updates need If-Match.
 */
export function reviewRoutes(services: ApiServices): RouteModule {
  return {
    name: 'review',
    register(route) {
      route({
        method: 'get',
        path: '/reviews',
        summary: "My department's review tickets (差评工单): open ones by due date, with due-soon and overdue marks",
        description:
          'A clerk sees their own department; a supervisor every department, or the one named. `status` picks open (the default), resolved, void or all; ' +
          `\`appeal=pending\` lists the appeals waiting for a supervisor. ${READ_YOUR_WRITES_NOTE}`,
        roles: ['clerk', 'supervisor'],
        query: ReviewListQuery,
        problems: [503],
        responses: { 200: { description: 'The tickets', schema: ReviewTicketListView } },
        handler: async ({ principal, query, req }) => {
          const minPosition = awaitMinPosition(req, services.consistency);
          if (minPosition) await minPosition;
          if (principal.role === 'clerk' && query.department !== undefined && query.department !== principal.department) {
            throw validationError([
              { in: 'query', field: 'department', pointer: '#/department', message: `A clerk lists the tickets of their own department (${principal.department}).`, code: 'out_of_scope' },
            ]);
          }
          const department = principal.role === 'clerk' ? principal.department : query.department;
          const list = services.readModels.reviewTickets({
            status: query.status,
            today: services.today(),
            limit: query.limit,
            ...(department === undefined ? {} : { department }),
            ...(query.appeal === undefined ? {} : { appeal: query.appeal }),
          });
          return { body: list };
        },
      });

      route({
        method: 'get',
        path: '/reviews/:id',
        summary: 'One review ticket: its callbacks, appeal and resolution; the ETag is its revision',
        description: `Only within your department (a supervisor: any), else 404. ${READ_YOUR_WRITES_NOTE}`,
        roles: ['clerk', 'supervisor'],
        params: IdParams,
        problems: [503],
        responses: { 200: { description: 'The ticket', schema: ReviewTicketView, headers: { ETag: 'The revision, for If-Match' } } },
        handler: async ({ params, principal, req }) => {
          const minPosition = awaitMinPosition(req, services.consistency);
          if (minPosition) await minPosition;
          const today = services.today();
          const read = await viewAtRevision(services, streamIdOf('review', params.id), () => services.readModels.positionedTicket(params.id, today));
          const view = read?.view;
          if (!read || !view || !canSeeTicket(principal, view.department)) throw ticketNotFound(params.id);
          return { body: view, headers: { ETag: etagFor(read.revision), 'Cache-Control': 'private, no-cache' } };
        },
      });

      route({
        method: 'post',
        path: '/reviews/:id/callback',
        summary: '回访: record a call to the applicant (before the ticket is resolved, or after)',
        roles: ['clerk'],
        params: IdParams,
        body: ReviewCallbackBody,
        ifMatch: 'required',
        responses: { 200: done },
        handler: ({ params, body, principal, req, ifMatch }) => runReviewCommand(services, { req, principal, ifMatch }, params.id, { type: 'recordCallback', note: body.note }),
      });

      route({
        method: 'post',
        path: '/reviews/:id/resolve',
        summary: '整改 or 解释说明: resolve the ticket; on time when within its working days of the rating',
        description: 'The applicant is called back first, and a pending appeal is decided first (409 otherwise). The applicant reads the resolution and note on their application.',
        roles: ['clerk'],
        params: IdParams,
        body: ResolveReviewBody,
        ifMatch: 'required',
        responses: { 200: done },
        handler: ({ params, body, principal, req, ifMatch }) =>
          runReviewCommand(services, { req, principal, ifMatch }, params.id, { type: 'resolveReview', resolution: body.resolution, note: body.note }),
      });

      route({
        method: 'post',
        path: '/reviews/:id/appeal',
        summary: '申诉复核: appeal a rating the unit holds wrongly filed (once, while the ticket is open)',
        roles: ['clerk'],
        params: IdParams,
        body: ReviewAppealBody,
        ifMatch: 'required',
        responses: { 200: done },
        handler: ({ params, body, principal, req, ifMatch }) => runReviewCommand(services, { req, principal, ifMatch }, params.id, { type: 'fileAppeal', reason: body.reason }),
      });

      route({
        method: 'post',
        path: '/reviews/:id/appeal-decision',
        summary: "Decide the unit's appeal: upheld voids the ticket (and the rating leaves the satisfaction figures); not upheld, it is still to be resolved",
        roles: ['supervisor'],
        params: IdParams,
        body: ReviewAppealDecisionBody,
        ifMatch: 'required',
        responses: { 200: done },
        handler: ({ params, body, principal, req, ifMatch }) =>
          runReviewCommand(services, { req, principal, ifMatch }, params.id, { type: 'decideAppeal', upheld: body.upheld, note: body.note }),
      });
    },
  };
}
