/**
 * How often a city bureau of Foshan's size (≈ 9.5 million residents) handles each item in a year, relative to
 * one another. Modelled on the shape of Guangdong bureaus' published 办件量: social-security certificates,
 * card services, employment registration and unemployment benefit dominate; licences such as 技工学校设立 or
 * 博士后工作站 come a handful of times a year. Items not listed get DEFAULT_ITEM_WEIGHT.
 */
export const ITEM_WEIGHTS: Readonly<Record<string, number>> = {
  // 社会保障卡
  'KA-001': 60, // 社保卡申领
  'KA-002': 25,
  'KA-003': 30,
  'KA-004': 12,
  'KA-005': 6,
  'KA-006': 15,
  'KA-007': 8,
  'KA-008': 6,
  'KA-009': 10,
  'KA-010': 14,
  'KA-011': 3,
  'KA-012': 40, // 电子社保卡签发
  'KA-013': 3,
  // 社会保险
  'SB-001': 8,
  'SB-002': 55, // 职工参保登记
  'SB-003': 6,
  'SB-004': 12,
  'SB-005': 2,
  'SB-006': 45, // 停保减员
  'SB-007': 10,
  'SB-008': 6,
  'SB-009': 12,
  'SB-010': 1.5,
  'SB-011': 6,
  'SB-012': 5,
  'SB-013': 30, // 待遇领取资格认证
  'SB-014': 2.5,
  'SB-015': 0.6,
  'SB-016': 2.5,
  'SB-017': 0.4,
  'SB-018': 1.2,
  'SB-019': 40, // 失业保险金申领
  'SB-020': 8,
  'SB-021': 15,
  'SB-022': 4,
  'SB-023': 2,
  'SB-024': 3,
  'SB-025': 3,
  'SB-026': 0.15,
  'SB-027': 0.15,
  'SB-028': 0.12,
  'SB-029': 0.5,
  'SB-030': 0.4,
  'SB-031': 3,
  'SB-032': 90, // 参保缴费证明打印
  // 就业创业
  'JY-001': 70, // 就业登记
  'JY-002': 20,
  'JY-003': 18,
  'JY-004': 6,
  'JY-005': 1.5,
  'JY-006': 0.8,
  'JY-007': 1,
  'JY-008': 0.8,
  'JY-009': 2,
  'JY-010': 1.5,
  'JY-011': 0.8,
  'JY-012': 1,
  'JY-013': 4,
  'JY-014': 5,
  'JY-015': 5,
  'JY-016': 4,
  'JY-017': 3,
  'JY-018': 0.06,
  'JY-019': 0.05,
  // 劳动关系
  'LD-001': 0.15,
  'LD-002': 0.2,
  'LD-003': 0.3,
  'LD-004': 0.05,
  'LD-005': 8,
  'LD-006': 2,
  'LD-007': 1.5,
  'LD-008': 0.6,
  'LD-009': 0.4,
  'LD-010': 3,
  // 人才人事
  'RC-001': 0.5, // 职称评审申报: one window a year
  'RC-002': 3,
  'RC-003': 0.2,
  'RC-004': 0.08,
  'RC-005': 0.3,
  'RC-006': 0.04,
  'RC-007': 1,
  'RC-008': 2,
  'RC-009': 0.3,
  'RC-010': 0.01,
  'RC-011': 0.03,
  'RC-012': 0.2,
  'RC-013': 0.3,
  // 职业能力
  'ZN-001': 6,
  'ZN-002': 5,
  'ZN-003': 0.3,
  'ZN-004': 1,
  'ZN-005': 2.5,
  'ZN-006': 0.01,
  'ZN-007': 0.02,
  'ZN-008': 0.003, // 技工学校设立审批: hardly ever
  'ZN-009': 0.02,
  'ZN-010': 0.03,
};

export const DEFAULT_ITEM_WEIGHT = 0.5;

/** 一件事 bundles submitted, relative to one another (企业招用员工, 失业 and 社保卡 lead). */
export const BUNDLE_WEIGHTS: Readonly<Record<string, number>> = {
  'YJS-01': 30,
  'YJS-02': 10,
  'YJS-03': 20,
  'YJS-04': 3,
  'YJS-05': 10,
  'YJS-06': 1,
  'YJS-07': 8,
  'YJS-08': 0.3,
  'YJS-09': 6,
  'YJS-10': 15,
};

/** The share of all item applications that are members of a bundle. */
export const BUNDLE_MEMBER_SHARE = 0.08;

/**
 * Counts per key that sum to `total`, proportional to the weights (largest remainder), with at least
 * `floor` each: every item of the catalog turns up in a demo year, however rare.
 */
export function apportion(weights: readonly number[], total: number, floor = 1): number[] {
  const minimum = Math.min(total, floor * weights.length);
  const spread = total - minimum;
  const perKeyFloor = weights.length === 0 ? 0 : Math.floor(minimum / weights.length);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (w / sum) * spread : 0));
  const counts = exact.map((x) => Math.floor(x) + perKeyFloor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0 && byRemainder.length > 0; k = (k + 1) % byRemainder.length, left--) counts[byRemainder[k]!.i]! += 1;
  return counts;
}
