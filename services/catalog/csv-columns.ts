import type { DayUnit } from '../../events/index.js';
import type { Category, ItemChannel } from './item-schema.js';

/**
 * The CSV layout of a catalog, shared by import-csv.ts and export-csv.ts. Column names follow the national
 * 事项 exchange tables (up_task_general_basic / _material, domain-brief §2.2) where one exists; the
 * project's own fields use the same snake_case style. See import-csv.ts for the full description.
 */

export const ITEM_COLUMNS = [
  'task_code', 'catalog_code', 'task_name', 'task_name_en', 'task_category', 'task_type', 'service_object',
  'dept_code', 'dept_name', 'anticipate_day', 'anticipate_type', 'promise_day', 'promise_type', 'project_type',
  'extension_day', 'handle_type', 'channels', 'limit_scene_num', 'limit_scene_explain', 'online_handle_depth',
  'is_express', 'is_fast_track', 'legal_basis', 'instant_approval',
] as const;
/** Columns an items file may leave out: the rest are required. */
export const OPTIONAL_ITEM_COLUMNS: readonly string[] = ['catalog_code', 'extension_day', 'handle_type', 'channels', 'limit_scene_explain', 'is_fast_track', 'instant_approval'];

export const MATERIAL_COLUMNS = ['task_code', 'material_code', 'material_name', 'material_name_en', 'material_necessity', 'material_source'] as const;
export const BUNDLE_COLUMNS = ['bundle_code', 'bundle_name', 'bundle_name_en', 'on_member_denied', 'member_task_code', 'depends_on'] as const;

/** 时限单位 anticipate_type / promise_type: 1 工作日, 2 自然日. */
export const UNIT_CODE: Record<DayUnit, string> = { working: '1', natural: '2' };
export const UNIT_FROM: Record<string, DayUnit> = { '1': 'working', '工作日': 'working', working: 'working', '2': 'natural', '自然日': 'natural', natural: 'natural' };

/** 办件类型 project_type: 1 即办件, 2 承诺件. */
export const PROJECT_TYPE_CODE = { immediate: '1', committed: '2' } as const;
export const PROJECT_TYPE_FROM: Record<string, 'immediate' | 'committed'> = {
  '1': 'immediate', '即办件': 'immediate', immediate: 'immediate', '2': 'committed', '承诺件': 'committed', committed: 'committed',
};

/** 材料必要性 material_necessity: 1 必要, 2 非必要 (0 read as 非必要 too). */
export const NECESSITY_FROM: Record<string, boolean> = { '1': true, '必要': true, '2': false, '0': false, '非必要': false };

/** material_source: the form the material arrives in (not the national source_type, which names who issues it). */
export const SOURCE_FROM: Record<string, string> = {
  upload: 'upload', '上传': 'upload', '申请人上传': 'upload',
  'e-licence': 'e-licence', '电子证照': 'e-licence', '共享数据': 'e-licence', '电子证照/共享数据': 'e-licence',
  paper: 'paper', '纸质': 'paper',
};

export const CATEGORY_FROM: Record<string, Category> = {
  employment: 'employment', '就业创业': 'employment',
  'social-insurance': 'social-insurance', '社会保险': 'social-insurance',
  'social-security-card': 'social-security-card', '社会保障卡': 'social-security-card',
  'labour-relations': 'labour-relations', '劳动关系': 'labour-relations',
  'talent-personnel': 'talent-personnel', '人才人事': 'talent-personnel',
  'vocational-skills': 'vocational-skills', '职业能力': 'vocational-skills',
};

/** 办理形式 handle_type: 1 窗口办理, 2 网上办理, 3 快递申请. The finer `channels` column wins when present. */
export const HANDLE_TYPE_CHANNEL: Record<string, ItemChannel | undefined> = { '1': 'window', '2': 'provincial-portal', '3': undefined };

export const FLAG_FROM: Record<string, boolean> = { '1': true, '是': true, true: true, Y: true, y: true, '0': false, '否': false, false: false, N: false, n: false };

/** Schema fields as CSV columns, so a problem in an imported file names the column a bureau can fix. */
export const ITEM_FIELD_COLUMN: Record<string, string> = {
  code: 'task_code', catalogCode: 'catalog_code', nameZh: 'task_name', nameEn: 'task_name_en', category: 'task_category',
  itemType: 'task_type', serviceObjects: 'service_object', department: 'dept_code', departmentName: 'dept_name',
  'statutoryLimit.value': 'anticipate_day', 'statutoryLimit.unit': 'anticipate_type', 'committedLimit.value': 'promise_day',
  'committedLimit.unit': 'promise_type', projectType: 'project_type', extensionDays: 'extension_day', channels: 'channels',
  onSiteVisits: 'limit_scene_num', onSiteReason: 'limit_scene_explain', onlineDepth: 'online_handle_depth',
  expressSupported: 'is_express', fastTrack: 'is_fast_track', legalBasis: 'legal_basis', instantApproval: 'instant_approval',
  // Whole limits last: a rule comparing limits points at both columns of the limit.
  statutoryLimit: 'anticipate_day/anticipate_type', committedLimit: 'promise_day/promise_type',
};
export const MATERIAL_FIELD_COLUMN: Record<string, string> = {
  code: 'material_code', nameZh: 'material_name', nameEn: 'material_name_en', required: 'material_necessity', source: 'material_source',
};
