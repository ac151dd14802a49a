import type { applicationEvents } from '../../events/index.js';
import type { PendingOf } from '../pending-events.js';

export type ApplicationPendingEvent = PendingOf<(typeof applicationEvents)[number]>;
export type ApplicationEventType = ApplicationPendingEvent['type'];
export type ApplicationEventData<T extends ApplicationEventType> = Extract<ApplicationPendingEvent, { type: T }>['data'];

/** A typed application event; keeps the deciders free of casts. */
export function applicationEvent<T extends ApplicationEventType>(type: T, data: ApplicationEventData<T>): Extract<ApplicationPendingEvent, { type: T }> {
  return { type, data } as Extract<ApplicationPendingEvent, { type: T }>;
}
