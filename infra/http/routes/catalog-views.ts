import { z } from 'zod';
import { Bundle, Category, ServiceItem } from '../../../services/catalog/item-schema.js';
import type { Catalog } from '../../../services/catalog/item-schema.js';
import { isOnlineCapable, isZeroVisitCapable, promisedSpeedUp } from '../../../services/catalog/item-facts.js';

/** What the catalog routes answer; the schemas document the responses in OpenAPI. */

export const ServiceItemView = ServiceItem.meta({ id: 'ServiceItem', description: '事项: one row of the implementation list' });

export const ItemSummary = ServiceItem.pick({
  code: true,
  nameZh: true,
  nameEn: true,
  category: true,
  itemType: true,
  department: true,
  departmentName: true,
  statutoryLimit: true,
  committedLimit: true,
  projectType: true,
  channels: true,
  onSiteVisits: true,
  expressSupported: true,
  fastTrack: true,
})
  .extend({
    /** 秒批: decided by rule when its conditions hold. */
    instantApproval: z.boolean(),
    /** 零跑动: no trip to the hall needed. */
    zeroVisit: z.boolean(),
    /** 网上可办: can be lodged online. */
    onlineCapable: z.boolean(),
    /** 承诺时限压缩率: (statutory − committed) ÷ statutory; null when the law sets no limit. */
    promisedSpeedUp: z.number().nullable(),
  })
  .meta({ id: 'ItemSummary' });
export type ItemSummary = z.infer<typeof ItemSummary>;

const BundleRef = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() });

export const ItemList = z.object({ catalogVersion: z.number().int(), total: z.number().int(), items: z.array(ItemSummary) }).meta({ id: 'ItemList' });

export const ItemDetail = z
  .object({ catalogVersion: z.number().int(), item: ServiceItemView, bundles: z.array(BundleRef) })
  .meta({ id: 'ItemDetail', description: 'An item with its materials and limits, and the bundles it belongs to' });

export const BundleSummary = Bundle.pick({ code: true, nameZh: true, nameEn: true, onMemberDenied: true })
  .extend({ memberCount: z.number().int() })
  .meta({ id: 'BundleSummary' });

export const BundleList = z.object({ catalogVersion: z.number().int(), bundles: z.array(BundleSummary) }).meta({ id: 'BundleList' });

const BundleMemberView = ItemSummary.pick({ code: true, nameZh: true, nameEn: true, department: true, statutoryLimit: true, committedLimit: true })
  .extend({ dependsOn: z.array(z.string()) })
  .meta({ id: 'BundleMemberView' });

export const BundleDetail = z
  .object({
    catalogVersion: z.number().int(),
    bundle: BundleSummary.omit({ memberCount: true }).extend({ members: z.array(BundleMemberView) }),
  })
  .meta({ id: 'BundleDetail' });

export const FastTrackList = z.object({ catalogVersion: z.number().int(), items: z.array(ItemSummary) }).meta({ id: 'FastTrackList' });

export const ItemFilters = z.object({
  category: Category.optional().meta({ description: '事项类别' }),
  department: z.string().min(1).max(64).optional().meta({ description: 'Department code (实施主体)' }),
  fastTrack: z.stringbool().optional().meta({ description: '提速办 items only (true) or the others (false)' }),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Text in the code or the Chinese or English name' }),
});
export type ItemFilters = z.infer<typeof ItemFilters>;

export function itemSummary(item: ServiceItem): ItemSummary {
  return {
    code: item.code,
    nameZh: item.nameZh,
    nameEn: item.nameEn,
    category: item.category,
    itemType: item.itemType,
    department: item.department,
    departmentName: item.departmentName,
    statutoryLimit: item.statutoryLimit,
    committedLimit: item.committedLimit,
    projectType: item.projectType,
    channels: item.channels,
    onSiteVisits: item.onSiteVisits,
    expressSupported: item.expressSupported,
    fastTrack: item.fastTrack,
    instantApproval: item.instantApproval !== undefined,
    zeroVisit: isZeroVisitCapable(item),
    onlineCapable: isOnlineCapable(item),
    promisedSpeedUp: promisedSpeedUp(item) ?? null,
  };
}

export function filterItems(items: readonly ServiceItem[], filters: ItemFilters): ServiceItem[] {
  const needle = filters.q?.toLowerCase();
  return items.filter(
    (item) =>
      (filters.category === undefined || item.category === filters.category) &&
      (filters.department === undefined || item.department === filters.department) &&
      (filters.fastTrack === undefined || item.fastTrack === filters.fastTrack) &&
      (needle === undefined || [item.code, item.nameZh, item.nameEn].some((text) => text.toLowerCase().includes(needle))),
  );
}

export function bundlesContaining(catalog: Catalog, itemCode: string): z.infer<typeof BundleRef>[] {
  return catalog.bundles
    .filter((b) => b.members.some((m) => m.itemCode === itemCode))
    .map((b) => ({ code: b.code, nameZh: b.nameZh, nameEn: b.nameEn }));
}

export function bundleDetail(catalog: Catalog, bundle: Bundle): z.infer<typeof BundleDetail> {
  return {
    catalogVersion: catalog.version,
    bundle: {
      code: bundle.code,
      nameZh: bundle.nameZh,
      nameEn: bundle.nameEn,
      onMemberDenied: bundle.onMemberDenied,
      members: bundle.members.map((member) => {
        const item = catalog.item(member.itemCode);
        if (!item) throw new Error(`catalog ${catalog.version}: bundle ${bundle.code} names unknown item ${member.itemCode}`);
        return {
          code: item.code,
          nameZh: item.nameZh,
          nameEn: item.nameEn,
          department: item.department,
          statutoryLimit: item.statutoryLimit,
          committedLimit: item.committedLimit,
          dependsOn: member.dependsOn,
        };
      }),
    },
  };
}
