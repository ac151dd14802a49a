import { v5 as uuidv5 } from 'uuid';

/** The namespace of every id this backend derives by name (uuid v5); fixed forever, or derived ids change. */
export const ID_NAMESPACE = '8a7f0e52-4c1b-5d3e-9f60-2b8c4d6e1a37';

/** A uuid that is the same for the same parts, everywhere and always: a retried or redelivered step reuses it. */
export function derivedId(...parts: readonly string[]): string {
  return uuidv5(parts.join('\u001f'), ID_NAMESPACE);
}

/**
 * The id of an aggregate a creating command makes (an application, a bundle): derived from the command id,
 * so a retried submit lands on the same stream and gets the same id back.
 */
export function newAggregateId(commandId: string): string {
  return derivedId('aggregate', commandId);
}

/** The event ids of one command's append: stable, so nothing depends on a random draw. */
export function eventIdOf(commandId: string, index: number): string {
  return derivedId('event', commandId, String(index));
}
