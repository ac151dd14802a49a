import { SignJWT } from 'jose';
import type { Principal } from '../infra/auth/principal.js';
import { loadConfig } from '../infra/config/load-config.js';
import { TORTURE_SECRET } from './served-api.js';

const YEAR = 365 * 24 * 3600;

/** Authorization headers that must each be refused with 401, by what is wrong with them. */
export async function badTokens(env: NodeJS.ProcessEnv, who: Principal): Promise<Record<string, string>> {
  const { jwt } = loadConfig(env);
  const key = new TextEncoder().encode(TORTURE_SECRET);
  const now = Math.floor(Date.now() / 1000);
  const { sub, ...claims } = who;
  const sign = (options: { iat?: number | null; exp: number; iss?: string; aud?: string; secret?: Uint8Array; extra?: Record<string, unknown> }): Promise<string> => {
    const jwtBuilder = new SignJWT({ ...claims, ...options.extra })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(options.iss ?? jwt.issuer)
      .setAudience(options.aud ?? jwt.audience)
      .setExpirationTime(options.exp);
    if (options.iat !== null) jwtBuilder.setIssuedAt(options.iat ?? now);
    return jwtBuilder.sign(options.secret ?? key);
  };
  const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const bearer = (token: string): string => `Bearer ${token}`;
  return {
    'forged signature': bearer(await sign({ exp: now + 3600, secret: new TextEncoder().encode('another-secret-of-at-least-32-characters!') })),
    expired: bearer(await sign({ iat: now - 7200, exp: now - 3600 })),
    'issued a year ahead': bearer(await sign({ iat: now + YEAR, exp: now + YEAR + 3600 })),
    'without iat': bearer(await sign({ iat: null, exp: now + 3600 })),
    'a hundred years long': bearer(await sign({ exp: now + 100 * YEAR })),
    'wrong issuer': bearer(await sign({ exp: now + 3600, iss: 'someone-else' })),
    'wrong audience': bearer(await sign({ exp: now + 3600, aud: 'another-service' })),
    'unknown role': bearer(await sign({ exp: now + 3600, extra: { role: 'root' } })),
    'alg none': bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, sub, iss: jwt.issuer, aud: jwt.audience, iat: now, exp: now + 3600 })}.`),
    garbage: 'Bearer not.a.token',
    'basic auth': 'Basic dXNlcjpwYXNz',
    'empty bearer': 'Bearer ',
  };
}
