import { existsSync } from 'node:fs';
import type { AppConfig } from '../../config/app-config.js';
import type { CliIo } from './cli-command.js';

/**
 * For the commands that read a log (verify, export): an embedded store must already be there. Opening a
 * missing one would make an empty store, which checks out; say there is none instead. False when it is missing.
 */
export function storeIsThere(config: AppConfig, io: CliIo): boolean {
  if (config.store.backend !== 'sqlite' || existsSync(config.store.eventsPath)) return true;
  io.stderr.write(`no event store at ${config.store.eventsPath}\n`);
  return false;
}
