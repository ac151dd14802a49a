import { applicationEvents } from './application-events.js';
import { bundleEvents } from './bundle-events.js';
import { catalogEvents } from './catalog-events.js';
import { reviewEvents } from './review-events.js';
import { createRegistry } from './registry.js';
import type { EventOf } from './registry.js';

export * from './envelope.js';
export * from './common.js';
export * from './registry.js';
export * from './clock.js';
export * from './application-events.js';
export * from './bundle-events.js';
export * from './review-events.js';
export * from './catalog-events.js';
export * from './streams.js';

export const allEventDefinitions = [...applicationEvents, ...bundleEvents, ...reviewEvents, ...catalogEvents] as const;

/** Every event this code knows, for the stores to validate appends and parse reads. */
export const eventRegistry = createRegistry(allEventDefinitions);

export type ApplicationEvent = EventOf<(typeof applicationEvents)[number]>;
export type BundleEvent = EventOf<(typeof bundleEvents)[number]>;
export type ReviewEvent = EventOf<(typeof reviewEvents)[number]>;
export type DomainEvent = EventOf<(typeof allEventDefinitions)[number]>;
