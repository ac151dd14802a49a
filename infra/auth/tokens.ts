import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { Principal } from './principal.js';
import type { Role } from './principal.js';
import type { AuthKeys } from './auth-keys.js';

/** A token that is missing, malformed, expired, wrongly signed or carries no valid principal. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

/** A duration jose understands, e.g. "90s", "15m", "8h", "7d". */
/** How far the issuer's clock and ours may disagree. */
export const CLOCK_SKEW_SECONDS = 60;

/**
 * The longest a token may live, by role: a clerk's or supervisor's a working day with overtime, an admin's
 * as long, an applicant's a day (a 粤省事 session). A stolen token is worth little longer.
 */
export const DEFAULT_MAX_LIFETIME_SECONDS: Record<Role, number> = { applicant: 24 * 3600, clerk: 12 * 3600, supervisor: 12 * 3600, admin: 12 * 3600 };

export const TTL_PATTERN = /^\d+\s*(s|sec|secs|m|min|mins|h|hr|hrs|d|day|days|w|week|weeks)$/;

export async function issueToken(keys: AuthKeys, principal: Principal, options: { ttl?: string } = {}): Promise<string> {
  if (!keys.signKey) throw new Error('these keys can verify tokens but not sign them (no private key)');
  const ttl = options.ttl ?? '8h';
  if (!TTL_PATTERN.test(ttl)) throw new Error(`invalid ttl "${ttl}": use e.g. 30m, 8h, 7d`);
  const { sub, ...claims } = Principal.parse(principal);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: keys.alg, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(keys.issuer)
    .setAudience(keys.audience)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(keys.signKey);
}

export async function verifyToken(keys: AuthKeys, token: string): Promise<Principal> {
  return (await verifyTokenExpiry(keys, token)).principal;
}

/** verifyToken, with the token's exp (epoch seconds; required, so always there). */
export async function verifyTokenExpiry(keys: AuthKeys, token: string): Promise<{ principal: Principal; exp: number }> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, keys.verifyKey, {
      algorithms: [keys.alg],
      issuer: keys.issuer,
      audience: keys.audience,
      clockTolerance: CLOCK_SKEW_SECONDS,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('the token has expired');
    if (error instanceof joseErrors.JOSEError) throw new InvalidTokenError('the token is not valid');
    throw error;
  }
  const parsed = Principal.safeParse(payload);
  if (!parsed.success) throw new InvalidTokenError('the token carries no valid role and scope');
  // jwtVerify required exp and iat and checked they are numbers.
  const exp = payload.exp as number;
  const iat = payload.iat as number;
  if (iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) throw new InvalidTokenError('the token is issued in the future');
  const role = parsed.data.role;
  const max = keys.maxLifetimeSeconds?.[role] ?? DEFAULT_MAX_LIFETIME_SECONDS[role];
  if (exp - iat > max) throw new InvalidTokenError(`the token lives longer than a ${role} token may (${max / 3600} h)`);
  return { principal: parsed.data, exp };
}
