export { createCommandHandler } from './command-handler.js';
export type { CommandHandler, CommandHandlerOptions, CommandMeta, CommandResult, HandledEvent, LoadedAggregate } from './command-handler.js';
export { aggregates, streamIdOf } from './aggregates.js';
export type { AggregateName, CommandOf, StateOf } from './aggregates.js';
export { ID_NAMESPACE, derivedId, eventIdOf, newAggregateId } from './ids.js';
export { DEFAULT_RETRY, backoffDelay } from './retry.js';
export type { RetryPolicy } from './retry.js';
