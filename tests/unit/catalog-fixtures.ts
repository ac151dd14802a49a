import { builtinCatalogData } from '../../services/catalog/builtin-data.js';
import type { Bundle, ServiceItem } from '../../services/catalog/item-schema.js';

/** A valid committed item with one e-licence material; tests override what they examine. */
export function anItem(overrides: Partial<ServiceItem> = {}): ServiceItem {
  return {
    code: 'T-001',
    nameZh: '测试事项',
    nameEn: 'Test item',
    category: 'employment',
    itemType: '20',
    serviceObjects: ['1'],
    department: 'FSRS-TEST',
    departmentName: '测试科',
    statutoryLimit: { value: 20, unit: 'working' },
    committedLimit: { value: 10, unit: 'working' },
    projectType: 'committed',
    extensionDays: 0,
    channels: ['provincial-portal', 'window'],
    onSiteVisits: 0,
    onlineDepth: [1, 2, 3, 4, 5, 6],
    expressSupported: false,
    materials: [{ code: 'id-card', nameZh: '居民身份证', nameEn: 'Identity card', required: true, source: 'e-licence' }],
    fastTrack: false,
    legalBasis: '测试依据',
    ...overrides,
  };
}

export function aBundle(overrides: Partial<Bundle> = {}): Bundle {
  return { code: 'B-1', nameZh: '测试一件事', nameEn: 'Test bundle', members: [], onMemberDenied: 'continue', ...overrides };
}

/** A deep copy of the built-in data files, safe to break. */
export function builtinRaw(): { items: Record<string, unknown>[]; bundles: Record<string, unknown>[] } {
  return structuredClone(builtinCatalogData) as { items: Record<string, unknown>[]; bundles: Record<string, unknown>[] };
}
