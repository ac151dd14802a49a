import { reactive } from 'vue';
import type { Principal } from './types';

// The signed-in user: the bearer token and who it speaks for, kept for the browser tab (sessionStorage), so
// closing the tab signs out. The token is verified by the API on every request; the console only reads its
// payload to know which page to show.

const KEY = 'hrss-console-session';

export interface Session {
  token: string | null;
  principal: Principal | null;
  expiresAt: string | null;
  development: boolean;
}

function restore(): Session {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    if (saved?.token && saved.expiresAt && Date.parse(saved.expiresAt) > Date.now()) return saved;
  } catch {
    // A damaged entry is a signed-out tab.
  }
  return { token: null, principal: null, expiresAt: null, development: false };
}

export const session = reactive<Session>(restore());

export function signIn(token: string, principal: Principal, expiresAt: string, development: boolean): void {
  Object.assign(session, { token, principal, expiresAt, development });
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function signOut(): void {
  Object.assign(session, { token: null, principal: null, expiresAt: null, development: false });
  sessionStorage.removeItem(KEY);
}

/** A token from the bureau's identity provider: its payload (role, sub, department, hall, exp) as the API reads it. */
export function principalOfToken(token: string): { principal: Principal; expiresAt: string } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Partial<Principal> & { exp?: number };
    if (!claims.role || !claims.sub || typeof claims.exp !== 'number') return null;
    const principal: Principal = { role: claims.role, sub: claims.sub };
    if (claims.department) principal.department = claims.department;
    if (claims.hall) principal.hall = claims.hall;
    return { principal, expiresAt: new Date(claims.exp * 1000).toISOString() };
  } catch {
    return null;
  }
}
