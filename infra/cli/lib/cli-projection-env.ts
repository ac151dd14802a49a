import { calendarOverrides } from '../../application/calendar-files.js';
import { calendarInLog } from '../../application/calendar-keeper.js';
import { sharedReadModels } from '../../read-models/open-read-models.js';
import { openEventStore } from '../../store/open-event-store.js';
import { threadHelper } from '../../composition/projection-helper-thread.js';
import type { AppConfig } from '../../config/app-config.js';
import { DEVELOPMENT_IDENTITY_KEY, openProjectionEnv } from '../../application/open-projection-env.js';
import type { ProjectionEnv } from '../../application/open-projection-env.js';
import type { CliIo } from './cli-command.js';

export class CliRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliRefusedError';
  }
}

/**
 * The projection runner and read models of the configured data directory, opened the way `serve` opens
 * them: the same store, the same identity-number hash key and the same calendar overrides, so what
 * `rebuild` and `report` write agrees with what the API reads.
 */
export async function openCliProjectionEnv(config: AppConfig, io: CliIo, options: { batchSize?: number; threads?: number } = {}): Promise<ProjectionEnv> {
  if (!config.identityHashKey && config.production) {
    throw new CliRefusedError('NODE_ENV=production needs IDENTITY_HASH_KEY (the key serve uses) to hash identity numbers in the read models');
  }
  if (!config.identityHashKey) io.stderr.write('warning: IDENTITY_HASH_KEY is not set; read models hash identity numbers with the development key\n');
  const identityKey = config.identityHashKey ?? DEVELOPMENT_IDENTITY_KEY;
  // The calendar serve counts on: the data directory's files and every notice imported into the log.
  const peek = openEventStore(config.store);
  const calendar = await calendarInLog(peek, calendarOverrides(config.dataDir)).finally(() => peek.close());
  // A second thread takes part of a long replay: faster, at the cost of a second heap (README, figures).
  // Not with the read models on PostgreSQL: their synchronous client does not start inside the helper's thread.
  const threads = options.threads ?? 1;
  if (threads > 1 && sharedReadModels(config.store)) io.stderr.write('note: --threads applies to read models in SQLite; with READ_MODELS=postgres the replay runs on one thread\n');
  const helper =
    threads > 1 && !sharedReadModels(config.store)
      ? threadHelper({
          eventsPath: config.store.eventsPath,
          readModelsPath: config.store.readModelsPath,
          store: config.store,
          identityKey,
          calendarDir: config.dataDir,
          calendarVersion: calendar.version,
        })
      : undefined;
  return openProjectionEnv({
    store: config.store,
    identityKey,
    calendar,
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(helper ? { helper } : {}),
  });
}
