import type { SuspensionReason } from '../../events/index.js';
import type { ApplicationState, TimelineStep } from './status-row.js';

/** Plain words for the applicant, in Chinese and English. */
export interface Words {
  zh: string;
  en: string;
}

export const STATE_WORDS: Readonly<Record<ApplicationState, Words>> = {
  submitted: { zh: '已提交，等待受理', en: 'Submitted, awaiting acceptance' },
  'awaiting-supplement': { zh: '待补正材料', en: 'Waiting for your supplementary materials' },
  accepted: { zh: '已受理，正在办理', en: 'Accepted and being processed' },
  suspended: { zh: '办理中止计时', en: 'Processing paused (the clock is stopped)' },
  decided: { zh: '已作出决定', en: 'Decision made' },
  'result-issued': { zh: '办理结果已出具', en: 'Result issued' },
  'result-dispatched': { zh: '办理结果已送出', en: 'Result sent' },
  'result-received': { zh: '办理结果已送达', en: 'Result received' },
  refused: { zh: '不予受理', en: 'Application not accepted' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const STEP_WORDS: Readonly<Record<TimelineStep, Words>> = {
  submitted: { zh: '提交申请', en: 'Application submitted' },
  'pre-reviewed': { zh: '网上预审', en: 'Online pre-review' },
  'supplement-requested': { zh: '一次性告知补正材料', en: 'Supplementary materials requested (all at once)' },
  'supplement-received': { zh: '收到补正材料', en: 'Supplementary materials received' },
  accepted: { zh: '受理', en: 'Accepted' },
  'deemed-accepted': { zh: '视为受理', en: 'Deemed accepted' },
  'intake-refused': { zh: '不予受理', en: 'Not accepted' },
  'clock-suspended': { zh: '中止计时', en: 'Clock stopped' },
  'clock-resumed': { zh: '恢复计时', en: 'Clock restarted' },
  'extension-granted': { zh: '延长办理期限', en: 'Time limit extended' },
  'instant-approval-declined': { zh: '秒批条件不符，转人工办理', en: 'Instant approval not possible, passed to a clerk' },
  approved: { zh: '准予办理', en: 'Approved' },
  denied: { zh: '不予办理', en: 'Denied' },
  'result-issued': { zh: '出具办理结果', en: 'Result issued' },
  'result-dispatched': { zh: '送出办理结果', en: 'Result sent' },
  'result-received': { zh: '办理结果送达', en: 'Result received' },
  visit: { zh: '到办事现场', en: 'Visit to a service hall' },
  withdrawn: { zh: '撤回申请', en: 'Withdrawn' },
  closed: { zh: '办结', en: 'Closed' },
  rated: { zh: '评价（好差评）', en: 'Rated' },
  'deadline-recomputed': { zh: '节假日调整，期限重算', en: 'Deadline recomputed after a holiday change' },
};

export const SUSPENSION_WORDS: Readonly<Record<SuspensionReason, Words>> = {
  hearing: { zh: '听证', en: 'hearing' },
  test: { zh: '检验检测', en: 'testing' },
  appraisal: { zh: '鉴定', en: 'appraisal' },
  'expert-review': { zh: '专家评审', en: 'expert review' },
  'awaiting-judicial': { zh: '等待司法或行政结论', en: 'awaiting a judicial or administrative finding' },
  'applicant-supplement': { zh: '申请人补正材料', en: 'your supplementary materials' },
};
