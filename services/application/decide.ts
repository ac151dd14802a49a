import type { CommandContext, Decider } from '../decider.js';
import type { ApplicationCommand } from './commands.js';
import { decideExtension, decideResume, decideSuspend } from './decide-clock.js';
import { decideRecompute } from './decide-recompute.js';
import {
  decideAccept,
  decideDeemedAcceptance,
  decideOnTheSpot,
  decidePreReview,
  decideReceiveSupplement,
  decideRefuseIntake,
  decideRequestSupplement,
  decideWithdraw,
} from './decide-intake.js';
import { decideDecision, decideDispatch, decideIssue, decideRating, decideReceipt, decideVisit } from './decide-result.js';
import { decideSubmit } from './decide-submit.js';
import type { ApplicationDeps } from './deps.js';
import type { ApplicationPendingEvent } from './events.js';
import { evolveApplication } from './evolve.js';
import { initialApplicationState } from './state.js';
import type { ApplicationState } from './state.js';

export function decideApplication(command: ApplicationCommand, state: ApplicationState, ctx: CommandContext, deps: ApplicationDeps): ApplicationPendingEvent[] {
  switch (command.type) {
    case 'submitApplication':
      return decideSubmit(command, state, ctx, deps);
    case 'completePreReview':
      return decidePreReview(command, state, ctx);
    case 'requestSupplement':
      return decideRequestSupplement(command, state, ctx, deps);
    case 'receiveSupplement':
      return decideReceiveSupplement(command, state, ctx, deps);
    case 'acceptApplication':
      return decideAccept(command, state, ctx, deps);
    case 'refuseIntake':
      return decideRefuseIntake(command, state, ctx, deps);
    case 'checkDeemedAcceptance':
      return decideDeemedAcceptance(command, state, ctx, deps);
    case 'suspendClock':
      return decideSuspend(command, state, ctx);
    case 'resumeClock':
      return decideResume(command, state, ctx, deps);
    case 'grantExtension':
      return decideExtension(command, state, ctx, deps);
    case 'recomputeDeadlines':
      return decideRecompute(command, state, ctx, deps);
    case 'decideApplication':
      return decideDecision(command, state, ctx);
    case 'handleOnTheSpot':
      return decideOnTheSpot(command, state, ctx, deps);
    case 'issueResult':
      return decideIssue(command, state, ctx);
    case 'dispatchResult':
      return decideDispatch(command, state, ctx, deps);
    case 'recordReceipt':
      return decideReceipt(command, state, ctx);
    case 'recordVisit':
      return decideVisit(command, state, ctx);
    case 'withdrawApplication':
      return decideWithdraw(command, state, ctx);
    case 'rateApplication':
      return decideRating(command, state, ctx);
  }
}

/** The item application (办件) decider, stream `application-<id>`. */
export const applicationDecider: Decider<ApplicationCommand, ApplicationState, ApplicationPendingEvent, ApplicationDeps> = {
  initialState: initialApplicationState,
  decide: decideApplication,
  evolve: evolveApplication,
};
