import { EventMetadata } from '../../events/index.js';
import type { EventRegistry } from '../../events/index.js';
import { anchorStep, chainHash, GENESIS_HASH } from './event-hash.js';
import type { ChainKind, EventStore, StoredRecord } from './port.js';

/**
 * `npm run verify` and the start-time check: walks the log as stored (`readRecords`) and recomputes each
 * event's chain hash (event-hash.ts). It names what it finds — an event altered, removed, inserted or
 * reordered, a hash missing, a row whose JSON does not parse or whose data its schema refuses — then carries
 * on from the stored hash, so one change is one finding and the findings after it are real ones too.
 */

export type ChainProblemKind = 'altered' | 'removed' | 'inserted' | 'reordered' | 'unhashed' | 'invalid-json' | 'schema-invalid' | 'anchor-mismatch';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** Where the walk met it: the stored position, stream and revision of the event. */
  position: number;
  streamId: string;
  revision: number;
  detail: string;
}

/** What an auditor keeps outside the system: the log's hash at a position (`verify --anchor`). */
export interface ChainAnchor {
  format: 'hrss-anchor/1';
  backend: string;
  chain: ChainKind;
  position: number;
  /** Global chain: the event's hash there; stream chain: the running digest of `$all` up to it (anchorStep). */
  hash: string;
  events: number;
  at: string;
}

export interface VerifyOptions {
  /** Start after this point of the log, trusting its hash (the start-time check of the newest part). */
  from?: { position: number; hash: string };
  /** Stop at this position (a snapshot of the head when the walk began). */
  upTo?: number;
  /** With a registry, the data of every row must parse and pass its schema. */
  registry?: EventRegistry;
  /** Anchors exported earlier: the log must still hold each. */
  anchors?: readonly Pick<ChainAnchor, 'position' | 'hash'>[];
  batch?: number;
  /** Most findings reported (the walk ends there). */
  maxProblems?: number;
  onProgress?: (position: number) => void;
}

export interface VerifyResult {
  chain: ChainKind;
  events: number;
  /** The last position walked and the anchor hash there (0 and GENESIS for an empty log). */
  head: { position: number; hash: string };
  problems: ChainProblem[];
  /** Events that carry no hash because they predate the chain (stream chain only; on a global chain it is a finding). */
  unhashed: number;
}

/** What a walk reads: a store, or an export file read as one (log-file.ts). */
export type RecordSource = Pick<EventStore, 'chain' | 'readRecords'>;

/** Reads records in pages with a look-ahead of a few: what the diagnosis of a mismatch needs. */
function recordCursor(store: RecordSource, after: number, upTo: number, batch: number) {
  let buffer: StoredRecord[] = [];
  let at = 0;
  let last = after;
  let ended = false;
  const fill = async (wanted: number): Promise<void> => {
    while (!ended && buffer.length - at < wanted) {
      const page = (await store.readRecords({ after: last, limit: batch })).filter((r) => r.position <= upTo);
      if (page.length < batch) ended = true;
      if (page.length === 0) return;
      buffer = [...buffer.slice(at), ...page];
      at = 0;
      last = page[page.length - 1]!.position;
    }
  };
  return {
    async next(): Promise<StoredRecord | undefined> {
      await fill(3);
      return buffer[at++];
    },
    async peek(k = 0): Promise<StoredRecord | undefined> {
      await fill(k + 1);
      return buffer[at + k];
    },
    skip(): void {
      at++;
    },
  };
}

const where = (r: StoredRecord): string => `${r.streamId} revision ${r.revision} (event ${r.eventId})`;

/** The damage a row's own content shows, before any chain. */
function contentProblems(r: StoredRecord, registry: EventRegistry): ChainProblem[] {
  const at = { position: r.position, streamId: r.streamId, revision: r.revision };
  const problems: ChainProblem[] = [];
  let data: unknown;
  try {
    data = JSON.parse(r.data);
  } catch (error) {
    problems.push({ kind: 'invalid-json', ...at, detail: `its data is not valid JSON (${(error as Error).message})` });
  }
  if (problems.length === 0) {
    try {
      registry.upcast(r.type, r.schemaVersion, data);
    } catch (error) {
      problems.push({ kind: 'schema-invalid', ...at, detail: `its data does not pass the ${r.type} v${r.schemaVersion} schema: ${(error as Error).message}` });
    }
  }
  let metadata: unknown;
  try {
    metadata = JSON.parse(r.metadata);
  } catch (error) {
    problems.push({ kind: 'invalid-json', ...at, detail: `its metadata is not valid JSON (${(error as Error).message})` });
    return problems;
  }
  if (!EventMetadata.safeParse(metadata).success) problems.push({ kind: 'schema-invalid', ...at, detail: 'its metadata does not pass the envelope schema' });
  return problems;
}

const hashAt = (r: StoredRecord, position: number | null, previous: string): string => chainHash({ ...r, position }, previous);

export async function verifyLog(store: RecordSource, options: VerifyOptions = {}): Promise<VerifyResult> {
  const batch = options.batch ?? 2000;
  const maxProblems = options.maxProblems ?? 20;
  const upTo = options.upTo ?? Number.MAX_SAFE_INTEGER;
  const cursor = recordCursor(store, options.from?.position ?? 0, upTo, batch);
  const problems: ChainProblem[] = [];
  const anchors = new Map((options.anchors ?? []).map((a) => [a.position, a.hash]));
  const result: VerifyResult = { chain: store.chain, events: 0, head: { position: options.from?.position ?? 0, hash: options.from?.hash ?? GENESIS_HASH }, problems, unhashed: 0 };
  const report = (kind: ChainProblemKind, r: StoredRecord, detail: string): void => {
    problems.push({ kind, position: r.position, streamId: r.streamId, revision: r.revision, detail });
  };
  const checkAnchor = (r: StoredRecord, anchorHash: string): void => {
    const kept = anchors.get(r.position);
    if (kept === undefined) return;
    anchors.delete(r.position);
    if (kept !== anchorHash) report('anchor-mismatch', r, `the anchor kept for position ${r.position} says ${kept}, the log now gives ${anchorHash}: the history up to it was rewritten`);
  };

  // Global chain: the previous event's hash and its position in the hash (positions shift after an insert or a removal).
  let previous = options.from?.hash ?? GENESIS_HASH;
  let expected = (options.from?.position ?? 0) + 1;
  let shift = 0;
  // Stream chain: each stream's last revision and hash, and the running `$all` digest.
  const tips = new Map<string, { revision: number; hash: string }>();
  let digest = GENESIS_HASH;
  const partial = options.from !== undefined;

  for (let r = await cursor.next(); r && problems.length < maxProblems; r = await cursor.next()) {
    result.events++;
    options.onProgress?.(r.position);
    if (options.registry) problems.push(...contentProblems(r, options.registry));

    if (store.chain === 'stream') {
      const tip = tips.get(r.streamId);
      if (r.hash === '') {
        result.unhashed++;
        tips.set(r.streamId, { revision: r.revision, hash: GENESIS_HASH });
      } else {
        // Partial walk: a stream's first event in the window links to what it names.
        const before = tip?.hash ?? (partial ? (r.previous ?? GENESIS_HASH) : GENESIS_HASH);
        const wanted = tip ? tip.revision + 1 : partial ? r.revision : 0;
        if (r.revision > wanted) report('removed', r, `revisions ${wanted}..${r.revision - 1} of ${r.streamId} are missing before ${where(r)}`);
        else if (r.revision < wanted) report('reordered', r, `${where(r)} comes again or out of order (expected revision ${wanted})`);
        if (hashAt(r, null, before) !== r.hash) {
          if (r.previous !== undefined && hashAt(r, null, r.previous) === r.hash) {
            if (r.revision === wanted) report('inserted', r, `${where(r)} names another predecessor than the stream's previous event: inserted, or the one before it replaced`);
          } else report('altered', r, `${where(r)} does not match its hash: its content was changed after it was written`);
        }
        tips.set(r.streamId, { revision: r.revision, hash: r.hash });
      }
      digest = anchorStep(digest, r.position, r.hash);
      result.head = { position: r.position, hash: digest };
      checkAnchor(r, digest);
      continue;
    }

    // Global chain.
    if (r.position - shift > expected) {
      report('removed', r, `positions ${expected + shift}..${r.position - 1} are missing before ${where(r)}`);
      // Its predecessor is gone: carry on from its own stored hash.
      previous = r.hash;
      expected = r.position - shift + 1;
      result.head = { position: r.position, hash: r.hash };
      checkAnchor(r, r.hash);
      continue;
    }
    const position = expected;
    expected = position + 1;
    if (r.hash === '') {
      report('unhashed', r, `${where(r)} carries no hash: it was inserted, or its hash removed`);
      previous = hashAt(r, position, previous);
    } else if (hashAt(r, position, previous) === r.hash) {
      previous = r.hash;
    } else {
      const next = await cursor.peek();
      const fits = (at: number, before: string): boolean => next !== undefined && next.hash !== '' && hashAt(next, at, before) === next.hash;
      if (fits(position, previous) && hashAt(r, position + 1, next!.hash) === r.hash) {
        report('reordered', r, `${where(r)} and the event after it (${where(next!)}, position ${next!.position}) are in each other's place`);
        cursor.skip();
        result.events++;
        previous = r.hash;
        expected = position + 2;
        result.head = { position: next!.position, hash: r.hash };
        continue;
      }
      if (fits(position, previous)) {
        report('inserted', r, `${where(r)} was inserted: the event after it was hashed at this position`);
        // Not part of the chain: the next event takes its place.
        shift++;
        expected = position;
        continue;
      }
      if (fits(position + 1, r.hash)) {
        report('altered', r, `${where(r)} does not match its hash: its content was changed after it was written`);
      } else if (fits(position + 2, r.hash)) {
        report('removed', r, `the event before ${where(r)} was removed and the later ones renumbered`);
        shift--;
        expected = position + 2;
      } else if (next === undefined) {
        report('altered', r, `${where(r)} does not match its hash: its content, or its hash, was changed after it was written`);
      } else {
        report('altered', r, `${where(r)} does not follow from the event before it: altered with its hash rewritten, or replaced`);
      }
      // Carry on from the stored hash.
      previous = r.hash;
    }
    result.head = { position: r.position, hash: previous };
    checkAnchor(r, previous);
  }
  // Anchors the walk never met: the log no longer holds their position.
  for (const [position, hash] of anchors) {
    if (problems.length >= maxProblems) break;
    {
      problems.push({
        kind: 'removed',
        position,
        streamId: '',
        revision: -1,
        detail: `the anchor kept for position ${position} (${hash}) is not in the log (it ends at ${result.head.position}): events were removed from its end, or the log replaced`,
      });
    }
  }
  return result;
}
