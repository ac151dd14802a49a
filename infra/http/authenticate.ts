import type { Request, RequestHandler } from 'express';
import type { AuthKeys } from '../auth/auth-keys.js';
import type { Principal, Role } from '../auth/principal.js';
import { verifyTokenExpiry } from '../auth/tokens.js';
import { forbidden, unauthorized } from './http-error.js';
import { verifiedTokens } from './verified-tokens.js';
import type { VerifiedTokens } from './verified-tokens.js';

const caches = new WeakMap<AuthKeys, VerifiedTokens>();

/**
 * An HS256 secret given as bytes is imported as a WebCrypto key once: handed bytes, jose imports them again
 * on every verification. The keys come back as they are once imported, so a verification awaits jose alone.
 */
function importedOnce(keys: AuthKeys): () => AuthKeys | Promise<AuthKeys> {
  const { verifyKey } = keys;
  if (keys.alg !== 'HS256' || !(verifyKey instanceof Uint8Array)) return () => keys;
  let ready: AuthKeys | undefined;
  let importing: Promise<AuthKeys> | undefined;
  return () =>
    ready ??
    (importing ??= crypto.subtle
      .importKey('raw', new Uint8Array(verifyKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
      .then((key) => (ready = { ...keys, verifyKey: key })));
}

/** Verified tokens kept per key set, within the configured memory (TOKEN_CACHE_MB): one entry a live session. */
function tokensVerifiedWith(keys: AuthKeys, maxBytes: number): VerifiedTokens {
  let cache = caches.get(keys);
  if (!cache) {
    const prepared = importedOnce(keys);
    const verify = (token: string) => {
      const now = prepared();
      return now instanceof Promise ? now.then((k) => verifyTokenExpiry(k, token)) : verifyTokenExpiry(now, token);
    };
    cache = verifiedTokens({ verify, maxBytes });
    caches.set(keys, cache);
  }
  return cache;
}

const principals = new WeakMap<Request, Principal>();

/** The verified caller of this request, if `authenticate` ran and passed. */
export function principalOf(req: Request): Principal | undefined {
  return principals.get(req);
}

/** Requires a valid bearer token and keeps its principal for the request; 401 otherwise. */
export function authenticate(keys: AuthKeys, cacheBytes: number): RequestHandler {
  const tokens = tokensVerifiedWith(keys, cacheBytes);
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (!header) throw unauthorized('This route needs a bearer token.');
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header);
    if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <token>".', 'invalid_token');
    const principal = tokens.principalOf(match[1]);
    // A cached token answers at once: the request goes on in this tick, with no promise to settle.
    principals.set(req, principal instanceof Promise ? await principal : principal);
    next();
  };
}

/** 403 unless the authenticated caller has one of the roles (401 when nobody is authenticated). */
export function requireRole(...roles: readonly Role[]): RequestHandler {
  return (req, _res, next) => {
    const principal = principalOf(req);
    if (!principal) throw unauthorized('This route needs a bearer token.');
    if (!roles.includes(principal.role)) throw forbidden(`This route is for: ${roles.join(', ')}.`);
    next();
  };
}
