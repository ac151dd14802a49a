import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { es256Keys, hs256Keys } from './auth-keys.js';
import type { AuthKeys } from './auth-keys.js';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logging/logger.js';

export const DEV_SECRET_FILE = 'jwt-dev-secret';

export class MissingKeysError extends Error {
  constructor() {
    super('NODE_ENV=production needs JWT_SECRET (HS256) or JWT_PRIVATE_KEY/JWT_PUBLIC_KEY (ES256); refusing to start');
    this.name = 'MissingKeysError';
  }
}

/**
 * The keys from configuration. Outside production, with none configured, a random HS256 secret is made
 * once and kept under DATA_DIR so tokens issued by the CLI stay valid across restarts.
 */
export async function resolveAuthKeys(config: Pick<AppConfig, 'jwt' | 'production' | 'dataDir'>, logger: Logger): Promise<AuthKeys> {
  const { jwt } = config;
  const scope = { issuer: jwt.issuer, audience: jwt.audience, maxLifetimeSeconds: jwt.maxLifetimeSeconds };
  if (jwt.secret) return hs256Keys(jwt.secret, scope);
  if (jwt.privateKeyPem || jwt.publicKeyPem) {
    return es256Keys({ privateKeyPem: jwt.privateKeyPem, publicKeyPem: jwt.publicKeyPem }, scope);
  }
  if (config.production) throw new MissingKeysError();
  const file = path.join(config.dataDir, DEV_SECRET_FILE);
  const { secret, created } = readOrCreateSecret(file);
  logger.warn(
    { file, created },
    'no JWT keys configured: using a development HS256 secret kept under DATA_DIR; set JWT_SECRET or an ES256 key pair for real use',
  );
  return hs256Keys(secret, scope);
}

function readOrCreateSecret(file: string): { secret: string; created: boolean } {
  try {
    return { secret: readFileSync(file, 'utf8').trim(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    // 'wx': if another process made it first, theirs wins and we read it back.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { secret: readFileSync(file, 'utf8').trim(), created: false };
  }
}
