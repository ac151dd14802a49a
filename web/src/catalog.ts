import { ref } from 'vue';
import { get } from './api';
import { i18n } from './i18n';
import type { BundleSummary, ItemSummary } from './types';

// The public catalog, read once per page load: item and bundle names for codes, limits, material lists.

export const items = ref<ItemSummary[]>([]);
export const bundles = ref<BundleSummary[]>([]);
let loading: Promise<void> | null = null;

export function loadCatalog(): Promise<void> {
  loading ??= Promise.all([get<{ items: ItemSummary[] }>('/catalog/items'), get<{ bundles: BundleSummary[] }>('/catalog/bundles')]).then(
    ([i, b]) => {
      items.value = i.data.items;
      bundles.value = b.data.bundles;
    },
    (error: unknown) => {
      // A failed read is tried again by the next page that needs the catalog.
      loading = null;
      throw error;
    },
  );
  return loading;
}

const nameIn = (x: { nameZh: string; nameEn: string } | undefined, code: string): string =>
  x ? (i18n.global.locale.value === 'zh-CN' ? x.nameZh : x.nameEn) : code;

export const itemName = (code: string): string => nameIn(items.value.find((i) => i.code === code), code);
export const bundleName = (code: string): string => nameIn(bundles.value.find((b) => b.code === code), code);
export const departmentName = (code: string): string => items.value.find((i) => i.department === code)?.departmentName ?? code;

/** One item with its materials (the supplement request is built from them). */
export async function itemDetail(code: string): Promise<ItemSummary> {
  return (await get<{ item: ItemSummary }>(`/catalog/items/${encodeURIComponent(code)}`)).data.item;
}
