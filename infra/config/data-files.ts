import path from 'node:path';

/**
 * The files of a data directory: the event store `serve` opens (infra/cli/commands/serve.ts),
 * the read models beside it, and the process managers' checkpoints (a table in the event store's file).
 */
export interface DataFiles {
  events: string;
  readModels: string;
  checkpoints: string;
}

export function dataFiles(dataDir: string): DataFiles {
  const events = path.join(dataDir, 'events.sqlite');
  return { events, readModels: path.join(dataDir, 'read-models.sqlite'), checkpoints: events };
}
