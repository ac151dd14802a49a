import type { CatalogVersionPublished, DataOf } from '../../events/index.js';
import { CatalogVersionPublished as CatalogVersionPublishedEvent } from '../../events/index.js';
import { builtinCatalogData } from './builtin-data.js';
import { catalogChecksum } from './catalog-checksum.js';
import { CatalogValidationError } from './catalog-validation-error.js';
import type { CatalogProblem } from './catalog-validation-error.js';
import type { Catalog, CatalogBody } from './item-schema.js';
import { BUILTIN_CATALOG_VERSION, createCatalog, validateCatalogBody } from './load-catalog.js';

/** The data of a CatalogVersionPublished event (stream `catalog`). */
export type CatalogPublication = DataOf<typeof CatalogVersionPublished>;
export type CatalogSource = CatalogPublication['source'];

/**
 * The event body publishing a validated catalog as the version after `previous` (the catalog in force),
 * or as version 1 when the stream is empty.
 */
export function publishCatalogVersion(body: CatalogBody, source: CatalogSource, previous: { version: number } | null): CatalogPublication {
  return {
    version: previous === null ? BUILTIN_CATALOG_VERSION : previous.version + 1,
    source,
    checksum: catalogChecksum(body),
    itemCount: body.items.length,
    bundleCount: body.bundles.length,
    catalog: body,
  };
}

/** Version 1 of the `catalog` stream when a bureau starts with the built-in list. */
export function builtinCatalogPublication(): CatalogPublication {
  return publishCatalogVersion(validateCatalogBody(builtinCatalogData), 'builtin', null);
}

/**
 * The catalog a published event carries, so an application is read against the version it was submitted
 * under. The body is validated again (a stored event outlives the rules' code) and must match its
 * checksum and counts.
 */
export function catalogFromPublishedEvent(data: unknown): Catalog {
  const parsed = CatalogVersionPublishedEvent.schema.safeParse(data);
  if (!parsed.success) {
    throw new CatalogValidationError(
      parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(event)', rule: 'event-schema', message: i.message })),
    );
  }
  const event = parsed.data;
  const body = validateCatalogBody(event.catalog);
  const problems: CatalogProblem[] = [];
  const checksum = catalogChecksum(body);
  if (checksum !== event.checksum) problems.push({ field: 'checksum', rule: 'checksum-matches', message: `event says ${event.checksum}, body hashes to ${checksum}` });
  if (body.items.length !== event.itemCount) problems.push({ field: 'itemCount', rule: 'count-matches', message: `event says ${event.itemCount}, body has ${body.items.length}` });
  if (body.bundles.length !== event.bundleCount) problems.push({ field: 'bundleCount', rule: 'count-matches', message: `event says ${event.bundleCount}, body has ${body.bundles.length}` });
  if (problems.length > 0) throw new CatalogValidationError(problems);
  return createCatalog(body, event.version);
}

/** Every published version, for looking up the catalog an application was submitted under. */
export interface CatalogVersions {
  latest(): Catalog;
  at(version: number): Catalog | undefined;
}

/** Folds the `catalog` stream's publications in order; versions must run 1, 2, 3 … without gaps. */
export function catalogVersions(publications: readonly unknown[]): CatalogVersions {
  const catalogs = publications.map(catalogFromPublishedEvent);
  catalogs.forEach((c, i) => {
    if (c.version !== i + 1) throw new Error(`catalog publication ${i + 1} carries version ${c.version}; versions must run 1, 2, 3 …`);
  });
  const last = catalogs.at(-1);
  if (!last) throw new Error('no catalog version published');
  return { latest: () => last, at: (version) => catalogs[version - 1] };
}
