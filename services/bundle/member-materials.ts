import type { ProvidedMaterial } from '../../events/index.js';
import type { ServiceItem } from '../catalog/item-schema.js';
import { materialProblems, materialsFor } from '../application/materials.js';

/**
 * Required materials a member still lacks in the bundle's one set. A member that waits on others may lack those
 * that come from e-licences (电子证照): the members it needs produce them (退休审批 before 养老金核定), and the
 * one submission is the applicant's consent to pull them when it opens.
 */
export function missingForMember(item: ServiceItem, materials: readonly ProvidedMaterial[], waitsOnOthers: boolean): string[] {
  const missing = materialProblems(item, materials).missing;
  if (!waitsOnOthers) return missing;
  const fromELicence = new Set(item.materials.filter((m) => m.source === 'e-licence').map((m) => m.code));
  return missing.filter((code) => !fromELicence.has(code));
}

/** The set a member application is submitted with: the bundle's set cut to the item, plus its e-licence pulls. */
export function memberMaterials(item: ServiceItem, materials: readonly ProvidedMaterial[], bundleId: string): ProvidedMaterial[] {
  const own = materialsFor(item, materials);
  const present = new Set(own.map((m) => m.code));
  const pulled = item.materials
    .filter((m) => m.required && m.source === 'e-licence' && !present.has(m.code))
    .map((m): ProvidedMaterial => ({ code: m.code, source: 'e-licence', reference: `bundle-${bundleId}` }));
  return [...own, ...pulled];
}
