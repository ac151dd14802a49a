import type { Actor, Channel, EventMetadata } from '../../events/index.js';
import { shanghaiDate, streamIdOf, toShanghaiInstant } from '../../events/index.js';
import type { PrefixedStream } from '../../events/index.js';
import type { DeciderCalendar } from '../../services/application/index.js';
import type { Catalog } from '../../services/catalog/item-schema.js';
import type { CommandContext } from '../../services/decider.js';
import { DEFAULT_REVIEW_DUE_WORKDAYS } from '../../services/review/index.js';
import { ConcurrencyError, expectedVersionHolds } from '../store/errors.js';
import type { EventStore, ExpectedVersion, RecordedEvent } from '../store/port.js';
import { aggregates, isStreamOfAggregate } from './aggregates.js';
import type { AggregateName, AggregateSpec, CommandOf, DeciderEnvironment, StateOf } from './aggregates.js';
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
  /** The stream's revision after the command (that of its last event); -1 for no stream. */
  nextRevision: number;
  /**
   * The global position of the command's last event (of the stream's last event when it appended nothing;
   * 0 for no stream): a read model at this position shows the command's effect (read-your-writes).
   */
  position: number;
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

export interface HandleOptions<A extends AggregateName> {
  /**
   * The revision the caller decided against (If-Match): the command is decided only if the stream is still
   * there, appended only if it still is when written, and not retried on a conflict (ConcurrencyError, 412).
   * A retried command (its id already in the stream) is answered whatever the revision.
   */
  expected?: ExpectedVersion;
  /** The stream as the caller just loaded it (a scope check): its first attempt decides on it, without a read. */
  loaded?: LoadedAggregate<A>;
}

export interface CommandHandlerOptions {
  store: EventStore;
  /**
   * The catalog in force; a function is asked at every command, so a new catalog version applies at once.
   * Needed for application and bundle commands only (a tool that publishes reports has none).
   */
  catalog?: Catalog | (() => Catalog);
  /** Needed for application and review commands only. */
  calendar?: DeciderCalendar;
  /** The current instant: metadata's occurredAt and, in Asia/Shanghai, the date of the law's clock. */
  clock: () => Date;
  /** Working days a bad-review ticket is due in (default 15). */
  reviewDueWorkdays?: number;
  retry?: Partial<RetryPolicy>;
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * The one way an event is written (ARCHITECTURE.md): cases, catalog versions, calendar revisions and
 * reports alike, from the API, the process managers and the CLI.
 */
export interface CommandHandler {
  handle<A extends AggregateName>(aggregate: A, streamId: string, command: CommandOf[A], meta: CommandMeta, options?: HandleOptions<A>): Promise<CommandResult<A>>;
  load<A extends AggregateName>(aggregate: A, streamId: string): Promise<LoadedAggregate<A>>;
}

// By class and by code: a backend's errors may come from another copy of the module (a bundled driver).
const hasCode = (error: unknown, code: string): boolean => (error as { code?: unknown } | null)?.code === code;
const isConflict = (error: unknown): boolean => error instanceof ConcurrencyError || hasCode(error, 'CONCURRENCY_CONFLICT');

function fold(spec: AggregateSpec, streamId: string, events: readonly RecordedEvent[]): unknown {
  return events.reduce((state, e) => {
    if (!spec.eventTypes.has(e.type)) throw new Error(`stream ${streamId} holds ${e.type}, not an event of its aggregate`);
    return spec.decider.evolve(state, { type: e.type, data: e.data });
  }, spec.decider.initialState);
}

function checkStream(aggregate: AggregateName, spec: AggregateSpec, streamId: string, command: { type: string }): void {
  if (!isStreamOfAggregate(aggregate, streamId)) throw new RangeError(`stream ${streamId} is not a ${aggregate} stream`);
  const created = spec.createdId(command);
  // Only the case aggregates (prefixed streams) have creating commands.
  const named = created === null ? null : streamIdOf(aggregate as PrefixedStream, created);
  if (named !== null && streamId !== named) throw new RangeError(`${command.type} creates ${named}, not ${streamId}`);
}

/**
 * Loads the stream (once), folds it with `evolve`, decides, and appends with the exact revision read, tagging
 * every event with actor, channel, command, correlation and causation ids and the clock's instant. A
 * concurrency conflict re-reads and re-decides on the fresh state (bounded, with backoff and jitter), so of
 * two clerks deciding at once one wins and the other is refused by the rules; a caller that named the
 * revision it decided against (If-Match) gets the conflict instead. A command id seen before, in the stream
 * or by the store, appends nothing and returns the first result.
 */
export function createCommandHandler(options: CommandHandlerOptions): CommandHandler {
  const { store, clock } = options;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const pause = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const reviewDueWorkdays = options.reviewDueWorkdays ?? DEFAULT_REVIEW_DUE_WORKDAYS;
  // Read by the deciders that need them only: a handler for reports and calendars is opened without them.
  const environment: DeciderEnvironment = {
    get catalog(): Catalog {
      if (options.catalog === undefined) throw new Error('this command handler was opened without a catalog');
      return typeof options.catalog === 'function' ? options.catalog() : options.catalog;
    },
    get calendar(): DeciderCalendar {
      if (options.calendar === undefined) throw new Error('this command handler was opened without a calendar');
      return options.calendar;
    },
    reviewDueWorkdays,
  };

  const answered = <A extends AggregateName>(spec: AggregateSpec, streamId: string, stream: readonly RecordedEvent[], commandId: string): CommandResult<A> | null => {
    const mine = stream.filter((e) => e.metadata.commandId === commandId);
    const last = mine.at(-1);
    if (!last) return null;
    const upTo = stream.filter((e) => e.revision <= last.revision);
    return {
      streamId,
      events: mine.map(({ eventId, revision, type, data, metadata }) => ({ eventId, streamId, revision, type, data, metadata })),
      nextRevision: last.revision,
      position: last.position,
      duplicate: true,
      state: fold(spec, streamId, upTo) as StateOf[A],
    };
  };

  async function attempt<A extends AggregateName>(
    aggregate: A,
    streamId: string,
    command: CommandOf[A],
    meta: CommandMeta,
    stream: readonly RecordedEvent[],
    expected: ExpectedVersion | undefined,
  ): Promise<CommandResult<A>> {
    const spec = aggregates[aggregate];
    const seen = answered<A>(spec, streamId, stream, meta.commandId);
    if (seen) return seen;
    const revision = stream.at(-1)?.revision ?? null;
    if (expected !== undefined && !expectedVersionHolds(expected, revision)) throw new ConcurrencyError(streamId, expected, revision);

    const now = clock();
    const context: CommandContext = { actor: meta.actor, channel: meta.channel, today: meta.today ?? shanghaiDate(now) };
    const before = fold(spec, streamId, stream);
    const decided = spec.decider.decide(command, before, context, spec.deps(environment));
    const state = decided.reduce((acc, e) => spec.decider.evolve(acc, e), before) as StateOf[A];
    if (decided.length === 0) {
      return { streamId, events: [], nextRevision: revision ?? -1, position: stream.at(-1)?.position ?? 0, duplicate: false, state };
    }

    const events = eventsOfCommand(decided, meta, toShanghaiInstant(now));
    const appended = await store.append(streamId, events, { expectedVersion: revision ?? 'no_stream', commandId: meta.commandId });
    if (appended.duplicate) {
      // The same command, handled concurrently, got there first: answer with what it appended.
      const first = answered<A>(spec, streamId, await store.readStream(streamId), meta.commandId);
      if (first) return first;
      throw new Error(`command ${meta.commandId} is recorded by the store but not found in ${streamId}`);
    }
    const firstRevision = appended.nextRevision - events.length + 1;
    return {
      streamId,
      events: events.map((e, i) => ({ ...e, streamId, revision: firstRevision + i })),
      nextRevision: appended.nextRevision,
      position: appended.position,
      duplicate: false,
      state,
    };
  }

  return {
    async handle(aggregate, streamId, command, meta, handleOptions = {}) {
      checkStream(aggregate, aggregates[aggregate], streamId, command);
      const expected = handleOptions.expected === 'any' ? undefined : handleOptions.expected;
      let stream = handleOptions.loaded?.events;
      for (let tried = 1; ; tried++) {
        try {
          return await attempt(aggregate, streamId, command, meta, stream ?? (await store.readStream(streamId)), expected);
        } catch (error) {
          if (!isConflict(error) || expected !== undefined || tried >= policy.attempts) throw error;
          stream = undefined;
          await pause(backoffDelay(tried, policy, random));
        }
      }
    },

    async load(aggregate, streamId) {
      const spec = aggregates[aggregate];
      const events = await store.readStream(streamId);
      return { state: fold(spec, streamId, events) as StateOf[typeof aggregate], revision: events.at(-1)?.revision ?? null, events };
    },
  };
}
