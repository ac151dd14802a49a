import type pg from 'pg';
import { ConcurrencyError, expectedVersionHolds } from './errors.js';
import { chainHash } from './event-hash.js';
import type { Outcome } from './group-commit.js';
import type { AppendResult } from './port.js';
import type { PreparedAppend } from './sqlite-append.js';
import { CommandReuseError } from './store-errors.js';

/** The channel writers notify on commit: live subscriptions in other processes wake at once. */
export const APPENDED_CHANNEL = 'hrss_events_appended';

interface Planned {
  append: PreparedAppend;
  firstRevision: number;
  firstPosition: number;
}

interface LookedUp {
  kind: 'command' | 'stream';
  key: string;
  stream_id: string;
  revision: number;
  position: number | null;
}

/** A text[] literal of `values`, each escaped by the driver (a simple query takes no parameters). */
const textArray = (client: pg.PoolClient, values: readonly string[]): string => `ARRAY[${values.map((v) => client.escapeLiteral(v)).join(',')}]::text[]`;

/**
 * BEGIN, the head's lock and the checks' two look-ups (answered command ids, the streams' current revisions)
 * in one round trip: a simple query may hold several statements, but no parameters, so the ids go in as
 * literals escaped by the driver. One round trip less on every append than a parameterized look-up.
 */
async function lockAndLookUp(client: pg.PoolClient, commandIds: readonly string[], streamIds: readonly string[]): Promise<{ head: number; headHash: string; found: LookedUp[] }> {
  const results = (await client.query(`BEGIN;
SELECT position, hash FROM log_head WHERE id = 1 FOR UPDATE;
SELECT 'command' AS kind, command_id AS key, stream_id, next_revision AS revision, position FROM commands WHERE command_id = ANY(${textArray(client, commandIds)})
UNION ALL
SELECT 'stream', stream_id, stream_id, MAX(revision), NULL FROM events WHERE stream_id = ANY(${textArray(client, streamIds)}) GROUP BY stream_id`)) as unknown as pg.QueryResult[];
  const head = results[1]!.rows[0] as { position: number; hash: string };
  return { head: head.position, headHash: head.hash, found: results[2]!.rows as LookedUp[] };
}

// Every row of the group, the head and the notification in one statement (data-modifying CTEs run once each).
const WRITE = `
WITH written AS (
  INSERT INTO events (position, stream_id, revision, event_id, type, schema_version, data, metadata, hash)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[])
), answered AS (
  INSERT INTO commands (command_id, stream_id, next_revision, position)
  SELECT * FROM unnest($10::text[], $11::text[], $12::int[], $13::bigint[])
), moved AS (
  UPDATE log_head SET position = $14, hash = $15 WHERE id = 1
)
SELECT pg_notify('${APPENDED_CHANNEL}', $14::text)`;

/**
 * Writes a group of appends in one transaction, one outcome each, in order. The transaction first locks the
 * log head, so no other writer can append until it commits: the checks below are authoritative, refusals
 * are decided before anything is written, and all the group's rows go in with one statement per table.
 * Throws when the transaction itself fails (nothing of the group is written then).
 */
export async function commitGroup(client: pg.PoolClient, appends: readonly PreparedAppend[]): Promise<Outcome<AppendResult>[]> {
  const commandIds = [...new Set(appends.flatMap((a) => (a.options.commandId === undefined ? [] : [a.options.commandId])))];
  const streamIds = [...new Set(appends.map((a) => a.streamId))];
  try {
    const { head, headHash, found } = await lockAndLookUp(client, commandIds, streamIds);
    let position = head;
    const answered = new Map<string, { streamId: string; result: AppendResult }>();
    const revisions = new Map<string, number>();
    for (const r of found) {
      if (r.kind === 'command') answered.set(r.key, { streamId: r.stream_id, result: { nextRevision: r.revision, position: r.position!, duplicate: true } });
      else revisions.set(r.key, r.revision);
    }

    const outcomes: Outcome<AppendResult>[] = [];
    const planned: Planned[] = [];
    for (const append of appends) {
      const { streamId, options } = append;
      const done = options.commandId === undefined ? undefined : answered.get(options.commandId);
      if (done) {
        outcomes.push(done.streamId === streamId ? { ok: true, value: done.result } : { ok: false, error: new CommandReuseError(options.commandId!, streamId, done.streamId) });
        continue;
      }
      const actual = revisions.get(streamId) ?? null;
      if (!expectedVersionHolds(options.expectedVersion, actual)) {
        outcomes.push({ ok: false, error: new ConcurrencyError(streamId, options.expectedVersion, actual) });
        continue;
      }
      const firstRevision = actual === null ? 0 : actual + 1;
      planned.push({ append, firstRevision, firstPosition: position + 1 });
      position += append.events.length;
      const result: AppendResult = { nextRevision: firstRevision + append.events.length - 1, position, duplicate: false };
      revisions.set(streamId, result.nextRevision);
      // A retry of this command later in the same group is answered by this append.
      if (options.commandId !== undefined) answered.set(options.commandId, { streamId, result: { ...result, duplicate: true } });
      outcomes.push({ ok: true, value: result });
    }

    if (planned.length > 0) {
      const commands = planned.filter((p) => p.append.options.commandId !== undefined);
      const { columns, lastHash } = eventColumns(planned, headHash);
      await client.query(WRITE, [
        ...columns,
        commands.map((p) => p.append.options.commandId!),
        commands.map((p) => p.append.streamId),
        commands.map((p) => p.firstRevision + p.append.events.length - 1),
        commands.map((p) => p.firstPosition + p.append.events.length - 1),
        position,
        lastHash,
      ]);
    }
    await client.query('COMMIT');
    return outcomes;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The rows' columns, each event hashed onto the one before it (global chain: log_head, locked, holds the head's hash). */
function eventColumns(planned: readonly Planned[], headHash: string): { columns: unknown[][]; lastHash: string } {
  const columns: unknown[][] = [[], [], [], [], [], [], [], [], []];
  let previous = headHash;
  for (const { append, firstRevision, firstPosition } of planned) {
    append.events.forEach((e, i) => {
      const position = firstPosition + i;
      const revision = firstRevision + i;
      previous = chainHash({ position, streamId: append.streamId, revision, eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }, previous);
      columns[0]!.push(position);
      columns[1]!.push(append.streamId);
      columns[2]!.push(revision);
      columns[3]!.push(e.eventId);
      columns[4]!.push(e.type);
      columns[5]!.push(e.schemaVersion);
      columns[6]!.push(e.data);
      columns[7]!.push(e.metadata);
      columns[8]!.push(previous);
    });
  }
  return { columns, lastHash: previous };
}
