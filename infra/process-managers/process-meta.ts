import type { RecordedEvent } from '../store/port.js';
import type { CommandMeta } from '../commands/command-handler.js';
import { derivedId } from '../commands/ids.js';

/**
 * The metadata of a command a process manager sends for a triggering event. The command id is derived from
 * `step` (what is done, to what), so whichever event triggers the step, and however often, it is one command.
 */
export function reactionMeta(processName: string, trigger: RecordedEvent, step: readonly string[], today: string): CommandMeta {
  return {
    commandId: derivedId(processName, ...step),
    correlationId: trigger.metadata.correlationId,
    causationId: trigger.eventId,
    actor: { role: 'system', id: processName },
    channel: 'system',
    today,
  };
}
