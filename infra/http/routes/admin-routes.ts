import { z } from 'zod';
import { CatalogValidationError } from '../../../services/catalog/index.js';
import { actorOf } from '../../auth/principal.js';
import { API_PREFIX } from '../create-app.js';
import { etagFor } from '../etag.js';
import { HttpError } from '../http-error.js';
import { problemType } from '../problem.js';
import type { RouteModule } from '../route-spec.js';
import type { ApiServices } from './api-services.js';

const CatalogBodyInput = z
  .object({ items: z.array(z.record(z.string(), z.unknown())).min(1).max(2000), bundles: z.array(z.record(z.string(), z.unknown())).max(200) })
  .meta({ id: 'CatalogRevision', description: 'A whole catalog, the shape of the built-in one (items and bundles); validated row by row and by the auditors\' rules' });

const Published = z
  .object({ catalogVersion: z.number().int(), items: z.number().int(), bundles: z.number().int(), position: z.number().int() })
  .meta({ id: 'CatalogPublished' });

/** The catalog keeper (admin): publishes a revision of the 实施清单 as the next version of the `catalog` stream. */
export function adminRoutes(services: ApiServices): RouteModule {
  return {
    name: 'admin',
    register(route) {
      route({
        method: 'post',
        path: '/catalog/versions',
        summary: 'Publish a catalog revision as the next version; new applications are checked against it at once',
        roles: ['admin'],
        body: CatalogBodyInput,
        ifMatch: 'optional',
        responses: { 201: { description: 'Published', schema: Published, headers: { Location: 'The catalog items', ETag: 'The catalog stream revision' } } },
        handler: async ({ body, principal, ifMatch }) => {
          const current = services.catalog.current();
          // The catalog stream holds one event per version: revision = version − 1.
          if (typeof ifMatch === 'number' && ifMatch !== current.version - 1) {
            throw new HttpError(
              { status: 412, type: problemType('concurrency-conflict'), title: 'The catalog changed since you read it', detail: `Version ${current.version} is in force.` },
              { ETag: etagFor(current.version - 1) },
            );
          }
          try {
            const published = await services.catalog.publish(body, actorOf(principal));
            return {
              status: 201,
              body: { catalogVersion: published.catalog.version, items: published.catalog.items.length, bundles: published.catalog.bundles.length, position: published.position },
              headers: { Location: `${API_PREFIX}/catalog/items`, ETag: etagFor(published.revision) },
            };
          } catch (error) {
            if (!(error instanceof CatalogValidationError)) throw error;
            throw new HttpError({
              status: 422,
              type: problemType('catalog-invalid'),
              title: 'The catalog is not valid',
              detail: `${error.problems.length} problem(s); nothing was published.`,
              problems: error.problems.slice(0, 200),
            });
          }
        },
      });
    },
  };
}
