import { z } from 'zod';
import type { Actor } from '../../events/index.js';

/** The people a token can speak for (DESIGN.md §7). `system` and `rule-engine` act without tokens. */
export const Role = z.enum(['applicant', 'clerk', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

const subject = z.string().min(1).max(128);

/**
 * Who is calling, with their scope: an applicant is their applicant id (sub); a clerk works in one
 * department (实施主体), at one hall (窗口) or, without a hall, in its back office (后台); a supervisor reads
 * metrics and reports; an admin keeps the catalog.
 */
export const Principal = z.discriminatedUnion('role', [
  z.object({ role: z.literal('applicant'), sub: subject }),
  z.object({ role: z.literal('clerk'), sub: subject, department: z.string().min(1), hall: z.string().min(1).optional() }),
  z.object({ role: z.literal('supervisor'), sub: subject }),
  z.object({ role: z.literal('admin'), sub: subject }),
]);
export type Principal = z.infer<typeof Principal>;

export type PrincipalOf<R extends Role> = Extract<Principal, { role: R }>;

/** The actor an event records for a command this principal sends. */
export function actorOf(principal: Principal): Actor {
  return { role: principal.role, id: principal.sub };
}
