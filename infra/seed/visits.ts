import { ONLINE_CHANNELS } from '../../events/index.js';
import { asClerk } from './actors.js';
import type { Moment } from './agenda.js';
import type { ApplicationCase, Step } from './cases.js';
import type { Rng } from './rng.js';
import type { SimClock } from './sim-clock.js';
import { RATES } from './traffic-rates.js';

/**
 * Hall visits the clerk records beside the case's course (DESIGN.md §6 counts them with the implicit ones:
 * a window submission, paper brought to a window, a pickup). Items that need the applicant on site
 * (到办事现场次数 > 0: a hearing, an exam, reading an archive) bring an online applicant in once; some
 * online applicants bring the paper originals in rather than post them; a few come to ask.
 */
export function planVisits(kase: ApplicationCase, now: Moment, clock: SimClock, rng: Rng): Step[] {
  const visits: Step[] = [];
  const online = ONLINE_CHANNELS.includes(kase.channel);
  const today = clock.dateOf(now.day);
  const visit = (purpose: 'paper-materials' | 'consult' | 'other', days: number): void => {
    const at = days === 0 ? clock.laterThan(now, rng, 240) : clock.workdayAfter(today, days, rng);
    if (at) visits.push({ at, aggregate: 'application', command: { type: 'recordVisit', hall: kase.hall, purpose }, by: asClerk(kase.clerk) });
  };
  // 即时制卡 is collected at the hall: its pickup dispatch counts that visit.
  if (kase.item.onSiteVisits > 0 && kase.channel !== 'window' && kase.item.code !== 'KA-002') visit('other', rng.int(1, 5));
  if (online && kase.state.materials.some((m) => m.source === 'paper') && rng.chance(RATES.paperVisit)) visit('paper-materials', rng.int(0, 2));
  if (rng.chance(RATES.consultVisit)) visit('consult', rng.int(0, 3));
  return visits;
}
