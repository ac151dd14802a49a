import { z } from 'zod';
import { MaterialSource, TimeLimit } from '../../events/index.js';

/** 事项类别: the bureau's six business lines. */
export const Category = z.enum([
  'employment', // 就业创业
  'social-insurance', // 社会保险
  'social-security-card', // 社会保障卡
  'labour-relations', // 劳动关系
  'talent-personnel', // 人才人事
  'vocational-skills', // 职业能力
]);
export type Category = z.infer<typeof Category>;

/** 事项类型 task_type codes of the national 实施清单. */
export const ItemType = z.enum([
  '01', // 行政许可 administrative licence
  '02', // 行政处罚 penalty
  '03', // 行政强制 enforcement
  '04', // 行政征收 levy
  '05', // 行政给付 benefit payment
  '06', // 行政检查 inspection
  '07', // 行政确认 confirmation
  '08', // 行政奖励 award
  '09', // 行政裁决 adjudication
  '10', // 其他行政权力 other administrative power
  '20', // 公共服务 public service
]);
export type ItemType = z.infer<typeof ItemType>;

/** 服务对象: 1 自然人 individual, 2 企业法人 enterprise, 3 事业法人 public institution, 4 社会组织法人 social organisation, 5 非法人企业, 6 行政机关, 9 其他组织. */
export const ServiceObject = z.enum(['1', '2', '3', '4', '5', '6', '9']);

/** Channels an item is offered on: 广东政务服务网, 粤省事, 佛山12345, 窗口 hall window, 自助终端 kiosk. */
export const ItemChannel = z.enum(['provincial-portal', 'yueshengshi', 'fs12345', 'window', 'kiosk']);
export type ItemChannel = z.infer<typeof ItemChannel>;

/** 网上办理深度 codes: 1 互联网咨询 … 4 互联网受理, 5 互联网办理, 6 结果信息反馈, 7 电子证照反馈, 8 其他. */
export const OnlineDepth = z.number().int().min(1).max(8);
/** The depth from which an item counts as online-capable (网上可办): 互联网受理. */
export const ONLINE_CAPABLE_DEPTH = 4;

export const Material = z.object({
  code: z.string().min(1),
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  /** 材料必要性: required or only where it applies. */
  required: z.boolean(),
  /** 来源渠道: upload by the applicant, pulled from 电子证照/共享数据, or paper. */
  source: MaterialSource,
});
export type Material = z.infer<typeof Material>;

/**
 * A 秒批 rule over the submitted form and the e-licence data: every condition must hold.
 * Kept as data, not code, so a bureau's imported catalog can carry its own rules.
 */
export const RuleCondition = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('field'),
    field: z.string().min(1),
    op: z.enum(['eq', 'ne', 'gte', 'lte', 'gt', 'lt', 'in', 'present']),
    value: z.unknown().optional(),
    reason: z.string().min(1),
  }),
  z.object({ kind: z.literal('material-from-e-licence'), material: z.string().min(1), reason: z.string().min(1) }),
]);
export type RuleCondition = z.infer<typeof RuleCondition>;

export const InstantApproval = z.object({
  ruleId: z.string().min(1),
  description: z.string().min(1),
  legalBasis: z.string().min(1),
  conditions: z.array(RuleCondition).min(1),
});
export type InstantApproval = z.infer<typeof InstantApproval>;

/** One row of the 实施清单 (national implementation list), as DESIGN.md §4 and domain-brief §2.2 describe it. */
export const ServiceItem = z.object({
  /** 实施编码 implementation code. */
  code: z.string().min(1),
  /** 基本编码 catalog_code of the national basic catalog, when the bureau's list carries it. */
  catalogCode: z.string().min(1).optional(),
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  category: Category,
  itemType: ItemType,
  serviceObjects: z.array(ServiceObject).min(1),
  /** 实施主体 department code (queues and clerk scopes use it) and its name. */
  department: z.string().min(1),
  departmentName: z.string().min(1),
  /** 法定办结时限. 0 with working days means the law sets none beyond immediate handling. */
  statutoryLimit: TimeLimit,
  /** 承诺办结时限; 0 = 即办件 (handled on the spot). */
  committedLimit: TimeLimit,
  /** 办件类型: 1 即办件 immediate, 2 承诺件 committed. */
  projectType: z.enum(['immediate', 'committed']),
  /**
   * Days the agency head may extend by, in the unit of statutoryLimit (行政许可法 Art 42: 10 working days;
   * 劳动争议调解仲裁法 Art 43: 15 natural days); 0 = no extension allowed.
   */
  extensionDays: z.number().int().min(0),
  channels: z.array(ItemChannel).min(1),
  /** 到办事现场次数; 0 = zero-visit capable. */
  onSiteVisits: z.number().int().min(0),
  /** 必须现场办理原因说明, required when onSiteVisits > 0. */
  onSiteReason: z.string().optional(),
  onlineDepth: z.array(OnlineDepth).min(1),
  /** 是否支持物流快递 (免费快递). */
  expressSupported: z.boolean(),
  materials: z.array(Material),
  instantApproval: InstantApproval.optional(),
  /** 提速办: a fast-tracked high-frequency item. */
  fastTrack: z.boolean(),
  legalBasis: z.string().min(1),
});
export type ServiceItem = z.infer<typeof ServiceItem>;

export const BundleMember = z.object({
  itemCode: z.string().min(1),
  /** Members whose approval this one needs before it opens (e.g. 退休审批 before 养老金核定). */
  dependsOn: z.array(z.string().min(1)),
});

/** 打包一件事: one form, one material set, one submission, one completion. */
export const Bundle = z.object({
  code: z.string().min(1),
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  members: z.array(BundleMember).min(2),
  /** What the other members do when one is denied: carry on, or stop those not yet opened. */
  onMemberDenied: z.enum(['continue', 'stop']),
});
export type Bundle = z.infer<typeof Bundle>;

export const CatalogBody = z.object({
  items: z.array(ServiceItem),
  bundles: z.array(Bundle),
});
export type CatalogBody = z.infer<typeof CatalogBody>;

/** A validated catalog at one version, with lookups. */
export interface Catalog {
  version: number;
  items: readonly ServiceItem[];
  bundles: readonly Bundle[];
  item(code: string): ServiceItem | undefined;
  bundle(code: string): Bundle | undefined;
}
