import type { Actor, Channel, EventMetadata } from '../../events/index.js';
import { shanghaiDate, toShanghaiInstant } from '../../events/index.js';
import type { DeciderCalendar } from '../../services/application/index.js';
import type { Catalog } from '../../services/catalog/item-schema.js';
import type { CommandContext } from '../../services/decider.js';
import { DEFAULT_REVIEW_DUE_WORKDAYS } from '../../services/review/index.js';
import { ConcurrencyError, StreamNotFoundError } from '../store/errors.js';
import type { EventStore, RecordedEvent } from '../store/port.js';
import { aggregates, streamIdOf } from './aggregates.js';
import type { AggregateName, AggregateSpec, CommandOf, StateOf } from './aggregates.js';
import { eventsOfCommand } from './command-events.js';
import { DEFAULT_RETRY, backoffDelay, sleep as realSleep } from './retry.js';
import type { RetryPolicy } from './retry.js';

/** Who sends a command, through which channel, and how it relates to what came before. */
export interface CommandMeta {
  /** Unique per command; a retry of the same command reuses it (idempotency). */
  commandId: string;
  correlationId: string;
  /** The event that triggered this command (process managers); the command id itself when left out. */
  causationId?: string;
  actor: Actor;
  channel: Channel;
  /**
   * The date on the law's clock when a reaction acts for an earlier fact (a member opened on its dependency's
   * approval date); today in Asia/Shanghai otherwise. Never taken from a request.
   */
  today?: string;
}

/** An event as the command's append wrote it. */
export interface HandledEvent {
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface CommandResult<A extends AggregateName> {
  streamId: string;
  /** The command's events: new ones, or for a retried command the ones its first handling appended. */
  events: HandledEvent[];
  /** The stream's revision after the command (that of its last event). */
  nextRevision: number;
  /** True when the command id had been handled: nothing was appended. */
  duplicate: boolean;
  /** The aggregate's state after the command. */
  state: StateOf[A];
}

export interface LoadedAggregate<A extends AggregateName> {
  state: StateOf[A];
  /** The revision of the stream's last event, null for no stream. */
  revision: number | null;
  events: RecordedEvent[];
}

export interface CommandHandlerOptions {
  store: EventStore;
  /** The catalog in force; a function is asked at every command, so a new catalog version applies at once. */
  catalog: Catalog | (() => Catalog);
  calendar: DeciderCalendar;
  /** The current instant: metadata's occurredAt and, in Asia/Shanghai, the date of the law's clock. */
  clock: () => Date;
  /** Working days a bad-review ticket is due in (default 15). */
  reviewDueWorkdays?: number;
  retry?: Partial<RetryPolicy>;
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface CommandHandler {
  handle<A extends AggregateName>(aggregate: A, streamId: string, command: CommandOf[A], meta: CommandMeta): Promise<CommandResult<A>>;
  load<A extends AggregateName>(aggregate: A, streamId: string): Promise<LoadedAggregate<A>>;
}

// By class and by code: a backend's errors may come from another copy of the module (a bundled driver).
const hasCode = (error: unknown, code: string): boolean => (error as { code?: unknown } | null)?.code === code;
const isConflict = (error: unknown): boolean => error instanceof ConcurrencyError || hasCode(error, 'CONCURRENCY_CONFLICT');

async function readOrEmpty(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(streamId);
  } catch (error) {
    if (error instanceof StreamNotFoundError || hasCode(error, 'STREAM_NOT_FOUND')) return [];
    throw error;
  }
}

function fold(spec: AggregateSpec, streamId: string, events: readonly RecordedEvent[]): unknown {
  return events.reduce((state, e) => {
    if (!spec.eventTypes.has(e.type)) throw new Error(`stream ${streamId} holds ${e.type}, not an event of its aggregate`);
    return spec.decider.evolve(state, { type: e.type, data: e.data });
  }, spec.decider.initialState);
}

function checkStream(aggregate: AggregateName, spec: AggregateSpec, streamId: string, command: { type: string }): void {
  if (!streamId.startsWith(`${aggregate}-`)) throw new RangeError(`stream ${streamId} is not an ${aggregate} stream`);
  const created = spec.createdId(command);
  if (created !== null && streamId !== streamIdOf(aggregate, created)) {
    throw new RangeError(`${command.type} creates ${streamIdOf(aggregate, created)}, not ${streamId}`);
  }
}

/**
 * Loads the stream, folds it with `evolve`, decides, and appends with the exact expected revision, tagging every
 * event with actor, channel, command, correlation and causation ids. A concurrency conflict re-reads and
 * re-decides on the fresh state (bounded, with backoff and jitter), so of two clerks deciding at once one wins
 * and the other is refused by the rules. A command id seen before — in the stream or by the store — appends
 * nothing and returns the first result.
 */
export function createCommandHandler(options: CommandHandlerOptions): CommandHandler {
  const { store, calendar, clock } = options;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const pause = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const catalogNow = (): Catalog => (typeof options.catalog === 'function' ? options.catalog() : options.catalog);
  const reviewDueWorkdays = options.reviewDueWorkdays ?? DEFAULT_REVIEW_DUE_WORKDAYS;

  const answered = <A extends AggregateName>(spec: AggregateSpec, streamId: string, stream: RecordedEvent[], commandId: string): CommandResult<A> | null => {
    const mine = stream.filter((e) => e.metadata.commandId === commandId);
    const last = mine.at(-1);
    if (!last) return null;
    const upTo = stream.filter((e) => e.revision <= last.revision);
    return {
      streamId,
      events: mine.map(({ eventId, revision, type, data, metadata }) => ({ eventId, streamId, revision, type, data, metadata })),
      nextRevision: last.revision,
      duplicate: true,
      state: fold(spec, streamId, upTo) as StateOf[A],
    };
  };

  async function attempt<A extends AggregateName>(aggregate: A, streamId: string, command: CommandOf[A], meta: CommandMeta): Promise<CommandResult<A>> {
    const spec = aggregates[aggregate];
    const stream = await readOrEmpty(store, streamId);
    const seen = answered<A>(spec, streamId, stream, meta.commandId);
    if (seen) return seen;

    const now = clock();
    const context: CommandContext = { actor: meta.actor, channel: meta.channel, today: meta.today ?? shanghaiDate(now) };
    const before = fold(spec, streamId, stream);
    const deps = spec.deps({ catalog: catalogNow(), calendar, reviewDueWorkdays });
    const decided = spec.decider.decide(command, before, context, deps);
    const revision = stream.at(-1)?.revision ?? null;
    const state = decided.reduce((acc, e) => spec.decider.evolve(acc, e), before) as StateOf[A];
    if (decided.length === 0) return { streamId, events: [], nextRevision: revision ?? -1, duplicate: false, state };

    const events = eventsOfCommand(decided, meta, toShanghaiInstant(now));
    const appended = await store.append(streamId, events, { expectedVersion: revision ?? 'no_stream', commandId: meta.commandId });
    if (appended.duplicate) {
      // The same command, handled concurrently, got there first: answer with what it appended.
      const first = answered<A>(spec, streamId, await readOrEmpty(store, streamId), meta.commandId);
      if (first) return first;
      throw new Error(`command ${meta.commandId} is recorded by the store but not found in ${streamId}`);
    }
    const firstRevision = appended.nextRevision - events.length + 1;
    return {
      streamId,
      events: events.map((e, i) => ({ ...e, streamId, revision: firstRevision + i })),
      nextRevision: appended.nextRevision,
      duplicate: false,
      state,
    };
  }

  return {
    async handle(aggregate, streamId, command, meta) {
      checkStream(aggregate, aggregates[aggregate], streamId, command);
      for (let tried = 1; ; tried++) {
        try {
          return await attempt(aggregate, streamId, command, meta);
        } catch (error) {
          if (!isConflict(error) || tried >= policy.attempts) throw error;
          await pause(backoffDelay(tried, policy, random));
        }
      }
    },

    async load(aggregate, streamId) {
      const spec = aggregates[aggregate];
      const events = await readOrEmpty(store, streamId);
      return { state: fold(spec, streamId, events) as StateOf[typeof aggregate], revision: events.at(-1)?.revision ?? null, events };
    },
  };
}
