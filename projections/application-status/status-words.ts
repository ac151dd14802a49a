import type { SuspensionReason } from '../../events/index.js';
import type { Resolution, TicketStatus } from '../review-tickets/ticket-row.js';
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
  'review-opened': { zh: '差评转办责任单位（差评工单）', en: 'Your rating was passed to the unit responsible (review ticket)' },
  'review-callback': { zh: '责任单位回访', en: 'The unit called you back' },
  'review-resolved': { zh: '差评处理完毕', en: 'The unit answered your rating' },
  'review-void': { zh: '经申诉复核，该评价不予采纳', en: 'On appeal review, the rating was found to have been wrongly filed' },
};

/** Where the review ticket of the applicant's bad rating stands, in their words. */
export const REVIEW_STATUS_WORDS: Readonly<Record<TicketStatus, Words>> = {
  open: { zh: '差评处理中：责任单位将回访并整改或解释说明', en: 'Being followed up: the unit will call you back and put it right or explain' },
  resolved: { zh: '差评已处理', en: 'Answered' },
  void: { zh: '经申诉复核，该评价不予采纳', en: 'On appeal review, the rating was found to have been wrongly filed' },
};

/** 整改 or 解释说明. */
export const RESOLUTION_WORDS: Readonly<Record<Resolution, Words>> = {
  rectified: { zh: '已整改', en: 'Put right (rectified)' },
  explained: { zh: '已解释说明', en: 'Explained' },
};

export const SUSPENSION_WORDS: Readonly<Record<SuspensionReason, Words>> = {
  hearing: { zh: '听证', en: 'hearing' },
  test: { zh: '检验检测', en: 'testing' },
  appraisal: { zh: '鉴定', en: 'appraisal' },
  'expert-review': { zh: '专家评审', en: 'expert review' },
  'awaiting-judicial': { zh: '等待司法或行政结论', en: 'awaiting a judicial or administrative finding' },
  'applicant-supplement': { zh: '申请人补正材料', en: 'your supplementary materials' },
};
