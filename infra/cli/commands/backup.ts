import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import cliProgress from 'cli-progress';
import { loadConfig } from '../../config/load-config.js';
import { parseFileArgs } from '../lib/parse-cli-args.js';
import type { CliCommand } from '../lib/cli-command.js';
import { sqliteFileProblems } from '../../store/sqlite-file-check.js';

const USAGE = `main.ts backup DEST_DIR [--data-dir DIR]

Takes an online, consistent copy of the embedded event store (events.sqlite) into DEST_DIR while the service
runs: SQLite's backup API copies it in one read transaction (in WAL mode the service keeps writing
meanwhile), so the copy is the log as of one commit, never a torn file. The read models and idempotency answers are not
copied: they are rebuilt from the log. Refuses a DEST_DIR that already holds a backup.`;

/** `npm run backup -- /backups/2026-12-07`: the log of a running hall, copied consistently. */
export const command: CliCommand = {
  summary: 'copy the embedded event store online and consistently, while the service runs',
  usage: USAGE,
  async run(argv, io) {
    const args = parseFileArgs(argv, USAGE, io);
    if (!args) return 2;
    const { file: dest } = args;
    const config = loadConfig(io.env, { DATA_DIR: args.dataDir });
    if (config.store.backend !== 'sqlite') {
      io.stderr.write(`STORE=${config.store.backend}: back the server up with its own tools (pg_dump, EventStoreDB's backups); this copies the embedded store\n`);
      return 2;
    }
    const source = config.store.eventsPath;
    if (!existsSync(source)) {
      io.stderr.write(`no event store at ${source}\n`);
      return 1;
    }
    const target = path.join(path.resolve(dest), path.basename(source));
    if (existsSync(target)) {
      io.stderr.write(`${target} exists: give a fresh directory (a backup is never overwritten)\n`);
      return 1;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    const db = new Database(source, { readonly: true, fileMustExist: true });
    const bar = new cliProgress.SingleBar(
      { format: 'backup {bar} {percentage}% | {value}/{total} pages', stream: io.stderr as NodeJS.WritableStream, noTTYOutput: true, notTTYSchedule: 5_000 },
      cliProgress.Presets.shades_classic,
    );
    try {
      let started = false;
      const result = await db.backup(target, {
        progress({ totalPages, remainingPages }) {
          if (!started) bar.start(totalPages, 0);
          started = true;
          bar.update(totalPages - remainingPages);
          // All in one step, one read transaction: a copy in steps restarts whenever another connection writes,
          // so under steady traffic it might never finish. WAL lets the service write meanwhile.
          return Math.max(1, totalPages);
        },
      });
      bar.stop();
      const copy = new Database(target, { readonly: true });
      try {
        const events = copy.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck().get() ?? 0;
        const problems = sqliteFileProblems(target);
        if (problems.length > 0) {
          io.stderr.write(`the copy does not check out (${problems.join('; ')}): do not rely on it\n`);
          return 1;
        }
        io.stdout.write(`backed up ${events} events (${result.totalPages} pages) to ${target}; quick_check ok\n`);
        return 0;
      } finally {
        copy.close();
      }
    } finally {
      bar.stop();
      db.close();
    }
  },
};
