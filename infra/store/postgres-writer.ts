import type pg from 'pg';
import { ConcurrencyError, expectedVersionHolds } from './errors.js';
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

const INSERT_EVENTS = `
INSERT INTO events (position, stream_id, revision, event_id, type, schema_version, data, metadata)
SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[])`;
const INSERT_COMMANDS = `
INSERT INTO commands (command_id, stream_id, next_revision, position)
SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[])`;

/**
 * Writes a group of appends in one transaction, one outcome each, in order. The transaction first locks the
 * log head, so no other writer can append until it commits: the checks below are authoritative, refusals
 * are decided before anything is written, and all the group's rows go in with one statement per table.
 * Throws when the transaction itself fails (nothing of the group is written then).
 */
export async function commitGroup(client: pg.PoolClient, appends: readonly PreparedAppend[]): Promise<Outcome<AppendResult>[]> {
  await client.query('BEGIN');
  try {
    const head = await client.query<{ position: number }>('SELECT position FROM log_head WHERE id = 1 FOR UPDATE');
    let position = head.rows[0]!.position;
    const commandIds = [...new Set(appends.flatMap((a) => (a.options.commandId === undefined ? [] : [a.options.commandId])))];
    const answered = new Map<string, { streamId: string; result: AppendResult }>();
    if (commandIds.length > 0) {
      const found = await client.query<{ command_id: string; stream_id: string; next_revision: number; position: number }>(
        'SELECT command_id, stream_id, next_revision, position FROM commands WHERE command_id = ANY($1::text[])',
        [commandIds],
      );
      for (const r of found.rows) answered.set(r.command_id, { streamId: r.stream_id, result: { nextRevision: r.next_revision, position: r.position, duplicate: true } });
    }
    const streamIds = [...new Set(appends.map((a) => a.streamId))];
    const revisions = new Map<string, number>();
    const found = await client.query<{ stream_id: string; revision: number }>(
      'SELECT stream_id, MAX(revision) AS revision FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id',
      [streamIds],
    );
    for (const r of found.rows) revisions.set(r.stream_id, r.revision);

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
      await client.query(INSERT_EVENTS, eventColumns(planned));
      const commands = planned.filter((p) => p.append.options.commandId !== undefined);
      if (commands.length > 0) {
        await client.query(INSERT_COMMANDS, [
          commands.map((p) => p.append.options.commandId!),
          commands.map((p) => p.append.streamId),
          commands.map((p) => p.firstRevision + p.append.events.length - 1),
          commands.map((p) => p.firstPosition + p.append.events.length - 1),
        ]);
      }
      await client.query('UPDATE log_head SET position = $1 WHERE id = 1', [position]);
      await client.query('SELECT pg_notify($1, $2)', [APPENDED_CHANNEL, String(position)]);
    }
    await client.query('COMMIT');
    return outcomes;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function eventColumns(planned: readonly Planned[]): unknown[][] {
  const columns: unknown[][] = [[], [], [], [], [], [], [], []];
  for (const { append, firstRevision, firstPosition } of planned) {
    append.events.forEach((e, i) => {
      columns[0]!.push(firstPosition + i);
      columns[1]!.push(append.streamId);
      columns[2]!.push(firstRevision + i);
      columns[3]!.push(e.eventId);
      columns[4]!.push(e.type);
      columns[5]!.push(e.schemaVersion);
      columns[6]!.push(e.data);
      columns[7]!.push(e.metadata);
    });
  }
  return columns;
}
