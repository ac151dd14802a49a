import type { Actor, Channel } from '../../events/index.js';
import { eventRegistry } from '../../events/index.js';
import type { CommandContext, PendingEvent } from '../../services/decider.js';
import { aggregates, streamIdOf } from '../commands/aggregates.js';
import type { CaseAggregate, CommandOf, DeciderEnvironment } from '../commands/aggregates.js';
import { eventsOfCommand } from '../commands/command-events.js';
import type { RecordedEvent } from '../store/port.js';
import type { StreamCase } from './cases.js';
import type { EventSink } from './event-sink.js';

/** Who sends a command and how it relates to the others: the command handler's CommandMeta, with the time it happens. */
export interface SimulatedMeta {
  commandId: string;
  correlationId: string;
  causationId?: string;
  actor: Actor;
  channel: Channel;
  /** The date on the law's clock (CommandContext.today). */
  today: string;
  /** metadata.occurredAt: a +08:00 instant on `today`. */
  occurredAt: string;
}

export interface StreamWriter {
  /**
   * Decides the command on the case's folded state with the aggregate's pure decider, appends the events
   * with the exact expected revision and the command id, and folds them in: what infra/commands'
   * createCommandHandler does, minus the read (the state is in memory) and the wait (the sink commits later).
   * A DomainError from the decider propagates: nothing is appended for a refused command.
   */
  write<A extends CaseAggregate>(aggregate: A, kase: StreamCase<unknown>, command: CommandOf[A], meta: SimulatedMeta): RecordedEvent[];
  /** Global position of the last event written (the store's head once the sink has flushed). */
  readonly position: number;
}

export function createStreamWriter(env: DeciderEnvironment, sink: EventSink, startPosition: number): StreamWriter {
  const deps = {
    application: aggregates.application.deps(env),
    bundle: aggregates.bundle.deps(env),
    review: aggregates.review.deps(env),
  };
  let position = startPosition;
  return {
    write(aggregate, kase, command, meta) {
      const spec = aggregates[aggregate];
      const created = spec.createdId(command);
      if (created !== null && kase.streamId !== streamIdOf(aggregate, created)) {
        throw new RangeError(`${command.type} creates ${streamIdOf(aggregate, created)}, not ${kase.streamId}`);
      }
      const context: CommandContext = { actor: meta.actor, channel: meta.channel, today: meta.today };
      const decided: PendingEvent[] = spec.decider.decide(command, kase.state, context, deps[aggregate]);
      if (decided.length === 0) return [];
      const events = eventsOfCommand(decided, meta, meta.occurredAt);
      sink.append(kase.streamId, events, { expectedVersion: kase.revision ?? 'no_stream', commandId: meta.commandId });
      const first = (kase.revision ?? -1) + 1;
      const recorded = events.map(
        (e, i): RecordedEvent => ({
          ...e,
          streamId: kase.streamId,
          revision: first + i,
          position: position + i + 1,
          schemaVersion: eventRegistry.definition(e.type).version,
        }),
      );
      position += events.length;
      kase.state = decided.reduce((state, e) => spec.decider.evolve(state, e), kase.state);
      kase.revision = first + events.length - 1;
      return recorded;
    },
    get position() {
      return position;
    },
  };
}
