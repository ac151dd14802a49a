export { createCommandHandler } from './command-handler.js';
export type { CommandHandler, CommandHandlerOptions, CommandMeta, CommandResult, HandleOptions, HandledEvent, LoadedAggregate } from './command-handler.js';
export { aggregates, streamIdOf } from './aggregates.js';
export type { AggregateName, CaseAggregate, CommandOf, StateOf } from './aggregates.js';
export { toolMeta } from './tool-meta.js';
export { ID_NAMESPACE, derivedId, eventIdOf, newAggregateId } from './ids.js';
export { DEFAULT_RETRY, backoffDelay } from './retry.js';
export type { RetryPolicy } from './retry.js';
