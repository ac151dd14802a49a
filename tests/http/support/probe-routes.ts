import { z } from 'zod';
import { DomainError } from '../../../services/decider.js';
import { ConcurrencyError } from '../../../infra/store/errors.js';
import { etagFor } from '../../../infra/http/etag.js';
import type { RouteModule } from '../../../infra/http/route-spec.js';

/**
 * Routes declared with the route helper the way the application routes will be, to exercise the
 * machinery: validation, roles, If-Match, idempotency, error mapping. Counters show what ran.
 */
export interface ProbeRoutes {
  module: RouteModule;
  calls: Record<string, number>;
  /** Holds POST /probe/slow until released. */
  gate: { release(): void };
}

export const ThingBody = z.object({
  name: z.string().min(1),
  count: z.number().int().min(1),
  applicant: z.object({ idNumber: z.string().regex(/^\d{17}[\dX]$/, 'an 18-character identity number') }),
  tags: z.array(z.string().min(1)).optional(),
});

export function probeRoutes(): ProbeRoutes {
  const calls: Record<string, number> = {};
  const count = (name: string): number => (calls[name] = (calls[name] ?? 0) + 1);
  let release: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => (release = resolve));
  const module: RouteModule = {
    name: 'probe',
    register(route) {
      route({
        method: 'post',
        path: '/probe/things',
        summary: 'Create a thing',
        roles: ['applicant'],
        body: ThingBody,
        responses: { 201: { description: 'Created', schema: z.object({ id: z.string(), n: z.number() }), headers: { ETag: 'revision', Location: 'where' } } },
        handler: ({ body, principal }) => {
          const n = count('things');
          const id = `${principal.sub}-${body.name}-${n}`;
          return { status: 201, body: { id, n }, headers: { ETag: etagFor(0), Location: `/api/v1/probe/things/${id}` } };
        },
      });
      route({
        method: 'post',
        path: '/probe/refuse',
        summary: 'Always refused by the domain',
        roles: ['applicant', 'clerk'],
        responses: { 200: { description: 'never' } },
        handler: () => {
          count('refuse');
          throw new DomainError('ALREADY_DECIDED', 'Withdraw', 'decided', 'a decided application cannot be withdrawn');
        },
      });
      route({
        method: 'post',
        path: '/probe/fail',
        summary: 'Fails unexpectedly',
        roles: ['applicant'],
        responses: { 200: { description: 'never' } },
        handler: () => {
          count('fail');
          throw new Error('connection to /var/lib/secret.db lost');
        },
      });
      route({
        method: 'post',
        path: '/probe/slow',
        summary: 'Waits for the gate',
        roles: ['applicant'],
        responses: { 200: { description: 'done', schema: z.object({ done: z.literal(true) }) } },
        handler: async () => {
          count('slow');
          await gate;
          return { body: { done: true } };
        },
      });
      route({
        method: 'put',
        path: '/probe/things/:id',
        summary: 'Update a thing at revision 3',
        roles: ['clerk'],
        params: z.object({ id: z.string().min(3) }),
        body: z.object({ note: z.string() }),
        ifMatch: 'required',
        responses: { 200: { description: 'Updated', schema: z.object({ updated: z.string() }), headers: { ETag: 'The new revision' } } },
        handler: ({ ifMatch, params }) => {
          count('update');
          if (ifMatch !== 3) throw new ConcurrencyError(`thing-${params.id}`, ifMatch ?? 'any', 3);
          return { body: { updated: params.id }, headers: { ETag: etagFor(4) } };
        },
      });
      route({
        method: 'get',
        path: '/probe/boom',
        summary: 'Throws with internals and an id number in the message',
        handler: () => {
          throw new Error('db at /srv/data/events.sqlite refused 440101199003071234');
        },
        responses: { 200: { description: 'never' } },
      });
      route({
        method: 'get',
        path: '/probe/clerk-only',
        summary: 'A clerk sees their scope',
        roles: ['clerk'],
        responses: { 200: { description: 'The clerk scope', schema: z.object({ department: z.string(), hall: z.string(), sub: z.string() }) } },
        handler: ({ principal, log }) => {
          log.info({ department: principal.department }, 'clerk scope read');
          return { body: { department: principal.department, hall: principal.hall, sub: principal.sub } };
        },
      });
      route({
        method: 'get',
        path: '/probe/shared',
        summary: 'Applicants and clerks',
        roles: ['applicant', 'clerk'],
        query: z.object({ page: z.coerce.number().int().min(1).default(1) }),
        responses: { 200: { description: 'ok', schema: z.object({ role: z.enum(['applicant', 'clerk']), page: z.number().int() }) } },
        handler: ({ principal, query }) => ({ body: { role: principal.role, page: query.page } }),
      });
    },
  };
  return {
    module,
    calls,
    gate: {
      release() {
        release();
        gate = new Promise<void>((resolve) => (release = resolve));
      },
    },
  };
}
