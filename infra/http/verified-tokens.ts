import type { Principal } from '../auth/principal.js';

/**
 * What one cached token costs on the heap beside the token string itself: the map slot, the entry, the
 * frozen principal and its subject string. `npm run bench:token-cache` (bench/token-cache-memory.ts) measured
 * 261 (heap used with the cache full minus empty, an entry, minus the mean token length); counted at 300 so the
 * heap stays under the bound.
 */
export const ENTRY_OVERHEAD_BYTES = 300;

/**
 * The default memory bound of the cache (TOKEN_CACHE_MB): about 58,000 live sessions of 270-character tokens
 * (measured 534 bytes of heap an entry, counted at 573), nearly three times the 20,000 of the bench's day.
 */
export const DEFAULT_TOKEN_CACHE_MB = 32;

export interface VerifiedTokensOptions {
  /** The signature and claims check (infra/auth/tokens.ts verifyTokenExpiry with the configured keys). */
  verify(token: string): Promise<{ principal: Principal; exp: number }>;
  /**
   * The heap the cache may hold, in bytes (each entry costs `ENTRY_OVERHEAD_BYTES` plus its token's length):
   * the least recently used token goes first. Sized for the live sessions: one entry per signed-in client.
   */
  maxBytes: number;
  /** Milliseconds since the epoch; tests pass a clock they set. */
  now?: () => number;
}

export interface VerifiedTokens {
  /**
   * The principal of a valid token: at once (no promise) when the token is cached, so the usual request,
   * a client sending the token it sent before, awaits nothing.
   */
  principalOf(token: string): Principal | Promise<Principal>;
  readonly size: number;
  /** The bytes the entries are counted at (≤ maxBytes). */
  readonly bytes: number;
}

interface Entry {
  principal: Principal;
  /** Epoch ms from which the token is no longer served from here (its exp). */
  expiresAt: number;
}

const costOf = (token: string): number => ENTRY_OVERHEAD_BYTES + token.length;

/**
 * Verified bearer tokens, so a client sending the same token on every request of its session pays for the
 * signature check (an HMAC or ECDSA verification in jose, a thread-pool round trip) once. Keyed by the whole
 * token string: the same string is the same signed claims, and the keys are fixed for the life of the
 * process. An entry is never served at or after the token's exp (without the verifier's clock tolerance, so
 * never later than it would be accepted); tokens that fail verification are not kept, so they are checked,
 * and refused, every time. Bounded by memory: the least recently used entries go first, and expired ones
 * go when met.
 */
export function verifiedTokens(options: VerifiedTokensOptions): VerifiedTokens {
  const { maxBytes } = options;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const forget = (token: string): void => {
    if (entries.delete(token)) bytes -= costOf(token);
  };
  const verified = async (token: string): Promise<Principal> => {
    const { principal, exp } = await options.verify(token);
    const frozen = Object.freeze(principal);
    const cost = costOf(token);
    if (cost <= maxBytes) {
      forget(token); // verified twice at once: counted once
      while (bytes + cost > maxBytes) forget(entries.keys().next().value!);
      entries.set(token, { principal: frozen, expiresAt: exp * 1000 });
      bytes += cost;
    }
    return frozen;
  };
  return {
    principalOf(token) {
      const hit = entries.get(token);
      if (hit) {
        if (now() < hit.expiresAt) {
          // Most recently used last: re-inserted at the end of the map's order.
          entries.delete(token);
          entries.set(token, hit);
          return hit.principal;
        }
        forget(token);
      }
      return verified(token);
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
