import { loadCalendar } from '../../composition/calendar-files.js';
import type { AppConfig } from '../../config/app-config.js';
import { DEVELOPMENT_IDENTITY_KEY, openProjectionEnv } from '../../read-models/open-projection-env.js';
import type { ProjectionEnv } from '../../read-models/open-projection-env.js';
import { dataFiles } from '../../config/data-files.js';
import type { CliIo } from './cli-command.js';

export class CliRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliRefusedError';
  }
}

/**
 * The projection runner and read models of the configured data directory, opened the way `serve` opens
 * them: the same files, the same identity-number hash key and the same calendar overrides, so what
 * `rebuild` and `report` write agrees with what the API reads.
 */
export function openCliProjectionEnv(config: AppConfig, io: CliIo, batchSize?: number): ProjectionEnv {
  if (config.store.backend !== 'sqlite') throw new CliRefusedError(`STORE=${config.store.backend}: only the SQLite store is wired so far`);
  if (!config.identityHashKey && config.production) {
    throw new CliRefusedError('NODE_ENV=production needs IDENTITY_HASH_KEY (the key serve uses) to hash identity numbers in the read models');
  }
  if (!config.identityHashKey) io.stderr.write('warning: IDENTITY_HASH_KEY is not set; read models hash identity numbers with the development key\n');
  const files = dataFiles(config.dataDir);
  return openProjectionEnv({
    eventsPath: files.events,
    readModelsPath: files.readModels,
    identityKey: config.identityHashKey ?? DEVELOPMENT_IDENTITY_KEY,
    calendar: loadCalendar(config.dataDir),
    ...(batchSize ? { batchSize } : {}),
  });
}
