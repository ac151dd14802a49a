import type { ApplicationRated, BundleMemberConcluded, BundleSubmitted, DataOf } from '../../events/index.js';
import { readyMembers } from '../../services/bundle/index.js';
import type { Catalog } from '../../services/catalog/item-schema.js';
import { DomainError } from '../../services/decider.js';
import type { CommandMeta } from '../commands/command-handler.js';
import type { CaseAggregate, CommandOf } from '../commands/aggregates.js';
import { BUNDLE_PROCESS, memberApplicationId } from '../process-managers/bundle-process.js';
import { reactionMeta } from '../process-managers/process-meta.js';
import { concludeMember, memberConclusionOf, memberSubmission, reviewTicketFor, skipRefusedMember } from '../process-managers/reaction-commands.js';
import { REVIEW_PROCESS, reviewTicketIdFor } from '../process-managers/review-process.js';
import type { RecordedEvent } from '../store/port.js';
import type { ApplicationCase, BundleCase, ReviewCase, SeedCase, StreamCase } from './cases.js';

/**
 * What the live process managers (infra/process-managers) do on the log, done on the simulation's log as it
 * is written: the same triggers, the same commands, the same derived command ids and reaction metadata, so
 * the seeded history is the one the live system would have written. tests/integration/seed.test.ts runs the
 * real process managers over a seeded store and checks they find nothing left to do.
 */
export interface ReactionHost {
  readonly catalog: Catalog;
  bundle(bundleId: string): BundleCase | undefined;
  /** Sends a process manager's command now (its metadata from reactionMeta). */
  send<A extends CaseAggregate>(aggregate: A, kase: StreamCase<unknown>, command: CommandOf[A], meta: CommandMeta): RecordedEvent[];
  /** A new, empty application case for a bundle member about to be submitted. */
  memberCase(bundle: BundleCase, itemCode: string, applicationId: string): ApplicationCase;
  /** A member application was submitted: its course begins. */
  memberStarted(kase: ApplicationCase): void;
  /** A new, empty review ticket for a bad rating of the application. */
  reviewCase(ticketId: string, application: ApplicationCase): ReviewCase;
  ticketOpened(kase: ReviewCase): void;
}

/** The bundle process manager's openReadyMembers: submit each ready member's application, then record it opened. */
function openReadyMembers(bundle: BundleCase, trigger: RecordedEvent, on: string, host: ReactionHost): void {
  for (;;) {
    const state = bundle.state;
    const next = readyMembers(state)[0];
    if (!next || state.bundleId === null) return;
    const bundleId = state.bundleId;
    const applicationId = memberApplicationId(bundleId, next.itemCode);
    const item = host.catalog.item(next.itemCode);
    const member = host.memberCase(bundle, next.itemCode, applicationId);
    try {
      if (!item) throw new DomainError('UNKNOWN_ITEM', 'submitApplication', 'none', `item ${next.itemCode} is not in the catalog`);
      host.send('application', member, memberSubmission(state, item, applicationId), reactionMeta(BUNDLE_PROCESS, trigger, ['submit', bundleId, next.itemCode], on));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      host.send('bundle', bundle, skipRefusedMember(next.itemCode, error), reactionMeta(BUNDLE_PROCESS, trigger, ['skip', bundleId, next.itemCode], on));
      continue;
    }
    host.memberStarted(member);
    host.send('bundle', bundle, { type: 'openMember', itemCode: next.itemCode, applicationId }, reactionMeta(BUNDLE_PROCESS, trigger, ['open', bundleId, next.itemCode], on));
  }
}

/** infra/process-managers/bundle-process.ts react(), for an event written on `source`'s stream. */
export function reactAsBundleProcess(event: RecordedEvent, source: SeedCase, host: ReactionHost): void {
  if (source.kind === 'bundle') {
    if (event.type === 'BundleSubmitted') openReadyMembers(source, event, (event.data as DataOf<typeof BundleSubmitted>).submittedOn, host);
    else if (event.type === 'BundleMemberConcluded') openReadyMembers(source, event, (event.data as DataOf<typeof BundleMemberConcluded>).concludedOn, host);
    return;
  }
  if (source.kind !== 'application') return;
  const conclusion = memberConclusionOf(event);
  const { bundleId, itemCode, applicationId } = source.state;
  if (!conclusion || bundleId === null || itemCode === null || applicationId === null) return;
  const bundle = host.bundle(bundleId);
  if (!bundle) throw new Error(`member ${applicationId} concluded, but its bundle ${bundleId} is not in the simulation`);
  host.send(
    'bundle',
    bundle,
    concludeMember({ itemCode, applicationId }, conclusion),
    reactionMeta(BUNDLE_PROCESS, event, ['conclude', bundleId, itemCode], conclusion.on),
  );
}

/** infra/process-managers/review-process.ts react(): a rating of 1–2 stars opens a 差评工单. */
export function reactAsReviewProcess(event: RecordedEvent, source: SeedCase, host: ReactionHost): void {
  if (event.type !== 'ApplicationRated' || source.kind !== 'application') return;
  const rating = event.data as DataOf<typeof ApplicationRated>;
  if (rating.level > 2) return;
  const state = source.state;
  if (!state.applicationId || !state.itemCode || !state.department) throw new Error(`${event.streamId}: a rating on an application that was never submitted`);
  const ticketId = reviewTicketIdFor(event.eventId);
  const command = reviewTicketFor(rating, ticketId, { applicationId: state.applicationId, itemCode: state.itemCode, department: state.department });
  if (!command) return;
  const ticket = host.reviewCase(ticketId, source);
  host.send(
    'review',
    ticket,
    command,
    reactionMeta(REVIEW_PROCESS, event, ['open-ticket', event.eventId], rating.ratedOn),
  );
  host.ticketOpened(ticket);
}
