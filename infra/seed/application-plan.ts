import { ONLINE_CHANNELS } from '../../events/index.js';
import type { Channel, SuspensionReason } from '../../events/index.js';
import type { ServiceItem } from '../../services/catalog/item-schema.js';
import type { ApplicationPlan } from './cases.js';
import type { Rng } from './rng.js';
import { RATES } from './traffic-rates.js';

/**
 * Items whose law provides a clock suspension, and the kind: 劳动能力鉴定 waits for the appraisal, 职称评审
 * for the expert panel, 工伤认定 for a judicial finding or an investigation, arbitration for the hearing,
 * licences for an on-site inspection or hearing.
 */
const SUSPENSIONS: Readonly<Record<string, SuspensionReason>> = {
  'SB-023': 'appraisal',
  'SB-022': 'awaiting-judicial',
  'RC-001': 'expert-review',
  'RC-009': 'expert-review',
  'RC-010': 'expert-review',
  'LD-006': 'hearing',
  'ZN-001': 'test',
  'ZN-004': 'test',
};

export function suspensionReasonOf(item: ServiceItem): SuspensionReason | null {
  return SUSPENSIONS[item.code] ?? (item.itemType === '01' ? 'hearing' : null);
}

/** The share of staff decisions that deny, by the kind of item. */
function denialRate(item: ServiceItem): number {
  switch (item.itemType) {
    case '01':
      return RATES.denied.licence;
    case '05':
      return RATES.denied.benefit;
    case '07':
      return RATES.denied.confirmation;
    default:
      return RATES.denied.other;
  }
}

const hasNonELicence = (item: ServiceItem): boolean => item.materials.some((m) => m.source !== 'e-licence');

/** Draws the course of one application. Bundle members are never withdrawn on their own: the applicant withdraws the bundle's one form or nothing. */
export function drawPlan(item: ServiceItem, channel: Channel, rng: Rng, options: { member: boolean }): ApplicationPlan {
  const immediate = item.committedLimit.value === 0;
  const online = ONLINE_CHANNELS.includes(channel);
  const supplement = hasNonELicence(item) && rng.chance(immediate ? RATES.supplement / 3 : RATES.supplement);
  const refuse = !supplement && rng.chance(RATES.intakeRefused);
  const withdrawDraw = rng.next();
  const withdraw =
    options.member || refuse
      ? 'no'
      : withdrawDraw < RATES.withdrawBeforeAcceptance
        ? 'before-acceptance'
        : !immediate && withdrawDraw < RATES.withdrawBeforeAcceptance + RATES.withdrawWhileProcessing
          ? 'while-processing'
          : 'no';
  const provided = suspensionReasonOf(item);
  const suspension = immediate
    ? null
    : provided && rng.chance(RATES.suspension.provided)
      ? provided
      : rng.chance(RATES.suspension.otherwise)
        ? 'applicant-supplement'
        : null;
  return {
    preReview: online && !immediate && rng.chance(RATES.preReview),
    supplement,
    supplementAbandoned: supplement && rng.chance(RATES.supplementAbandoned),
    refuse,
    deemedAcceptance: !immediate && rng.chance(RATES.deemedAcceptance),
    withdraw,
    deny: rng.chance(denialRate(item)),
    onTheSpotNextDay: rng.chance(RATES.onTheSpotNextDay),
    suspension,
    extension: item.extensionDays > 0 && rng.chance(RATES.extension),
    late: rng.chance(RATES.late),
    collect: !rng.chance(RATES.uncollected),
    rate: rng.chance(RATES.rated),
    runDays: null,
    suspendAfter: null,
    decideOn: null,
    done: new Set(),
  };
}
