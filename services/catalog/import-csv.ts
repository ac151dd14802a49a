import { CatalogValidationError } from './catalog-validation-error.js';
import type { CatalogProblem } from './catalog-validation-error.js';
import { publishCatalogVersion } from './catalog-publication.js';
import type { CatalogPublication } from './catalog-publication.js';
import { CsvSyntaxError, parseCsvTable } from './csv.js';
import type { CsvRow } from './csv.js';
import {
  BUNDLE_COLUMNS,
  CATEGORY_FROM,
  FLAG_FROM,
  HANDLE_TYPE_CHANNEL,
  ITEM_COLUMNS,
  ITEM_FIELD_COLUMN,
  MATERIAL_COLUMNS,
  MATERIAL_FIELD_COLUMN,
  NECESSITY_FROM,
  OPTIONAL_ITEM_COLUMNS,
  PROJECT_TYPE_FROM,
  SOURCE_FROM,
  UNIT_FROM,
} from './csv-columns.js';
import type { Catalog, CatalogBody } from './item-schema.js';
import { validateCatalogBody } from './load-catalog.js';

/**
 * Import of a bureau's official 实施清单 from CSV, in the national field names (domain-brief §2.2).
 *
 * Three files, UTF-8 (a BOM is fine), RFC 4180, header row first; extra columns are ignored, since official
 * exports carry dozens this backend does not use.
 *
 * items.csv, one row per item (up_task_general_basic):
 *   task_code 实施编码 · catalog_code 基本编码 (optional) · task_name · task_name_en · task_category
 *   (就业创业 社会保险 社会保障卡 劳动关系 人才人事 职业能力, or the English keys) · task_type (01 … 20) ·
 *   service_object (codes 1,2,… comma-separated) · dept_code · dept_name · anticipate_day / anticipate_type
 *   法定时限 and unit (1 工作日, 2 自然日) · promise_day / promise_type 承诺时限 · project_type (1 即办件,
 *   2 承诺件) · extension_day (optional, default 0; unit of anticipate_type) · handle_type (1 窗口, 2 网上,
 *   3 快递申请; read only when `channels` is absent or empty) · channels (provincial-portal, yueshengshi,
 *   fs12345, window, kiosk; comma-separated, optional) · limit_scene_num 到办事现场次数 · limit_scene_explain
 *   (required when visits > 0) · online_handle_depth (codes 1–8, comma-separated) · is_express (1/0) ·
 *   is_fast_track (1/0, optional) · legal_basis 设定依据 · instant_approval (optional: the 秒批 rule as JSON,
 *   the InstantApproval shape of item-schema.ts — structured conditions do not fit flat columns).
 *
 * materials.csv, one row per material (up_task_general_material): task_code · material_code ·
 *   material_name · material_name_en · material_necessity (1 必要, 2 非必要) · material_source (upload |
 *   e-licence | paper, or 上传 / 电子证照 / 纸质). material_source is the form the material arrives in, which
 *   is what 零提交 needs; the national source_type (who issues it) does not say that.
 *
 * bundles.csv (optional), one row per bundle member: bundle_code · bundle_name · bundle_name_en ·
 *   on_member_denied (continue | stop) · member_task_code · depends_on (member codes, comma-separated).
 *   Bundles are not part of the national list; without this file the bundles in force are kept and checked
 *   against the new items.
 *
 * Values are converted leniently and then validated exactly like the built-in catalog (zod plus the
 * auditors' rules); a problem names the item or bundle and the CSV column.
 */

export interface RawCsvCatalog {
  items: Record<string, unknown>[];
  bundles: unknown[] | undefined;
}

export interface CatalogCsvFiles {
  items: string;
  materials: string;
  bundles?: string;
}

const list = (s: string): string[] => s.split(/[,，;；]/).map((x) => x.trim()).filter((x) => x !== '');

/** An integer, or the text as it is so the schema reports it (an empty cell must not become 0). */
const int = (s: string): number | string => (/^\s*\d+\s*$/.test(s) ? Number(s) : s.trim());
const lookup = <T>(table: Record<string, T>, s: string): T | string => table[s.trim()] ?? s.trim();
const optional = (s: string | undefined): string | undefined => (s === undefined || s.trim() === '' ? undefined : s.trim());

/** The rows of one file, or null when the file cannot be read (syntax error, missing column). */
function table(text: string, file: string, columns: readonly string[], optionalColumns: readonly string[], problems: CatalogProblem[]): CsvRow[] | null {
  try {
    const { header, rows } = parseCsvTable(text);
    const missing = columns.filter((c) => !optionalColumns.includes(c) && !header.includes(c));
    for (const c of missing) problems.push({ field: `${file}:${c}`, rule: 'csv-header', message: `column ${c} missing` });
    return missing.length > 0 ? null : rows;
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    problems.push({ field: `${file}:line ${e.line}`, rule: 'csv-syntax', message: e.message });
    return null;
  }
}

function channelsOf(v: Record<string, string>): string[] {
  const explicit = list(v.channels ?? '');
  if (explicit.length > 0) return explicit;
  return list(v.handle_type ?? '').map((c) => HANDLE_TYPE_CHANNEL[c]).filter((c) => c !== undefined);
}

function itemRow(v: Record<string, string>, line: number, problems: CatalogProblem[]): Record<string, unknown> {
  const code = v.task_code!.trim();
  const row: Record<string, unknown> = {
    code,
    nameZh: v.task_name!.trim(),
    nameEn: v.task_name_en!.trim(),
    category: lookup(CATEGORY_FROM, v.task_category!),
    itemType: v.task_type!.trim().padStart(2, '0'),
    serviceObjects: list(v.service_object!),
    department: v.dept_code!.trim(),
    departmentName: v.dept_name!.trim(),
    statutoryLimit: { value: int(v.anticipate_day!), unit: lookup(UNIT_FROM, v.anticipate_type!) },
    committedLimit: { value: int(v.promise_day!), unit: lookup(UNIT_FROM, v.promise_type!) },
    projectType: lookup(PROJECT_TYPE_FROM, v.project_type!),
    extensionDays: optional(v.extension_day) === undefined ? 0 : int(v.extension_day!),
    channels: channelsOf(v),
    onSiteVisits: int(v.limit_scene_num!),
    onlineDepth: list(v.online_handle_depth!).map(int),
    expressSupported: lookup(FLAG_FROM, v.is_express!),
    materials: [],
    fastTrack: optional(v.is_fast_track) === undefined ? false : lookup(FLAG_FROM, v.is_fast_track!),
    legalBasis: v.legal_basis!.trim(),
  };
  const catalogCode = optional(v.catalog_code);
  if (catalogCode !== undefined) row.catalogCode = catalogCode;
  const reason = optional(v.limit_scene_explain);
  if (reason !== undefined) row.onSiteReason = reason;
  const rule = optional(v.instant_approval);
  if (rule !== undefined) {
    try {
      row.instantApproval = JSON.parse(rule) as unknown;
    } catch {
      problems.push({ itemCode: code || `items.csv:line ${line}`, field: 'instant_approval', rule: 'csv-json', message: 'not valid JSON' });
    }
  }
  return row;
}

function bundlesFrom(rows: CsvRow[], problems: CatalogProblem[]): Record<string, unknown>[] {
  const byCode = new Map<string, Record<string, unknown> & { members: unknown[] }>();
  for (const { values: v, line } of rows) {
    const code = v.bundle_code!.trim();
    const head = { nameZh: v.bundle_name!.trim(), nameEn: v.bundle_name_en!.trim(), onMemberDenied: v.on_member_denied!.trim() };
    let bundle = byCode.get(code);
    if (!bundle) {
      bundle = { code, ...head, members: [] };
      byCode.set(code, bundle);
    } else if (bundle.nameZh !== head.nameZh || bundle.nameEn !== head.nameEn || bundle.onMemberDenied !== head.onMemberDenied) {
      problems.push({ bundleCode: code, field: `bundles.csv:line ${line}`, rule: 'csv-bundle-rows-agree', message: 'name or on_member_denied differs from the bundle\'s first row' });
    }
    bundle.members.push({ itemCode: v.member_task_code!.trim(), dependsOn: list(v.depends_on!) });
  }
  return [...byCode.values()];
}

/** Schema paths as CSV columns: `statutoryLimit.value` → anticipate_day, `materials.2.source` → material[code].material_source. */
function inCsvTerms(p: CatalogProblem, raw: RawCsvCatalog): CatalogProblem {
  if (p.itemCode === undefined) return p;
  const material = /^materials\.(\d+)(?:\.(\w+))?/.exec(p.field);
  if (material) {
    const item = raw.items.find((i) => i.code === p.itemCode);
    const m = (item?.materials as { code?: unknown }[] | undefined)?.[Number(material[1])];
    const column = material[2] === undefined ? '' : `.${MATERIAL_FIELD_COLUMN[material[2]] ?? material[2]}`;
    return { ...p, field: `material[${typeof m?.code === 'string' ? m.code : material[1]}]${column}` };
  }
  const key = Object.keys(ITEM_FIELD_COLUMN).find((k) => p.field === k || p.field.startsWith(`${k}.`));
  return key === undefined ? p : { ...p, field: ITEM_FIELD_COLUMN[key]! + p.field.slice(key.length) };
}

/**
 * Reads the CSV files into a catalog body, unvalidated, appending CSV-level problems to `problems`.
 * Returns null when a file cannot be read at all: a catalog-level check of what was read would only add noise.
 */
export function readCatalogCsv(files: CatalogCsvFiles, problems: CatalogProblem[]): RawCsvCatalog | null {
  const itemRows = table(files.items, 'items.csv', ITEM_COLUMNS, OPTIONAL_ITEM_COLUMNS, problems);
  const materialRows = table(files.materials, 'materials.csv', MATERIAL_COLUMNS, [], problems);
  const bundleRows = files.bundles === undefined ? undefined : table(files.bundles, 'bundles.csv', BUNDLE_COLUMNS, [], problems);
  if (itemRows === null || materialRows === null || bundleRows === null) return null;
  const items = itemRows.map((r) => itemRow(r.values, r.line, problems));
  const byCode = new Map(items.map((i) => [i.code, i]));
  for (const { values: v, line } of materialRows) {
    const code = v.task_code!.trim();
    const item = byCode.get(code);
    if (!item) {
      problems.push({ itemCode: code, field: `materials.csv:line ${line}`, rule: 'csv-material-item-exists', message: `material ${v.material_code} belongs to no item of items.csv` });
      continue;
    }
    (item.materials as unknown[]).push({
      code: v.material_code!.trim(),
      nameZh: v.material_name!.trim(),
      nameEn: v.material_name_en!.trim(),
      required: lookup(NECESSITY_FROM, v.material_necessity!),
      source: lookup(SOURCE_FROM, v.material_source!),
    });
  }
  return { items, bundles: bundleRows === undefined ? undefined : bundlesFrom(bundleRows, problems) };
}

/**
 * Validates the CSV files as the next catalog version after `previous` (the catalog in force; null for the
 * first version) and returns the CatalogVersionPublished event body. Throws a CatalogValidationError
 * listing every problem, CSV-level and catalog-level together.
 */
export function importCatalogCsv(files: CatalogCsvFiles, previous: Catalog | null): CatalogPublication {
  const problems: CatalogProblem[] = [];
  const raw = readCatalogCsv(files, problems);
  if (raw === null) throw new CatalogValidationError(problems);
  let body: CatalogBody | undefined;
  try {
    body = validateCatalogBody({ items: raw.items, bundles: raw.bundles ?? previous?.bundles ?? [] });
  } catch (e) {
    if (!(e instanceof CatalogValidationError)) throw e;
    problems.push(...e.problems.map((p) => inCsvTerms(p, raw)));
  }
  if (problems.length > 0 || body === undefined) throw new CatalogValidationError(problems);
  return publishCatalogVersion(body, 'csv', previous);
}
