import { toDayNumber } from '../../services/calendar/local-date.js';

/**
 * When in the year applications come in. Every profile multiplies a month factor by a weekday factor; the
 * working-day calendar has already removed weekends and public holidays (the holiday gaps), and adjusted
 * working weekend days (调休) are quieter than ordinary ones.
 */
export type SeasonProfile = 'general' | 'hiring' | 'separation' | 'unemployment' | 'graduates' | 'title-review' | 'subsidy';

// Jan … Dec. General traffic dips around the Spring Festival (Jan/Feb) and National Day (Oct) and peaks in
// March, when workers come back and firms hire.
const MONTHS: Record<SeasonProfile, readonly number[]> = {
  general: [1.05, 0.8, 1.2, 1.0, 0.95, 1.0, 1.1, 1.0, 1.0, 0.85, 1.0, 1.05],
  hiring: [0.9, 1.2, 1.6, 1.2, 1.0, 1.0, 1.2, 1.1, 0.95, 0.8, 0.85, 0.8],
  separation: [1.5, 0.9, 1.0, 0.9, 0.9, 1.0, 1.1, 1.0, 0.9, 0.8, 1.0, 1.3],
  unemployment: [1.0, 1.4, 1.5, 1.1, 0.9, 0.9, 1.0, 0.9, 0.9, 0.8, 0.9, 1.0],
  // 高校毕业生: reporting, archives and subsidies follow graduation.
  graduates: [0.5, 0.4, 0.5, 0.5, 0.6, 2.2, 3.0, 2.2, 1.2, 0.7, 0.6, 0.5],
  // 职称评审: the declaration window of the annual round.
  'title-review': [0.1, 0.1, 0.1, 0.1, 0.2, 0.3, 0.5, 1.0, 3.0, 3.0, 2.0, 0.3],
  // 稳岗返还 and similar subsidies are paid out in summer batches.
  subsidy: [0.5, 0.5, 0.7, 0.9, 1.2, 2.0, 2.0, 1.5, 1.0, 0.8, 0.7, 0.6],
};

const PROFILE_OF: Readonly<Record<string, SeasonProfile>> = {
  'JY-001': 'hiring',
  'SB-002': 'hiring',
  'KA-001': 'hiring',
  'JY-016': 'hiring',
  'YJS-01': 'hiring',
  'JY-002': 'separation',
  'SB-006': 'separation',
  'JY-017': 'separation',
  'YJS-02': 'separation',
  'JY-003': 'unemployment',
  'SB-019': 'unemployment',
  'SB-020': 'unemployment',
  'YJS-03': 'unemployment',
  'JY-010': 'graduates',
  'JY-011': 'graduates',
  'JY-015': 'graduates',
  'YJS-05': 'graduates',
  'RC-001': 'title-review',
  'JY-013': 'subsidy',
  'JY-012': 'subsidy',
  'JY-009': 'subsidy',
};

export function seasonOf(code: string): SeasonProfile {
  return PROFILE_OF[code] ?? 'general';
}

// Sunday … Saturday: Mondays are the busiest; a working Saturday or Sunday (调休) is a quiet day.
const WEEKDAYS = [0.8, 1.15, 1.05, 1.0, 1.0, 0.9, 0.8];

/** The relative traffic of each working day for a profile. */
export function dayWeights(workdays: readonly string[], profile: SeasonProfile): number[] {
  const months = MONTHS[profile];
  return workdays.map((date) => {
    const month = Number(date.slice(5, 7)) - 1;
    const weekday = (((toDayNumber(date) + 4) % 7) + 7) % 7;
    return months[month]! * WEEKDAYS[weekday]!;
  });
}
