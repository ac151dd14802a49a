import type { ProvidedMaterial } from '../../events/index.js';
import type { ServiceItem } from '../catalog/item-schema.js';

/** What is wrong with a material set for an item; every list empty means the set is acceptable. */
export interface MaterialProblems {
  /** Required materials not provided at all. */
  missing: string[];
  /** Declared as coming from e-licences (电子证照) though the item does not pull that material from e-licences. */
  notFromELicence: string[];
  /** Codes the item does not list. */
  unknown: string[];
}

export function materialProblems(item: ServiceItem, provided: readonly ProvidedMaterial[]): MaterialProblems {
  const byCode = new Map(item.materials.map((m) => [m.code, m]));
  const providedCodes = new Set(provided.map((p) => p.code));
  return {
    missing: item.materials.filter((m) => m.required && !providedCodes.has(m.code)).map((m) => m.code),
    notFromELicence: provided
      .filter((p) => p.source === 'e-licence' && byCode.has(p.code) && byCode.get(p.code)?.source !== 'e-licence')
      .map((p) => p.code),
    unknown: provided.filter((p) => !byCode.has(p.code)).map((p) => p.code),
  };
}

/** The materials the item lists, in the order given; a bundle's one material set is cut down to each member's. */
export function materialsFor(item: ServiceItem, provided: readonly ProvidedMaterial[]): ProvidedMaterial[] {
  const listed = new Set(item.materials.map((m) => m.code));
  return provided.filter((p) => listed.has(p.code));
}
