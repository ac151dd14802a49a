import type { Delivery, SuspensionReason } from '../../events/index.js';
import type { ResultDocument } from '../../services/application/index.js';
import type { ServiceItem } from '../../services/catalog/item-schema.js';
import type { Rng } from './rng.js';

// The words and numbers a bureau's clerks write into the record: reasons, legal bases, document and waybill numbers.

export const REFUSAL_REASONS = ['申请事项不属于本机关职权范围', '申请人不具备申请资格', '申请材料存在虚假内容'];
export const OVERDUE_SUPPLEMENT = '逾期未补正申请材料';
export const REFUSAL_BASIS = '《中华人民共和国行政许可法》第三十二条';

export const DENIAL_REASONS = [
  '不符合享受条件：缴费年限不足',
  '经核查，申请人已在其他地区享受同类待遇',
  '申请人提交的证明材料与共享数据不一致',
  '不符合法定条件',
];

export const WITHDRAWAL_REASONS = ['申请人自愿撤回', '已通过其他渠道办理', '信息填写有误，重新申报'];

export const SUPPLEMENT_REASONS = ['材料不清晰，请重新上传', '材料缺少签名或盖章', '材料已过有效期', '材料信息与申请表不一致'];

export const SUSPENSION_BASIS: Readonly<Record<SuspensionReason, string>> = {
  hearing: '《中华人民共和国行政许可法》第四十五条（听证）',
  test: '《中华人民共和国行政许可法》第四十五条（考试、检测）',
  appraisal: '《工伤保险条例》第二十五条（劳动能力鉴定）',
  'expert-review': '《中华人民共和国行政许可法》第四十五条（专家评审）',
  'awaiting-judicial': '《工伤保险条例》第二十条（等待司法机关结论）',
  'applicant-supplement': '《中华人民共和国行政许可法》第四十五条（申请人补正期间）',
};

/** Working days a suspension of each kind lasts, at least and at most. */
export const SUSPENSION_DAYS: Readonly<Record<SuspensionReason, readonly [number, number]>> = {
  hearing: [5, 15],
  test: [5, 12],
  appraisal: [15, 35],
  'expert-review': [10, 25],
  'awaiting-judicial': [15, 40],
  'applicant-supplement': [2, 10],
};

export const EXTENSION_REASONS = ['案情复杂，需进一步调查核实', '需征求相关部门意见', '涉及多个用人单位，需逐一核查'];

const digits = (rng: Rng, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
};

/** Free express (免费快递) goes by 中国邮政 EMS, the government courier, or 顺丰 under the bureau's contract. */
export function waybill(rng: Rng): { carrier: string; waybillNo: string } {
  return rng.chance(0.75) ? { carrier: 'EMS', waybillNo: `1${digits(rng, 12)}` } : { carrier: 'SF', waybillNo: `SF${digits(rng, 13)}` };
}

/** A certificate for licences and cards, an e-licence when the result goes out electronically, a document otherwise. */
export function resultDocument(item: ServiceItem, delivery: Delivery, applicationId: string, on: string): ResultDocument {
  const documentType = delivery.mode === 'electronic' ? 'e-licence' : item.itemType === '01' || item.code.startsWith('KA-') ? 'certificate' : 'document';
  return { documentType, documentNo: `${item.code}-${on.replaceAll('-', '')}-${applicationId.slice(0, 8)}` };
}

export const RATING_INDICATORS = ['服务效率', '服务态度', '办事便捷'] as const;
export const GOOD_TAGS = ['一次办好', '不见面办理', '材料简便', '办理快', '指引清晰'];
export const BAD_TAGS = ['办理超时', '材料繁琐', '多次跑动', '告知不清', '态度不好'];
export const BAD_COMMENTS = ['办理时间太长，希望提速', '材料要求没有一次讲清楚', '来回跑了好几趟', '电话一直打不通'];

export const CALLBACK_NOTES = ['已电话回访申请人，了解不满意原因', '已回访并向申请人致歉，说明办理进度'];
export const RECTIFIED_NOTES = ['已优化材料清单并对窗口人员开展培训', '已压缩审核环节，办理时限缩短'];
export const EXPLAINED_NOTES = ['经核查办件符合规定时限，已向申请人解释说明', '申请人对政策理解有误，已解释说明并获认可'];
export const APPEAL_REASON = '评价内容与办件事实不符，申请复核';
