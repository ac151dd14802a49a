import type { reviewEvents } from '../../events/index.js';
import type { PendingOf } from '../pending-events.js';

export type ReviewPendingEvent = PendingOf<(typeof reviewEvents)[number]>;
export type ReviewEventType = ReviewPendingEvent['type'];

export function reviewEvent<T extends ReviewEventType>(type: T, data: Extract<ReviewPendingEvent, { type: T }>['data']): Extract<ReviewPendingEvent, { type: T }> {
  return { type, data } as Extract<ReviewPendingEvent, { type: T }>;
}
