import type { Principal } from '../infra/auth/principal.js';
import type { Targets } from './hostile-requests.js';

/**
 * The authorization matrix: who may call what. An operation's roles are its `x-roles` in the served
 * document; an application's or a bundle's routes are also closed to every applicant but its owner and to
 * clerks of departments with no part in it, who get 404 (the id cannot be probed), never 403.
 */

export interface Caller {
  name: string;
  principal?: Principal;
  /** A raw Authorization header (a forged token) instead of a signed one. */
  authorization?: string;
  /** Not the owner, nor a clerk of the case's department: a case's routes answer 404. */
  outsider: boolean;
}

export interface Operation {
  method: 'GET' | 'POST';
  path: string;
  roles: readonly string[] | null;
}

export interface Expectation {
  /** The caller must be refused (401, 403 or 404). */
  refused: boolean;
  /** Refused for being outside the case (404), not for the role: only a request valid in every other way shows it. */
  scoped: boolean;
  accepts: (status: number) => boolean;
  describe: string;
}

export function authzCallers(t: Targets): Caller[] {
  return [
    { name: 'anonymous', outsider: true },
    { name: 'forged token', authorization: t.badTokens['forged signature'], outsider: true },
    { name: 'the owner (applicant)', principal: t.owner, outsider: false },
    { name: 'another applicant', principal: t.otherApplicant, outsider: true },
    { name: "the case's clerk", principal: t.clerk, outsider: false },
    { name: 'a clerk of another department', principal: t.otherClerk, outsider: true },
    { name: 'supervisor', principal: t.supervisor, outsider: false },
    { name: 'admin', principal: t.admin, outsider: false },
  ];
}

const CASE_ROUTE = /^\/api\/v1\/(applications|bundles)\/\{id\}/;

export function expectedAuthz(op: Operation, caller: Caller): Expectation {
  const is = (status: number, describe: string): Expectation => ({ refused: true, scoped: status === 404, accepts: (s) => s === status, describe });
  if (op.roles === null) {
    // Open to anyone: a token, good or bad, changes nothing.
    return { refused: false, scoped: false, accepts: (s) => s !== 401 && s !== 403, describe: 'neither 401 nor 403 (an open route)' };
  }
  if (!caller.principal) return is(401, '401');
  if (!op.roles.includes(caller.principal.role)) return is(403, '403');
  if (CASE_ROUTE.test(op.path) && caller.outsider) return is(404, '404 (not their case)');
  // Let through: what comes next (validation, If-Match, the rules) may still refuse, but not as authorization.
  const own = CASE_ROUTE.test(op.path);
  return { refused: false, scoped: false, accepts: (s) => s !== 401 && s !== 403 && !(own && s === 404), describe: own ? 'neither 401, 403 nor 404' : 'neither 401 nor 403' };
}
