import type { Actor } from '../../events/index.js';
import type { CommandMeta } from './command-handler.js';

/**
 * The metadata of a command no request carries (a catalog or calendar publication, a report, a start-up
 * record): the command is its own correlation, and it comes through the system channel.
 */
export function toolMeta(actor: Actor, commandId: string): CommandMeta {
  return { actor, channel: 'system', commandId, correlationId: commandId };
}
