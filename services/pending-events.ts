import type { z } from 'zod';
import type { EventDefinition } from '../events/index.js';
import type { PendingEvent } from './decider.js';

/** The event a decider emits for a declared event type: its name and the data its schema describes. */
export type PendingOf<D> = D extends EventDefinition<infer T, infer S> ? PendingEvent<T, z.infer<S>> : never;
