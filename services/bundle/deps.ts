import type { Catalog } from '../catalog/item-schema.js';

export interface BundleDeps {
  catalog: Catalog;
}
