import type { Actor, Channel, EventMetadata } from '../../events/index.js';
import type { PendingEvent } from '../../services/decider.js';
import type { NewEvent } from '../store/port.js';
import { eventIdOf } from './ids.js';

/** What every event of one command carries: who, through which channel, and how it relates to others. */
export interface CommandOrigin {
  commandId: string;
  correlationId: string;
  /** Defaults to the command id: a command nobody caused is its own cause. */
  causationId?: string;
  actor: Actor;
  channel: Channel;
}

/**
 * The decider's events as they are appended: one metadata envelope for the command, and event ids derived
 * from the command id and the index, so a retried command produces the same ids. Shared by the command
 * handler and the seed's stream writer, which must write the history the handler would.
 */
/** A new event whose id is settled (NewEvent's id is optional: the store would make one). */
export type CommandEvent = NewEvent & { eventId: string };

export function eventsOfCommand(decided: readonly PendingEvent[], origin: CommandOrigin, occurredAt: string): CommandEvent[] {
  const metadata: EventMetadata = {
    actor: origin.actor,
    channel: origin.channel,
    commandId: origin.commandId,
    correlationId: origin.correlationId,
    causationId: origin.causationId ?? origin.commandId,
    occurredAt,
  };
  return decided.map((e, i) => ({ eventId: eventIdOf(origin.commandId, i), type: e.type, data: e.data, metadata }));
}
