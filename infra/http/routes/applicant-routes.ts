import { z } from 'zod';
import { newAggregateId, streamIdOf } from '../../commands/index.js';
import type { Principal } from '../../auth/principal.js';
import { API_PREFIX } from '../create-app.js';
import { etagFor } from '../etag.js';
import { notFound } from '../http-error.js';
import type { RouteModule } from '../route-spec.js';
import { validationError } from '../validation-error.js';
import type { ApiServices } from './api-services.js';
import { applicationNotFound, canSee, revisionForRead, viewAtRevision } from './application-access.js';
import { RatingBody, SubmitApplicationBody, SubmitBundleBody, SupplementBody, WithdrawBody } from './application-bodies.js';
import { BundleList, BundleView, CommandReply, StatusList, StatusView, publicStatus } from './application-views.js';
import { commandFailures, commandReply, runApplicationCommand } from './command-reply.js';
import { commandMeta } from './command-meta.js';
import { READ_YOUR_WRITES_NOTE, awaitMinPosition } from './read-your-writes.js';

const IdParams = z.object({ id: z.uuid() });

const created = (what: string) => ({
  description: `${what} submitted`,
  schema: CommandReply,
  headers: { Location: 'Where to read it', ETag: 'Its stream revision', 'X-Position': 'The global log position the write reached' },
});
const done = { description: 'Done', schema: CommandReply, headers: { ETag: 'The new revision', 'X-Position': 'The global log position the write reached' } };

/** What an item and a bundle submission share: the one form and material set, with the applicant from the token. */
const submissionOf = (body: SubmitApplicationBody | SubmitBundleBody, principal: Principal) => ({
  ...(body.catalogVersion === undefined ? {} : { catalogVersion: body.catalogVersion }),
  channel: body.channel,
  applicant: { id: principal.sub, ...body.applicant },
  form: body.form,
  materials: body.materials,
  delivery: body.delivery,
});

const unknownCode = (field: string, message: string) => validationError([{ in: 'body', field, pointer: `#/${field}`, message, code: 'unknown_code' }]);

/**
 * What applicants (individuals and employers) do through the portal, 粤省事 and 12345: submit an item or a
 * 一件事 bundle, follow it, supplement, withdraw, rate. They see only their own; a clerk may read an
 * application or bundle of their department through the same read routes.
 */
export function applicantRoutes(services: ApiServices): RouteModule {
  const bundleVisible = (principal: Principal, bundle: { applicantId: string; bundleCode: string; members: { application: { department: string } | null; itemCode: string }[] }): boolean => {
    if (principal.role === 'applicant') return bundle.applicantId === principal.sub;
    if (principal.role !== 'clerk') return false;
    const catalogBundle = services.catalog.current().bundle(bundle.bundleCode);
    const departments = new Set([
      ...bundle.members.flatMap((m) => (m.application ? [m.application.department] : [])),
      ...(catalogBundle?.members ?? []).flatMap((m) => services.catalog.current().item(m.itemCode)?.department ?? []),
    ]);
    return departments.has(principal.department);
  };

  return {
    name: 'applicant',
    register(route) {
      route({
        method: 'post',
        path: '/applications',
        summary: 'Submit an item application (办件); 秒批 items may be decided on the spot',
        description: 'The application id derives from the Idempotency-Key, so a retried submission lands on the same application.',
        roles: ['applicant'],
        body: SubmitApplicationBody,
        responses: { 201: created('Application') },
        handler: async ({ body, principal, req }) => {
          if (!services.catalog.current().item(body.itemCode)) throw unknownCode('itemCode', `No service item has the code ${body.itemCode}.`);
          const meta = commandMeta(req, principal, body.channel);
          const applicationId = newAggregateId(meta.commandId);
          const outcome = await commandFailures(() =>
            services.commands.handle(
              'application',
              streamIdOf('application', applicationId),
              {
                type: 'submitApplication',
                applicationId,
                itemCode: body.itemCode,
                ...submissionOf(body, principal),
              },
              meta,
            ),
          );
          return commandReply(services, applicationId, outcome, { status: 201, headers: { Location: `${API_PREFIX}/applications/${applicationId}` } });
        },
      });

      route({
        method: 'post',
        path: '/bundles',
        summary: 'Submit a "one thing" bundle (一件事): one form and one material set for every member item',
        roles: ['applicant'],
        body: SubmitBundleBody,
        responses: { 201: created('Bundle') },
        handler: async ({ body, principal, req }) => {
          if (!services.catalog.current().bundle(body.bundleCode)) throw unknownCode('bundleCode', `No bundle has the code ${body.bundleCode}.`);
          const meta = commandMeta(req, principal, body.channel);
          const bundleId = newAggregateId(meta.commandId);
          const outcome = await commandFailures(() =>
            services.commands.handle(
              'bundle',
              streamIdOf('bundle', bundleId),
              {
                type: 'submitBundle',
                bundleId,
                bundleCode: body.bundleCode,
                ...submissionOf(body, principal),
              },
              meta,
            ),
          );
          return commandReply(services, bundleId, outcome, { status: 201, headers: { Location: `${API_PREFIX}/bundles/${bundleId}` } });
        },
      });

      route({
        method: 'get',
        path: '/me/applications',
        summary: 'My applications, newest first',
        description: READ_YOUR_WRITES_NOTE,
        roles: ['applicant'],
        problems: [503],
        responses: { 200: { description: 'My applications', schema: StatusList } },
        handler: async ({ principal, req }) => {
          const minPosition = awaitMinPosition(req, services.consistency);
          if (minPosition) await minPosition;
          const today = services.today();
          const applications = services.readModels.applicationsOfApplicant(principal.sub, today).map(publicStatus);
          return { body: { today, total: applications.length, applications } };
        },
      });

      route({
        method: 'get',
        path: '/me/bundles',
        summary: 'My bundles (一件事), newest first',
        description: READ_YOUR_WRITES_NOTE,
        roles: ['applicant'],
        problems: [503],
        responses: { 200: { description: 'My bundles', schema: BundleList } },
        handler: async ({ principal, req }) => {
          const minPosition = awaitMinPosition(req, services.consistency);
          if (minPosition) await minPosition;
          const today = services.today();
          return { body: { today, bundles: services.readModels.bundlesOfApplicant(principal.sub, today) } };
        },
      });

      route({
        method: 'get',
        path: '/applications/:id',
        summary: 'Status and timeline of an application; the ETag is its revision',
        description: `An applicant sees their own, a clerk those of their department; anything else is 404. ${READ_YOUR_WRITES_NOTE}`,
        roles: ['applicant', 'clerk'],
        params: IdParams,
        problems: [503],
        responses: { 200: { description: 'The application', schema: StatusView, headers: { ETag: 'The revision, for If-Match' } } },
        handler: async ({ params, principal, req }) => {
          const minPosition = awaitMinPosition(req, services.consistency);
          if (minPosition) await minPosition;
          const today = services.today();
          const read = await viewAtRevision(services, streamIdOf('application', params.id), () => services.readModels.positionedStatus(params.id, today));
          const view = read?.view;
          if (!read || !view || !canSee(principal, { applicantId: view.applicant.id, department: view.department })) throw applicationNotFound(params.id);
          return { body: publicStatus(view), headers: { ETag: etagFor(read.revision), 'Cache-Control': 'private, no-cache' } };
        },
      });

      route({
        method: 'get',
        path: '/bundles/:id',
        summary: 'A bundle: its members, their states and what holds it up',
        description: `An applicant sees their own bundles, a clerk those with a member in their department. ${READ_YOUR_WRITES_NOTE}`,
        roles: ['applicant', 'clerk'],
        params: IdParams,
        problems: [503],
        responses: { 200: { description: 'The bundle', schema: BundleView, headers: { ETag: 'The bundle stream revision' } } },
        handler: async ({ params, principal, req }) => {
          const minPosition = awaitMinPosition(req, services.consistency);
          if (minPosition) await minPosition;
          const missing = notFound(`No bundle ${params.id} that you can see.`);
          const revision = await revisionForRead(services, streamIdOf('bundle', params.id));
          if (revision === null) throw missing;
          const bundle = services.readModels.bundleProgress(params.id, services.today());
          if (!bundle || !bundleVisible(principal, bundle)) throw missing;
          return { body: bundle, headers: { ETag: etagFor(revision), 'Cache-Control': 'private, no-cache' } };
        },
      });

      route({
        method: 'post',
        path: '/applications/:id/supplements',
        summary: 'Provide the materials of the one-time supplement notice (一次性告知)',
        roles: ['applicant'],
        params: IdParams,
        body: SupplementBody,
        ifMatch: 'optional',
        responses: { 200: done },
        handler: ({ params, body, principal, req, ifMatch }) =>
          runApplicationCommand(
            services,
            { req, principal, ifMatch },
            params.id,
            { type: 'receiveSupplement', materials: body.materials, ...(body.requestId === undefined ? {} : { requestId: body.requestId }) },
            body.channel,
          ),
      });

      route({
        method: 'post',
        path: '/applications/:id/withdraw',
        summary: 'Withdraw my application (before it is decided)',
        roles: ['applicant'],
        params: IdParams,
        body: WithdrawBody,
        ifMatch: 'optional',
        responses: { 200: done },
        handler: ({ params, body, principal, req, ifMatch }) =>
          runApplicationCommand(services, { req, principal, ifMatch }, params.id, { type: 'withdrawApplication', reason: body.reason }, body.channel),
      });

      route({
        method: 'post',
        path: '/applications/:id/rating',
        summary: 'Rate the service (好差评) once the application is concluded',
        roles: ['applicant'],
        params: IdParams,
        body: RatingBody,
        ifMatch: 'optional',
        responses: { 200: done },
        handler: ({ params, body, principal, req, ifMatch }) =>
          runApplicationCommand(
            services,
            { req, principal, ifMatch },
            params.id,
            {
              type: 'rateApplication',
              level: body.level,
              indicators: body.indicators,
              tags: body.tags,
              ...(body.comment === undefined ? {} : { comment: body.comment }),
            },
            body.channel,
          ),
      });
    },
  };
}
