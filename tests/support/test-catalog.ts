import { loadCatalog } from '../../services/catalog/load-catalog.js';
import type { Catalog, ServiceItem } from '../../services/catalog/item-schema.js';

// A small catalog for the deciders' unit tests, validated by the real loader, so the tests do not hinge on
// the built-in data. Codes start with T-.

type ItemInput = Partial<ServiceItem> & Pick<ServiceItem, 'code' | 'nameZh' | 'nameEn'>;

const base: Omit<ServiceItem, 'code' | 'nameZh' | 'nameEn'> = {
  category: 'social-insurance',
  itemType: '01',
  serviceObjects: ['1', '2'],
  department: 'T-DEPT',
  departmentName: '测试科 Test section',
  statutoryLimit: { value: 20, unit: 'working' },
  committedLimit: { value: 10, unit: 'working' },
  projectType: 'committed',
  extensionDays: 10,
  channels: ['provincial-portal', 'yueshengshi', 'window'],
  onSiteVisits: 0,
  onlineDepth: [1, 2, 3, 4, 5],
  expressSupported: true,
  materials: [
    { code: 'id-card', nameZh: '居民身份证', nameEn: 'Identity card', required: true, source: 'e-licence' },
    { code: 'form', nameZh: '申请表', nameEn: 'Application form', required: true, source: 'upload' },
    { code: 'contract', nameZh: '劳动合同', nameEn: 'Labour contract', required: true, source: 'paper' },
    { code: 'photo', nameZh: '照片', nameEn: 'Photo', required: false, source: 'upload' },
  ],
  fastTrack: true,
  legalBasis: '《行政许可法》第四十二条',
};

const item = (input: ItemInput): ServiceItem => ({ ...base, ...input });

/** 行政许可: 20 working days statutory, 10 committed, up to 10 days' extension, free express. */
export const LICENCE = item({ code: 'T-LIC', nameZh: '测试许可', nameEn: 'Test licence' });

/** Natural-day limits (like 劳动争议仲裁: 45 + 15 days). */
export const NATURAL = item({
  code: 'T-NAT',
  nameZh: '自然日事项',
  nameEn: 'Natural-day item',
  statutoryLimit: { value: 45, unit: 'natural' },
  committedLimit: { value: 30, unit: 'natural' },
  extensionDays: 15,
});

/** No extension, no express; window only with one visit. */
export const NO_EXTENSION = item({
  code: 'T-NOEXT',
  nameZh: '不可延期事项',
  nameEn: 'No-extension item',
  itemType: '07',
  extensionDays: 0,
  channels: ['window'],
  onSiteVisits: 1,
  onSiteReason: '须核验原件',
  onlineDepth: [1],
  expressSupported: false,
  fastTrack: false,
  materials: [
    { code: 'id-card', nameZh: '居民身份证', nameEn: 'Identity card', required: true, source: 'e-licence' },
    { code: 'form', nameZh: '申请表', nameEn: 'Application form', required: true, source: 'upload' },
  ],
});

/** 秒批: a pension-style benefit approved by rule when the applicant is 60+, insured 15+ years, identity from e-licence. */
export const INSTANT = item({
  code: 'T-FAST',
  nameZh: '秒批事项',
  nameEn: 'Instant-approval item',
  itemType: '05',
  statutoryLimit: { value: 10, unit: 'working' },
  committedLimit: { value: 3, unit: 'working' },
  extensionDays: 0,
  materials: [
    { code: 'id-card', nameZh: '居民身份证', nameEn: 'Identity card', required: true, source: 'e-licence' },
    { code: 'form', nameZh: '申请表', nameEn: 'Application form', required: true, source: 'upload' },
  ],
  instantApproval: {
    ruleId: 'R-FAST-1',
    description: '年满60周岁且缴费满15年',
    legalBasis: '《社会保险法》第十六条',
    conditions: [
      { kind: 'field', field: 'age', op: 'gte', value: 60, reason: '未满60周岁 under 60' },
      { kind: 'field', field: 'insurance.years', op: 'gte', value: 15, reason: '缴费不满15年 fewer than 15 insured years' },
      { kind: 'material-from-e-licence', material: 'id-card', reason: '身份证未取自电子证照 identity not from e-licence' },
    ],
  },
});

/** 即办件: committed 0, statutory 0. */
export const ON_THE_SPOT = item({
  code: 'T-SPOT',
  nameZh: '即办事项',
  nameEn: 'On-the-spot item',
  itemType: '20',
  statutoryLimit: { value: 0, unit: 'working' },
  committedLimit: { value: 0, unit: 'working' },
  projectType: 'immediate',
  extensionDays: 0,
  fastTrack: false,
  materials: [{ code: 'id-card', nameZh: '居民身份证', nameEn: 'Identity card', required: true, source: 'e-licence' }],
});

/** Bundle members: A and D stand alone, B needs A (and A's result from e-licences), C needs B. */
export const MEMBER_A = item({ code: 'T-A', nameZh: '成员甲', nameEn: 'Member A', fastTrack: false });
export const MEMBER_B = item({
  code: 'T-B',
  nameZh: '成员乙',
  nameEn: 'Member B',
  fastTrack: false,
  materials: [
    { code: 'id-card', nameZh: '居民身份证', nameEn: 'Identity card', required: true, source: 'e-licence' },
    { code: 'a-result', nameZh: '甲的结果', nameEn: "A's result", required: true, source: 'e-licence' },
  ],
});
/** No free express: its result goes out electronically or is picked up. */
export const MEMBER_C = item({ code: 'T-C', nameZh: '成员丙', nameEn: 'Member C', fastTrack: false, expressSupported: false, materials: [MEMBER_B.materials[0]!] });
export const MEMBER_D = item({ code: 'T-D', nameZh: '成员丁', nameEn: 'Member D', fastTrack: false, channels: ['provincial-portal', 'window'] });

export const CHAIN_BUNDLE = {
  code: 'T-CHAIN',
  nameZh: '链式一件事',
  nameEn: 'Chained bundle',
  members: [
    { itemCode: 'T-A', dependsOn: [] },
    { itemCode: 'T-B', dependsOn: ['T-A'] },
    { itemCode: 'T-C', dependsOn: ['T-B'] },
    { itemCode: 'T-D', dependsOn: [] },
  ],
  onMemberDenied: 'continue' as const,
};

export const STOP_BUNDLE = { ...CHAIN_BUNDLE, code: 'T-STOP', nameZh: '止损一件事', nameEn: 'Stopping bundle', onMemberDenied: 'stop' as const };

/** Two members with free express: T-D waits for T-A. */
export const PAIR_BUNDLE = {
  code: 'T-PAIR',
  nameZh: '双项一件事',
  nameEn: 'Pair bundle',
  members: [
    { itemCode: 'T-A', dependsOn: [] },
    { itemCode: 'T-D', dependsOn: ['T-A'] },
  ],
  onMemberDenied: 'stop' as const,
};

/** A 秒批 member first: T-D opens as soon as the rule approves T-FAST inside its own submission. */
export const QUICK_BUNDLE = {
  code: 'T-QUICK',
  nameZh: '秒批一件事',
  nameEn: 'Instant bundle',
  members: [
    { itemCode: 'T-FAST', dependsOn: [] },
    { itemCode: 'T-D', dependsOn: ['T-FAST'] },
  ],
  onMemberDenied: 'continue' as const,
};

export const TEST_ITEMS = [LICENCE, NATURAL, NO_EXTENSION, INSTANT, ON_THE_SPOT, MEMBER_A, MEMBER_B, MEMBER_C, MEMBER_D];

export function testCatalog(version = 3): Catalog {
  return loadCatalog({ items: TEST_ITEMS, bundles: [CHAIN_BUNDLE, STOP_BUNDLE, PAIR_BUNDLE, QUICK_BUNDLE] }, version);
}
