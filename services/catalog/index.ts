// The service catalog (DESIGN.md §4): items, bundles and the fast-track list, validated, versioned, imported.
export * from './item-schema.js';
export * from './catalog-validation-error.js';
export { BUILTIN_CATALOG_VERSION, createCatalog, loadBuiltinCatalog, loadCatalog, validateCatalogBody } from './load-catalog.js';
export * from './catalog-publication.js';
export { catalogDecider, type CatalogCommand, type CatalogPendingEvent, type CatalogStreamState } from './catalog-decider.js';
export { catalogChecksum, canonicalJson } from './catalog-checksum.js';
export * from './catalog-figures.js';
export * from './item-facts.js';
export { importCatalogJson } from './import-json.js';
export { importCatalogCsv } from './import-csv.js';
export type { CatalogCsvFiles } from './import-csv.js';
export { exportCatalogCsv } from './export-csv.js';
