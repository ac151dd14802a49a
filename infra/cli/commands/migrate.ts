import path from 'node:path';
import { dataFiles } from '../../config/data-files.js';
import { LogCopyRefusedError, copySqliteLogToPostgres, digestPostgresLog, digestSqliteLog } from '../../store/log-copy.js';
import { digestThroughPort, transferLog } from '../../store/log-transfer.js';
import { openEventStore } from '../../store/open-event-store.js';
import { parseCliArgs } from '../lib/parse-cli-args.js';
import { progressBar } from '../lib/progress-bar.js';
import type { CliCommand, CliIo } from '../lib/cli-command.js';

const USAGE = `main.ts migrate --from sqlite:DATA_DIR --to postgres://user@host:port/database [--batch N]
       main.ts migrate --from sqlite:DATA_DIR|postgres://… --to esdb://host:2113?tls=… [--batch N]

To PostgreSQL: copies the event log of a SQLite data directory as stored (positions, ids, data, answered
command ids), in batches (default 5000) that each commit, so an interrupted copy run again resumes where it
stopped. To EventStoreDB / KurrentDB: appends each command's events under its command id at their stream
revisions (the server numbers positions its own way), resuming after what the target already holds. The
source is only read. Then counts and a checksum over every event are compared on both sides. Afterwards run
the service with the target's STORE and URL (its read models rebuild from the log on first start).`;

/** `npm run migrate -- --from sqlite:./data --to postgres://…`: the move from one hall's file to a shared server. */
export const command: CliCommand = {
  summary: 'copy the event log from a SQLite data directory to PostgreSQL, resumable, then verify it',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCliArgs(argv, { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string', default: '5000' } }, USAGE, io);
    if (!parsed) return 2;
    const { from, to } = parsed.values;
    const batch = Number(parsed.values.batch);
    const toEsdb = to?.startsWith('esdb://') ?? false;
    const problem =
      !from?.startsWith('sqlite:') && !(toEsdb && /^postgres(ql)?:\/\//.test(from ?? '')) ? '--from must be sqlite:DATA_DIR (or a postgres:// URL, to EventStoreDB)'
      : !to || !(/^postgres(ql)?:\/\//.test(to) || toEsdb) ? '--to must be a postgres:// or esdb:// URL'
      : !Number.isSafeInteger(batch) || batch < 1 ? `--batch "${parsed.values.batch}" is not a positive integer`
      : undefined;
    if (problem) {
      io.stderr.write(`${problem}\nusage: ${USAGE}\n`);
      return 2;
    }
    if (toEsdb) return toEventStoreDb(from!, to!, batch, io);
    const sqlitePath = dataFiles(path.resolve(from!.slice('sqlite:'.length))).events;
    const progress = progressBar(io, 'migrate', 'events');
    try {
      const copied = await copySqliteLogToPostgres({
        sqlitePath,
        url: to!,
        batch,
        onProgress: ({ position, head }) => progress.show(position, head),
      });
      progress.stop();
      if (copied.resumedFrom > 0) io.stdout.write(`resumed after position ${copied.resumedFrom}\n`);
      io.stdout.write(`copied ${copied.events} events and ${copied.commands} command ids\n`);
      const [source, target] = [digestSqliteLog(sqlitePath, batch), await digestPostgresLog(to!, batch)];
      const same = source.events === target.events && source.commands === target.commands && source.checksum === target.checksum;
      io.stdout.write(`source: ${source.events} events, ${source.commands} command ids, sha256 ${source.checksum}\n`);
      io.stdout.write(`target: ${target.events} events, ${target.commands} command ids, sha256 ${target.checksum}\n`);
      if (!same) {
        io.stderr.write('verification failed: the target differs from the source; do not switch to it\n');
        return 1;
      }
      io.stdout.write('verified: the same log on both sides\n');
      return 0;
    } catch (error) {
      progress.stop();
      if (!(error instanceof LogCopyRefusedError)) throw error;
      io.stderr.write(`migrate refused: ${error.message}\n`);
      return 1;
    }
  },
};

/** Through the port: the source store (SQLite or PostgreSQL) into EventStoreDB, then both digested alike. */
async function toEventStoreDb(from: string, to: string, batch: number, io: CliIo): Promise<number> {
  const source = from.startsWith('sqlite:')
    ? openEventStore({ backend: 'sqlite', eventsPath: dataFiles(path.resolve(from.slice('sqlite:'.length))).events })
    : openEventStore({ backend: 'postgres', eventsPath: '', databaseUrl: from });
  const target = openEventStore({ backend: 'eventstoredb', eventsPath: '', eventStoreUrl: to });
  const progress = progressBar(io, 'migrate', 'events');
  try {
    const moved = await transferLog({
      source,
      target,
      batch,
      onProgress: ({ read, total }) => progress.show(read, total),
    });
    progress.stop();
    io.stdout.write(`appended ${moved.appended} events; ${moved.skipped} were there already\n`);
    const [mine, theirs] = [await digestThroughPort(source, batch), await digestThroughPort(target, batch)];
    io.stdout.write(`source: ${mine.events} events, sha256 ${mine.checksum}\ntarget: ${theirs.events} events, sha256 ${theirs.checksum}\n`);
    if (mine.events !== theirs.events || mine.checksum !== theirs.checksum) {
      io.stderr.write('verification failed: the target differs from the source; do not switch to it\n');
      return 1;
    }
    io.stdout.write('verified: the same log on both sides\n');
    return 0;
  } finally {
    progress.stop();
    await source.close();
    await target.close();
  }
}
