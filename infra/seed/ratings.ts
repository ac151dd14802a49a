import type { ApplicationState, RateApplication } from '../../services/application/index.js';
import { BAD_COMMENTS, BAD_TAGS, GOOD_TAGS, RATING_INDICATORS } from './course-texts.js';
import type { Rng } from './rng.js';
import { RATING_LEVELS } from './traffic-rates.js';

/** A case the applicant has reason to be unhappy with: denied, refused, or decided after the committed deadline. */
export function wentBadly(s: ApplicationState): boolean {
  if (s.closure?.outcome === 'denied' || s.closure?.outcome === 'refused') return true;
  const deadline = s.deadlines?.committedDeadline;
  return s.decision !== null && deadline !== undefined && s.decision.decidedOn > deadline;
}

function level(rng: Rng, table: readonly number[]): number {
  let x = rng.next();
  for (let i = 0; i < table.length; i++) {
    x -= table[i]!;
    if (x < 0) return 5 - i;
  }
  return 5;
}

/** 好差评: mostly 5 stars; 1–2 stars (which open a review ticket) far more often when the case went badly. */
export function rateCommand(s: ApplicationState, rng: Rng): RateApplication {
  const stars = level(rng, wentBadly(s) ? RATING_LEVELS.bad : RATING_LEVELS.good);
  const indicators: Record<string, number> = {};
  for (const name of RATING_INDICATORS) indicators[name] = Math.max(1, Math.min(5, stars + (rng.chance(0.15) ? rng.pick([-1, 1]) : 0)));
  const tags = stars >= 4 ? [rng.pick(GOOD_TAGS)] : stars <= 2 ? [rng.pick(BAD_TAGS)] : [];
  return { type: 'rateApplication', level: stars, indicators, tags, ...(stars <= 2 ? { comment: rng.pick(BAD_COMMENTS) } : {}) };
}
