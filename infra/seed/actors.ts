import type { Actor, Applicant, Channel } from '../../events/index.js';
import type { Rng } from './rng.js';

/**
 * Who acts in the simulated year, as the HTTP API lets them: clerks work for a department at one of the
 * city's halls and act through their workstation (channel `window`, as infra/http/routes/clerk-routes.ts
 * records it); applicants act through the channel they use, a hall window included. Only the process
 * managers act as `system` (infra/seed/process-mirrors.ts).
 */
export const HALLS = ['FS-SZWFW', 'FS-CC', 'FS-NH', 'FS-SD', 'FS-GM', 'FS-SS'] as const;
export type Hall = (typeof HALLS)[number];

/** 佛山市民政务服务中心 and the five district halls; most cases of a city bureau go through the city centre. */
const HALL_WEIGHTS = [0.4, 0.12, 0.18, 0.16, 0.07, 0.07];

export function pickHall(rng: Rng): Hall {
  let x = rng.next();
  for (let i = 0; i < HALLS.length; i++) {
    x -= HALL_WEIGHTS[i]!;
    if (x < 0) return HALLS[i]!;
  }
  return HALLS[0];
}

const CLERKS_PER_DEPARTMENT = 8;

export interface Acting {
  actor: Actor;
  channel: Channel;
}

/** One of the department's clerks, e.g. `clerk-FSRS-SBJ-03`. */
export function clerkOf(department: string, rng: Rng): Actor {
  return { role: 'clerk', id: `clerk-${department}-${String(rng.int(1, CLERKS_PER_DEPARTMENT)).padStart(2, '0')}` };
}

export const asClerk = (clerk: Actor): Acting => ({ actor: clerk, channel: 'window' });

export function asApplicant(applicant: Applicant, channel: Channel): Acting {
  return { actor: { role: 'applicant', id: applicant.id }, channel };
}

export const SUPERVISOR: Acting = { actor: { role: 'supervisor', id: 'supervisor-duban-01' }, channel: 'window' };
