import { CatalogValidationError } from './catalog-validation-error.js';
import { publishCatalogVersion } from './catalog-publication.js';
import type { CatalogPublication } from './catalog-publication.js';
import type { Catalog } from './item-schema.js';
import { validateCatalogBody } from './load-catalog.js';

/**
 * Import of a bureau's catalog from JSON: `{ items: ServiceItem[], bundles: Bundle[] }`, the shape of
 * item-schema.ts (the one the built-in data files and the CatalogVersionPublished event use), validated
 * like the built-in catalog. For a list in the national column names use import-csv.ts.
 * Returns the CatalogVersionPublished event body for the version after `previous` (null: the first).
 */
export function importCatalogJson(text: string, previous: Catalog | null): CatalogPublication {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (e) {
    throw new CatalogValidationError([{ field: '(json)', rule: 'json-syntax', message: e instanceof Error ? e.message : String(e) }]);
  }
  return publishCatalogVersion(validateCatalogBody(raw), 'json', previous);
}
