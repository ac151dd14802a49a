import { expect } from 'chai';
import { DomainError } from '../../services/decider.js';
import type { CommandContext, Decider, PendingEvent } from '../../services/decider.js';

/** A refusal expected from `then`: the DomainError code, and optionally the state it names. */
export interface Refusal {
  refused: string;
  state?: string;
}

export interface WhenOutcome<S, E> {
  /** The decided events equal these exactly, or the command is refused with this code (naming state and command). */
  then(expected: readonly E[] | Refusal): void;
  /** The decided events, for assertions on a part of them. */
  events(): E[];
  /** The state after the given events and the decided ones. */
  state(): S;
}

/**
 * given(events).when(command).then(events | refusal): the decider's rules as a table of stories.
 * The context's date, actor and channel default to the spec's and can be changed per command.
 */
export function deciderSpec<C extends { type: string }, S, E extends PendingEvent, D>(
  decider: Decider<C, S, E, D>,
  deps: D,
  defaults: CommandContext,
) {
  const fold = (events: readonly E[], from: S = decider.initialState): S => events.reduce((state, e) => decider.evolve(state, e), from);
  return {
    fold,
    given: (history: readonly E[]) => {
      const before = fold(history);
      return {
        state: () => before,
        when(command: C, context: Partial<CommandContext> = {}): WhenOutcome<S, E> {
          const ctx = { ...defaults, ...context };
          const run = (): E[] => decider.decide(command, before, ctx, deps);
          return {
            then(expected) {
              if (Array.isArray(expected)) {
                expect(run()).to.deep.equal(expected);
                return;
              }
              const refusal = expected as Refusal;
              let error: unknown;
              try {
                const events = run();
                expect.fail(`expected ${command.type} to be refused with ${refusal.refused}, it decided ${events.map((e) => e.type).join(', ')}`);
              } catch (e) {
                error = e;
              }
              expect(error, String(error)).to.be.instanceOf(DomainError);
              const domain = error as DomainError;
              expect(domain.code, domain.message).to.equal(refusal.refused);
              expect(domain.command).to.equal(command.type);
              expect(domain.message).to.contain(command.type).and.to.contain(`state ${domain.state}`);
              if (refusal.state !== undefined) expect(domain.state).to.equal(refusal.state);
            },
            events: run,
            state: () => fold(run(), before),
          };
        },
      };
    },
  };
}
