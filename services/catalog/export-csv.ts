import type { CatalogCsvFiles } from './import-csv.js';
import { BUNDLE_COLUMNS, ITEM_COLUMNS, MATERIAL_COLUMNS, PROJECT_TYPE_CODE, UNIT_CODE } from './csv-columns.js';
import { formatCsv } from './csv.js';
import type { Bundle, ServiceItem } from './item-schema.js';
import { offersOnlineChannel } from './item-facts.js';

/** A catalog as the three CSV files import-csv.ts reads (its header documents the columns); lossless. */

const flag = (b: boolean): string => (b ? '1' : '0');

/** 办理形式 for national consumers; the import reads the finer `channels` column instead. */
function handleType(item: ServiceItem): string {
  return [item.channels.includes('window') ? '1' : '', offersOnlineChannel(item) ? '2' : ''].filter((x) => x !== '').join(',');
}

function itemRecord(item: ServiceItem): string[] {
  const cells: Record<(typeof ITEM_COLUMNS)[number], string> = {
    task_code: item.code,
    catalog_code: item.catalogCode ?? '',
    task_name: item.nameZh,
    task_name_en: item.nameEn,
    task_category: item.category,
    task_type: item.itemType,
    service_object: item.serviceObjects.join(','),
    dept_code: item.department,
    dept_name: item.departmentName,
    anticipate_day: String(item.statutoryLimit.value),
    anticipate_type: UNIT_CODE[item.statutoryLimit.unit],
    promise_day: String(item.committedLimit.value),
    promise_type: UNIT_CODE[item.committedLimit.unit],
    project_type: PROJECT_TYPE_CODE[item.projectType],
    extension_day: String(item.extensionDays),
    handle_type: handleType(item),
    channels: item.channels.join(','),
    limit_scene_num: String(item.onSiteVisits),
    limit_scene_explain: item.onSiteReason ?? '',
    online_handle_depth: item.onlineDepth.join(','),
    is_express: flag(item.expressSupported),
    is_fast_track: flag(item.fastTrack),
    legal_basis: item.legalBasis,
    instant_approval: item.instantApproval ? JSON.stringify(item.instantApproval) : '',
  };
  return ITEM_COLUMNS.map((c) => cells[c]);
}

export function exportCatalogCsv(catalog: { items: readonly ServiceItem[]; bundles: readonly Bundle[] }): Required<CatalogCsvFiles> {
  const materials = catalog.items.flatMap((item) =>
    item.materials.map((m) => [item.code, m.code, m.nameZh, m.nameEn, m.required ? '1' : '2', m.source]),
  );
  const members = catalog.bundles.flatMap((b) =>
    b.members.map((m) => [b.code, b.nameZh, b.nameEn, b.onMemberDenied, m.itemCode, m.dependsOn.join(',')]),
  );
  return {
    items: formatCsv([[...ITEM_COLUMNS], ...catalog.items.map(itemRecord)]),
    materials: formatCsv([[...MATERIAL_COLUMNS], ...materials]),
    bundles: formatCsv([[...BUNDLE_COLUMNS], ...members]),
  };
}
