import { readFileSync, writeFileSync } from 'node:fs';
import { eventRegistry } from '../../../events/index.js';
import { loadConfig } from '../../config/load-config.js';
import { verifyLog } from '../../store/log-verify.js';
import type { ChainAnchor, VerifyResult } from '../../store/log-verify.js';
import { HASH_PATTERN } from '../../store/event-hash.js';
import { openEventStore } from '../../store/open-event-store.js';
import { sqliteFileProblems } from '../../store/sqlite-file-check.js';
import type { EventStore } from '../../store/port.js';
import { storeIsThere } from '../lib/existing-store.js';
import { parseCliArgs } from '../lib/parse-cli-args.js';
import { progressBar } from '../lib/progress-bar.js';
import type { CliCommand, CliIo } from '../lib/cli-command.js';

const USAGE = `main.ts verify [--data-dir DIR] [--anchor [--out FILE]] [--against ANCHOR.json]

Checks the whole event log of the configured store (STORE, DATA_DIR or its URL): recomputes every event's
chain hash and checks every row's JSON against its schema, then (SQLite) the file's pages and indexes
(quick_check). Names the first altered, removed, inserted or
reordered event (and those after it, up to 20) and exits 1 on any; exits 0 on an intact log.
  --anchor          then prints the head anchor (position, hash, time) as JSON on stdout (the summary
                    goes to stderr), for an auditor to keep outside the system; --out FILE writes it there
  --against FILE    the log must still hold the anchor kept in FILE (a truncated or rewritten log fails)
Daily: 0 2 * * * cd /srv/hrss && npm run -s verify -- --anchor --out /audit/hrss-anchor-$(date +\\%F).json`;

function readAnchor(file: string): ChainAnchor {
  const anchor = JSON.parse(readFileSync(file, 'utf8')) as Partial<ChainAnchor>;
  if (anchor.format !== 'hrss-anchor/1' || !Number.isSafeInteger(anchor.position) || typeof anchor.hash !== 'string' || !HASH_PATTERN.test(anchor.hash)) {
    throw new Error(`${file} is not an anchor written by verify --anchor`);
  }
  return anchor as ChainAnchor;
}

/** The summary lines of a walk: what was checked, where the chain's guarantee starts, each finding. */
async function describe(store: EventStore, result: VerifyResult): Promise<string[]> {
  const lines = [`checked ${result.events} events of the ${store.backend} log (${result.chain} chain), up to position ${result.head.position}`];
  const seal = await store.chainSeal?.();
  if (seal && seal.sealedThrough > 0) {
    lines.push(`positions 1..${seal.sealedThrough} were written before the chain and hashed at the upgrade on ${seal.sealedAt}: the chain vouches for them as they were then`);
  }
  if (result.unhashed > 0) lines.push(`${result.unhashed} events predate the chain (written without a hash): each stream's chain starts at its first hashed event`);
  return lines;
}

/** `npm run verify`: is the history as it was written? */
export const command: CliCommand = {
  summary: 'check the event log\'s hash chain and every row; export or check an anchor',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCliArgs(
      argv,
      { 'data-dir': { type: 'string' }, anchor: { type: 'boolean', default: false }, out: { type: 'string' }, against: { type: 'string' } },
      USAGE,
      io,
    );
    if (!parsed) return 2;
    const { anchor, out, against } = parsed.values;
    if (out !== undefined && !anchor) {
      io.stderr.write(`--out goes with --anchor\nusage: ${USAGE}\n`);
      return 2;
    }
    let kept: ChainAnchor | undefined;
    if (against !== undefined) {
      try {
        kept = readAnchor(against);
      } catch (error) {
        io.stderr.write(`--against: ${(error as Error).message}\n`);
        return 2;
      }
    }
    const config = loadConfig(io.env, { DATA_DIR: parsed.values['data-dir'] });
    if (!storeIsThere(config, io)) return 1;
    const store = openEventStore(config.store);
    const bar = progressBar(io, 'verify', 'positions');
    try {
      const head = await store.headPosition();
      if (kept && kept.chain !== store.chain) {
        io.stderr.write(`the anchor was taken of a ${kept.chain}-chained log; this store is ${store.chain}-chained\n`);
        return 1;
      }
      bar.show(0, head);
      const result = await verifyLog(store, {
        upTo: head,
        registry: eventRegistry,
        ...(kept ? { anchors: [kept] } : {}),
        onProgress: (position) => bar.show(position, head),
      });
      bar.stop();
      // The file itself, where the chain does not reach: its indexes and free pages.
      const fileProblems = config.store.backend === 'sqlite' ? sqliteFileProblems(config.store.eventsPath) : [];
      const summary = anchor ? io.stderr : io.stdout;
      for (const line of await describe(store, result)) summary.write(`${line}\n`);
      if (result.problems.length > 0) {
        const [first] = result.problems;
        io.stderr.write(`BROKEN: ${result.problems.length === 1 ? 'one finding' : `${result.problems.length} findings`}; the first at position ${first!.position}:\n`);
        for (const p of result.problems) {
          io.stderr.write(`  position ${p.position}${p.streamId ? ` ${p.streamId} revision ${p.revision}` : ''}: ${p.kind}: ${p.detail}\n`);
        }
        io.stderr.write('do not trust this log: restore it from a backup or an export (npm run restore), and keep this one for the inquiry\n');
        return 1;
      }
      if (fileProblems.length > 0) {
        io.stderr.write(`DAMAGED FILE: ${config.store.eventsPath} fails SQLite's quick_check (the events it holds check out):\n`);
        for (const p of fileProblems) io.stderr.write(`  ${p}\n`);
        io.stderr.write('restore it from a backup or an export (npm run restore) before it gets worse, and keep this one for the inquiry\n');
        return 1;
      }
      if (kept) summary.write(`the anchor of position ${kept.position} (${kept.at}) is held: the log up to it is as it was\n`);
      summary.write('intact: every event follows from the one before it\n');
      if (anchor) writeAnchor(io, out, { format: 'hrss-anchor/1', backend: store.backend, chain: store.chain, position: result.head.position, hash: result.head.hash, events: result.events, at: new Date().toISOString() });
      return 0;
    } finally {
      bar.stop();
      await store.close();
    }
  },
};

function writeAnchor(io: CliIo, file: string | undefined, anchor: ChainAnchor): void {
  const json = `${JSON.stringify(anchor, null, 2)}\n`;
  if (file !== undefined) {
    // Never over an anchor kept earlier: that one is evidence.
    writeFileSync(file, json, { flag: 'wx' });
    io.stderr.write(`anchor written to ${file}\n`);
  }
  io.stdout.write(json);
}
