import type { Actor, Channel, LocalDate } from '../events/index.js';

/**
 * The shape of every aggregate's write-side logic: pure `decide` and `evolve`.
 * A command handler in infra/ loads the stream, folds it with `evolve`, calls `decide`, and appends.
 */

/** An event as a decider emits it: the handler wraps it in the envelope (ids, actor, channel, time). */
export interface PendingEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
}

/** What a decision may know beyond the stream: who asks, through which channel, and the date on the law's clock. */
export interface CommandContext {
  actor: Actor;
  channel: Channel;
  /** The Asia/Shanghai local date the command is handled on. */
  today: LocalDate;
}

export interface Decider<TCommand, TState, TEvent extends PendingEvent, TDeps> {
  initialState: TState;
  decide(command: TCommand, state: TState, context: CommandContext, deps: TDeps): TEvent[];
  evolve(state: TState, event: TEvent): TState;
}

/** A command refused by the rules; nothing is appended. Names the state and the command. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly command: string,
    readonly state: string,
    message: string,
  ) {
    super(`${command} refused in state ${state}: ${message}`);
    this.name = 'DomainError';
  }
}
