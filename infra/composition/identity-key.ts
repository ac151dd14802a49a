import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logging/logger.js';
import { DEVELOPMENT_IDENTITY_KEY } from '../application/open-projection-env.js';

export class MissingIdentityKeyError extends Error {
  constructor() {
    super('NODE_ENV=production needs IDENTITY_HASH_KEY (16+ characters) to hash identity numbers in the read models; refusing to start');
    this.name = 'MissingIdentityKeyError';
  }
}

/**
 * The key identity numbers are hashed with in the read models. Outside production the development key
 * that `rebuild`, `report` and `seed` also fall back to, so their read models and the API's agree.
 */
export function identityHashKey(config: Pick<AppConfig, 'identityHashKey' | 'production'>, logger: Logger): string {
  if (config.identityHashKey) return config.identityHashKey;
  if (config.production) throw new MissingIdentityKeyError();
  logger.warn('IDENTITY_HASH_KEY is not set: read models hash identity numbers with the development key; set it for real use');
  return DEVELOPMENT_IDENTITY_KEY;
}
