import { existsSync } from 'node:fs';
import { eventRegistry } from '../../../events/index.js';
import { loadConfig } from '../../config/load-config.js';
import { LogFileError, openLogFile } from '../../store/log-file.js';
import { RestoreRefusedError, postgresInstaller, sqliteInstaller } from '../../store/log-install.js';
import type { LogInstaller } from '../../store/log-install.js';
import { verifyLog } from '../../store/log-verify.js';
import type { ChainProblem } from '../../store/log-verify.js';
import { openEventStore } from '../../store/open-event-store.js';
import { parseFileArgs } from '../lib/parse-cli-args.js';
import { progressBar } from '../lib/progress-bar.js';
import type { CliCommand, CliIo } from '../lib/cli-command.js';

const USAGE = `main.ts restore FILE [--data-dir DIR]

Installs an export (npm run export) into the configured store, which must be empty: a DATA_DIR without an
events.sqlite or read models, or a PostgreSQL database without an event log. First the whole file is
verified (every hash, every row's JSON and schema, the last line's count and head); nothing is installed
from a file that does not verify. Then it is installed as one step, and the installed log verified again.
The read models and process managers then build from the log when the service starts.`;

const describeProblems = (io: CliIo, what: string, problems: readonly ChainProblem[]): void => {
  io.stderr.write(`${what}:\n`);
  for (const p of problems) io.stderr.write(`  position ${p.position}${p.streamId ? ` ${p.streamId} revision ${p.revision}` : ''}: ${p.kind}: ${p.detail}\n`);
};

/** `npm run restore -- /backups/hrss-2026-12-07.ndjson --data-dir ./data-restored`. */
export const command: CliCommand = {
  summary: 'verify an export, then install it into an empty store and verify that',
  usage: USAGE,
  async run(argv, io) {
    const args = parseFileArgs(argv, USAGE, io);
    if (!args) return 2;
    const { file } = args;
    const config = loadConfig(io.env, { DATA_DIR: args.dataDir });
    if (config.store.backend === 'eventstoredb') {
      io.stderr.write('STORE=eventstoredb: restore installs into SQLite or PostgreSQL (an EventStoreDB server is restored with its own backups, or by npm run migrate)\n');
      return 2;
    }
    if (config.store.backend === 'sqlite' && existsSync(config.store.readModelsPath)) {
      io.stderr.write(`${config.store.readModelsPath} exists: restore only into an empty data directory (the read models are built from the restored log)\n`);
      return 1;
    }
    const bar = progressBar(io, 'restore', 'positions');
    try {
      // 1. The file, verified through to its last line, before anything is touched.
      const checked = await openLogFile(file);
      let ofFile;
      let trailer;
      const head = checked.header.head;
      try {
        if (checked.header.chain !== 'global') {
          io.stderr.write(`${file} is an export of a ${checked.header.chain}-chained log (${checked.header.backend}): it restores into that backend only\n`);
          return 1;
        }
        ofFile = await verifyLog(checked.source, { registry: eventRegistry, onProgress: (p) => bar.show(p, head) });
        bar.stop();
        trailer = checked.trailer();
      } finally {
        checked.close();
      }
      if (ofFile.problems.length > 0) {
        describeProblems(io, `${file} does not verify; nothing installed`, ofFile.problems);
        return 1;
      }
      if (ofFile.head.hash !== trailer.head.hash && trailer.events > 0) {
        io.stderr.write(`${file}: its last line names head hash ${trailer.head.hash}, its events end at ${ofFile.head.hash}; nothing installed\n`);
        return 1;
      }
      io.stdout.write(`${file} verified: ${ofFile.events} events, head ${trailer.head.position} ${trailer.head.hash}\n`);

      // 2. Installed as one step.
      const installer: LogInstaller = config.store.backend === 'sqlite' ? sqliteInstaller(config.store.eventsPath) : await postgresInstaller(config.store.databaseUrl!);
      const again = await openLogFile(file);
      try {
        for (let after = 0; ; ) {
          const page = await again.source.readRecords({ after, limit: 2000 });
          if (page.length === 0) break;
          await installer.add(page);
          after = page[page.length - 1]!.position;
          bar.show(after, head);
        }
        await installer.commit(again.header.seal);
        again.close();
      } catch (error) {
        again.close();
        await installer.abort();
        throw error;
      }
      bar.stop();

      // 3. The installed log, verified as the service will read it.
      const store = openEventStore(config.store);
      try {
        const installed = await verifyLog(store, { registry: eventRegistry });
        if (installed.problems.length > 0 || installed.head.hash !== ofFile.head.hash || installed.events !== ofFile.events) {
          describeProblems(io, 'the installed log does not verify as the file did', installed.problems);
          return 1;
        }
        io.stdout.write(`restored and verified: ${installed.events} events, head ${installed.head.position} ${installed.head.hash}; the read models build when the service starts\n`);
        return 0;
      } finally {
        await store.close();
      }
    } catch (error) {
      if (!(error instanceof RestoreRefusedError || error instanceof LogFileError)) throw error;
      io.stderr.write(`restore refused: ${error.message}\n`);
      return 1;
    } finally {
      bar.stop();
    }
  },
};
