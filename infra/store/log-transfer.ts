import { createHash } from 'node:crypto';
import type { EventStore, RecordedEvent } from './port.js';

/**
 * Moving a log between backends through the event store port (`npm run migrate` into EventStoreDB): the
 * target numbers positions its own way, so what is kept is each event's stream, revision, id, type, data and
 * metadata. The events of one command are appended together under its command id, at the exact revision, so
 * a retried command is still answered by the target. Resumable: a stream the target already holds up to a
 * revision continues after it. The digest leaves positions out, so both sides can be compared.
 */

export interface TransferProgress {
  /** Events read from the source so far. */
  read: number;
  /** The source's events in all. */
  total: number;
}

export interface TransferResult {
  appended: number;
  /** Events the target already held (a resumed copy). */
  skipped: number;
}

export interface PortDigest {
  events: number;
  /** SHA-256 over every event's stream, revision, id, type, data and metadata, in the source's log order. */
  checksum: string;
}

/** The runs of consecutive events of one stream and one command: what one append wrote. */
function appendsOf(events: readonly RecordedEvent[]): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  for (const e of events) {
    const last = runs.at(-1);
    const prev = last?.at(-1);
    if (last && prev && prev.streamId === e.streamId && prev.metadata.commandId === e.metadata.commandId && prev.revision + 1 === e.revision) last.push(e);
    else runs.push([e]);
  }
  return runs;
}

async function countEvents(store: EventStore, batch: number): Promise<number> {
  let n = 0;
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, limit: batch, lazyMetadata: true });
    if (page.length === 0) return n;
    n += page.length;
    after = page[page.length - 1]!.position;
  }
}

export async function transferLog(options: {
  source: EventStore;
  target: EventStore;
  batch?: number;
  onProgress?: (progress: TransferProgress) => void;
}): Promise<TransferResult> {
  const { source, target } = options;
  const batch = options.batch ?? 1000;
  const total = await countEvents(source, batch);
  const known = new Map<string, number | null>();
  const result: TransferResult = { appended: 0, skipped: 0 };
  let read = 0;
  options.onProgress?.({ read, total });
  for (let after = 0; ; ) {
    const page = await source.readAll({ after, limit: batch });
    if (page.length === 0) break;
    for (const run of appendsOf(page)) {
      const first = run[0]!;
      if (!known.has(first.streamId)) known.set(first.streamId, await target.streamRevision(first.streamId));
      const held = known.get(first.streamId) ?? null;
      const fresh = run.filter((e) => held === null || e.revision > held);
      result.skipped += run.length - fresh.length;
      if (fresh.length === 0) continue;
      const expected = fresh[0]!.revision === 0 ? 'no_stream' : fresh[0]!.revision - 1;
      const appended = await target.append(
        first.streamId,
        fresh.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata })),
        // Only a whole command keeps its id: a run split by a resumed copy is appended without it.
        fresh.length === run.length ? { expectedVersion: expected, commandId: first.metadata.commandId } : { expectedVersion: expected },
      );
      known.set(first.streamId, appended.nextRevision);
      result.appended += fresh.length;
    }
    read += page.length;
    after = page[page.length - 1]!.position;
    options.onProgress?.({ read, total });
  }
  return result;
}

/** Counts and a checksum of a log read through the port, positions left out. */
export async function digestThroughPort(store: EventStore, batch = 1000): Promise<PortDigest> {
  const hash = createHash('sha256');
  let events = 0;
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, limit: batch });
    if (page.length === 0) break;
    for (const e of page) hash.update(`${e.streamId}\t${e.revision}\t${e.eventId}\t${e.type}\t${JSON.stringify(e.data)}\t${JSON.stringify(e.metadata)}\n`);
    events += page.length;
    after = page[page.length - 1]!.position;
  }
  return { events, checksum: hash.digest('hex') };
}
