import { z } from 'zod';
import type { Catalog } from '../../../services/catalog/item-schema.js';
import { notFound } from '../http-error.js';
import type { RouteModule } from '../route-spec.js';
import {
  BundleDetail,
  BundleList,
  FastTrackList,
  ItemDetail,
  ItemFilters,
  ItemList,
  bundleDetail,
  bundlesContaining,
  filterItems,
  itemSummary,
} from './catalog-views.js';

const CodeParams = z.object({ code: z.string().min(1).max(64) });

/** The public catalog (no token): items, bundles (一件事) and the fast-track (提速办) list. */
export function catalogRoutes(currentCatalog: () => Catalog): RouteModule {
  return {
    name: 'catalog',
    register(route) {
      route({
        method: 'get',
        path: '/catalog/items',
        summary: 'Service items (事项), filtered by category, department, fast track or text',
        query: ItemFilters,
        responses: { 200: { description: 'The matching items', schema: ItemList } },
        handler: ({ query }) => {
          const catalog = currentCatalog();
          const items = filterItems(catalog.items, query).map(itemSummary);
          return { body: { catalogVersion: catalog.version, total: items.length, items } };
        },
      });
      route({
        method: 'get',
        path: '/catalog/items/:code',
        summary: 'One service item with its materials and time limits',
        params: CodeParams,
        responses: { 200: { description: 'The item', schema: ItemDetail } },
        handler: ({ params }) => {
          const catalog = currentCatalog();
          const item = catalog.item(params.code);
          if (!item) throw notFound(`No service item has the code ${params.code}.`);
          return { body: { catalogVersion: catalog.version, item, bundles: bundlesContaining(catalog, item.code) } };
        },
      });
      route({
        method: 'get',
        path: '/catalog/bundles',
        summary: 'The "one thing" bundles (一件事)',
        responses: { 200: { description: 'Every bundle', schema: BundleList } },
        handler: () => {
          const catalog = currentCatalog();
          const bundles = catalog.bundles.map((b) => ({
            code: b.code,
            nameZh: b.nameZh,
            nameEn: b.nameEn,
            onMemberDenied: b.onMemberDenied,
            memberCount: b.members.length,
          }));
          return { body: { catalogVersion: catalog.version, bundles } };
        },
      });
      route({
        method: 'get',
        path: '/catalog/bundles/:code',
        summary: 'One bundle with its member items and their dependencies',
        params: CodeParams,
        responses: { 200: { description: 'The bundle', schema: BundleDetail } },
        handler: ({ params }) => {
          const catalog = currentCatalog();
          const bundle = catalog.bundle(params.code);
          if (!bundle) throw notFound(`No bundle has the code ${params.code}.`);
          return { body: bundleDetail(catalog, bundle) };
        },
      });
      route({
        method: 'get',
        path: '/catalog/fast-track',
        summary: 'The fast-tracked items (提速办) with their committed and statutory limits',
        responses: { 200: { description: 'Fast-track items', schema: FastTrackList } },
        handler: () => {
          const catalog = currentCatalog();
          return { body: { catalogVersion: catalog.version, items: catalog.items.filter((i) => i.fastTrack).map(itemSummary) } };
        },
      });
    },
  };
}
