import type { DomainEvent } from '../events/index.js';
import type { LogEvent } from './log-event.js';

/** The name of a registered event type (events/index.ts): a misspelt name is not one. */
export type EventType = DomainEvent['type'];

/** The log events of the given types: what a fold that reads only them gets to see. */
export type LogEventOf<T extends EventType> = Extract<LogEvent, { type: T }>;

/**
 * The event types a projection reads: a plain Set of their names at run time (the runner routes by it,
 * SqlProjection.events, and the fold's guard is one look-up), typed with the names. A fold that starts with
 * `if (!eventIn(EVENTS, event)) return;` sees only the set's events after it: a `case 'X':` for a type the set
 * lacks does not compile (TS2678), since the runner would never hand it an X.
 */
export interface EventTypeSet<T extends EventType> extends ReadonlySet<string> {
  has(type: string): type is T;
}

/** The set of the given registered event types, e.g. `eventTypeSet(['BundleSubmitted', 'BundleCompleted'])`. */
export function eventTypeSet<const T extends EventType>(types: readonly T[]): EventTypeSet<T> {
  // Set.prototype.has is the predicate `has` declares: true exactly for the names the set was built from.
  const names: ReadonlySet<string> = new Set<string>(types);
  return names as EventTypeSet<T>;
}

/** Whether `event` is of a type in `set`, narrowing it to those types: the one Set look-up a fold's guard costs. */
export function eventIn<T extends EventType>(set: EventTypeSet<T>, event: LogEvent): event is LogEventOf<T> {
  return set.has(event.type);
}
