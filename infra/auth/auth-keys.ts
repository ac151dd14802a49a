import { createPublicKey } from 'node:crypto';
import { importPKCS8, importSPKI } from 'jose';
import type { CryptoKey } from 'jose';
import type { Role } from './principal.js';

export type JwtAlgorithm = 'HS256' | 'ES256';

/** Key material for signing and verifying bearer tokens. `signKey` is absent on a verify-only instance. */
export interface AuthKeys {
  alg: JwtAlgorithm;
  issuer: string;
  audience: string;
  /** The longest a token of each role may live (exp − iat, seconds); DEFAULT_MAX_LIFETIME_SECONDS otherwise. */
  maxLifetimeSeconds?: Partial<Record<Role, number>>;
  verifyKey: CryptoKey | Uint8Array;
  signKey: CryptoKey | Uint8Array | undefined;
}

export interface KeyScope {
  issuer: string;
  audience: string;
  maxLifetimeSeconds?: Partial<Record<Role, number>>;
}

export function hs256Keys(secret: string, scope: KeyScope): AuthKeys {
  const key = new TextEncoder().encode(secret);
  return { alg: 'HS256', ...scope, verifyKey: key, signKey: key };
}

/** An ES256 pair from PEM; with only the private key, the public one is derived from it. */
export async function es256Keys(pem: { privateKeyPem?: string; publicKeyPem?: string }, scope: KeyScope): Promise<AuthKeys> {
  const publicPem =
    pem.publicKeyPem ??
    (pem.privateKeyPem ? createPublicKey(pem.privateKeyPem).export({ type: 'spki', format: 'pem' }).toString() : undefined);
  if (!publicPem) throw new Error('ES256 needs JWT_PUBLIC_KEY or JWT_PRIVATE_KEY');
  return {
    alg: 'ES256',
    ...scope,
    verifyKey: await importSPKI(publicPem, 'ES256'),
    signKey: pem.privateKeyPem ? await importPKCS8(pem.privateKeyPem, 'ES256') : undefined,
  };
}
