import type { bundleEvents } from '../../events/index.js';
import type { PendingOf } from '../pending-events.js';

export type BundlePendingEvent = PendingOf<(typeof bundleEvents)[number]>;
export type BundleEventType = BundlePendingEvent['type'];

export function bundleEvent<T extends BundleEventType>(type: T, data: Extract<BundlePendingEvent, { type: T }>['data']): Extract<BundlePendingEvent, { type: T }> {
  return { type, data } as Extract<BundlePendingEvent, { type: T }>;
}
