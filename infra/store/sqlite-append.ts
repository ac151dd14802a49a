import type { EncodedEvent } from './event-codec.js';
import { ConcurrencyError, expectedVersionHolds } from './errors.js';
import { chainHash } from './event-hash.js';
import { CommandReuseError } from './store-errors.js';
import type { AppendOptions, AppendResult } from './port.js';
import type { RevisionCache } from './sqlite-revision-cache.js';
import type { SqliteStatements } from './sqlite-statements.js';

/** The end of the chain inside the open write transaction: the last event's position and hash. */
export interface ChainCursor {
  position: number;
  hash: string;
}

/** What an append needs of its connection: the statements, the revisions it already knows, the chain's end. */
export interface AppendContext {
  sql: SqliteStatements;
  revisions: RevisionCache;
  /** Moved along by each event written; the writer puts it back when a write is undone. */
  chain: ChainCursor;
}

/** One append as it waits for its transaction: validated and serialized already. */
export interface PreparedAppend {
  streamId: string;
  events: readonly EncodedEvent[];
  options: AppendOptions;
}

/** What the checks decided: answer from the command table, or write from this revision on. */
export type AppendPlan = { duplicate: AppendResult } | { firstRevision: number };

/**
 * The checks of one append, inside the caller's open transaction (which holds the write lock).
 * Refusals (ConcurrencyError, CommandReuseError) are thrown here, before anything is written.
 */
export function planAppend({ sql, revisions }: AppendContext, append: PreparedAppend): AppendPlan {
  const { streamId, options } = append;
  const { commandId, expectedVersion } = options;
  if (commandId !== undefined) {
    const done = sql.command.get(commandId);
    if (done) {
      if (done.streamId !== streamId) throw new CommandReuseError(commandId, streamId, done.streamId);
      return { duplicate: { nextRevision: done.nextRevision, position: done.position, duplicate: true } };
    }
  }
  const actual = revisions.get(streamId) ?? sql.streamRevision.get(streamId) ?? null;
  if (!expectedVersionHolds(expectedVersion, actual)) throw new ConcurrencyError(streamId, expectedVersion, actual);
  return { firstRevision: actual === null ? 0 : actual + 1 };
}

/**
 * The same decision as `planAppend` for the common case, with fewer lookups; only for an append whose writes
 * are abandoned with their whole transaction when one fails (then the append is planned again by `planAppend`).
 * - The command id is not looked up: a command already answered makes the command row's insert fail on its
 *   primary key. It is looked up before a refusal, as a retry of an answered command gets its first answer.
 * - A stream this connection does not know, appended with `no_stream`, is written from revision 0 unread:
 *   should the stream exist, the insert of revision 0 fails on the unique (stream, revision) constraint.
 */
export function planOptimistically(context: AppendContext, append: PreparedAppend): AppendPlan {
  const { streamId, options } = append;
  const known = context.revisions.get(streamId);
  if (known === undefined && options.expectedVersion === 'no_stream') return { firstRevision: 0 };
  const actual = known ?? context.sql.streamRevision.get(streamId) ?? null;
  if (expectedVersionHolds(options.expectedVersion, actual)) return { firstRevision: actual === null ? 0 : actual + 1 };
  // A refusal, unless the command was answered already: the full checks, in their order, decide.
  return planAppend(context, append);
}

/** Writes the events and the command row. A throw here may leave part of the append written: roll it back. */
export function writeAppend({ sql, revisions, chain }: AppendContext, append: PreparedAppend, firstRevision: number): AppendResult {
  const { streamId, events, options } = append;
  let revision = firstRevision;
  let position = 0;
  for (const e of events) {
    // The write lock is held: the next position is the chain's end + 1, and its hash is known (global chain).
    position = chain.position + 1;
    const hash = chainHash({ position, streamId, revision, eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }, chain.hash);
    sql.insertEvent.run(position, streamId, revision, e.eventId, e.type, e.schemaVersion, e.data, e.metadata, hash);
    chain.position = position;
    chain.hash = hash;
    revision++;
  }
  const nextRevision = revision - 1;
  if (options.commandId !== undefined) sql.insertCommand.run(options.commandId, streamId, nextRevision, position);
  revisions.stage(streamId, nextRevision);
  return { nextRevision, position, duplicate: false };
}

/** Checks, then writes one append inside the caller's open transaction. */
export function appendInTransaction(context: AppendContext, append: PreparedAppend): AppendResult {
  const plan = planAppend(context, append);
  return 'duplicate' in plan ? plan.duplicate : writeAppend(context, append, plan.firstRevision);
}
