import { open } from 'node:fs/promises';
import { loadConfig } from '../../config/load-config.js';
import { exportLog } from '../../store/log-file.js';
import { openEventStore } from '../../store/open-event-store.js';
import { storeIsThere } from '../lib/existing-store.js';
import { parseFileArgs } from '../lib/parse-cli-args.js';
import { progressBar } from '../lib/progress-bar.js';
import type { CliCommand } from '../lib/cli-command.js';

const USAGE = `main.ts export FILE [--data-dir DIR]

Writes the event log of the configured store (STORE, DATA_DIR or its URL) to FILE as NDJSON: a header line,
one line per event as stored (its JSON texts byte for byte, with its chain hash), and a last line with the
count and the head's hash. The file holds the log up to the head when the export began (a consistent
prefix: the service may keep writing meanwhile). Never overwrites FILE. npm run restore installs it.`;

/** `npm run export -- /backups/hrss-2026-12-07.ndjson`: the log with its hashes, in a file any tool can read. */
export const command: CliCommand = {
  summary: 'write the event log with its hashes as NDJSON (a consistent prefix, while the service runs)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseFileArgs(argv, USAGE, io);
    if (!args) return 2;
    const { file } = args;
    const config = loadConfig(io.env, { DATA_DIR: args.dataDir });
    if (!storeIsThere(config, io)) return 1;
    let handle;
    try {
      handle = await open(file, 'wx');
    } catch (error) {
      io.stderr.write(`cannot create ${file}: ${(error as Error).message} (an export is never overwritten)\n`);
      return 1;
    }
    const store = openEventStore(config.store);
    const bar = progressBar(io, 'export', 'positions');
    try {
      const out = handle;
      const { header, trailer } = await exportLog(store, async (chunk) => void (await out.write(chunk)), { onProgress: (position, head) => bar.show(position, head) });
      bar.stop();
      await out.sync();
      io.stdout.write(`exported ${trailer.events} events of the ${header.backend} log (up to position ${trailer.head.position}, hash ${trailer.head.hash}) to ${file}\n`);
      return 0;
    } finally {
      bar.stop();
      await handle.close();
      await store.close();
    }
  },
};
