import type { Principal } from '../auth/principal.js';

export interface VerifiedTokensOptions {
  /** The signature and claims check (infra/auth/tokens.ts verifyTokenExpiry with the configured keys). */
  verify(token: string): Promise<{ principal: Principal; exp: number }>;
  /** Tokens kept; the least recently used one goes first. */
  max: number;
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
}

interface Entry {
  principal: Principal;
  /** Epoch ms from which the token is no longer served from here (its exp). */
  expiresAt: number;
}

/**
 * Verified bearer tokens, so a client sending the same token on every request pays for the signature check
 * (a key import and an HMAC or ECDSA verification in jose) once. Keyed by the whole token string: the
 * same string is the same signed claims, and the keys are fixed for the life of the process. An entry is
 * dropped at the token's exp (without the verifier's clock tolerance, so never later than it would be
 * accepted); tokens that fail verification are not kept, so they are checked, and refused, every time.
 */
export function verifiedTokens(options: VerifiedTokensOptions): VerifiedTokens {
  const { max } = options;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const verified = async (token: string): Promise<Principal> => {
    const { principal, exp } = await options.verify(token);
    const frozen = Object.freeze(principal);
    if (max > 0) {
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(token, { principal: frozen, expiresAt: exp * 1000 });
    }
    return frozen;
  };
  return {
    principalOf(token) {
      const hit = entries.get(token);
      if (hit) {
        entries.delete(token);
        if (now() < hit.expiresAt) {
          entries.set(token, hit);
          return hit.principal;
        }
      }
      return verified(token);
    },
    get size() {
      return entries.size;
    },
  };
}
