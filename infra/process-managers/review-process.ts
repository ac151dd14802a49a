import type { ApplicationRated, DataOf } from '../../events/index.js';
import type { EventStore, RecordedEvent } from '../store/port.js';
import type { CommandHandler } from '../commands/command-handler.js';
import { derivedId } from '../commands/ids.js';
import { streamIdOf } from '../commands/aggregates.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { reactionMeta } from './process-meta.js';
import { reviewTicketFor } from './reaction-commands.js';
import { runReaction } from './reaction-runner.js';
import type { RunningProcess } from './reaction-runner.js';

export const REVIEW_PROCESS = 'review-process';

export interface ReviewProcessOptions {
  store: EventStore;
  commands: CommandHandler;
  checkpoints: CheckpointStore;
  name?: string;
}

export interface ReviewProcessManager {
  readonly name: string;
  react(event: RecordedEvent): Promise<void>;
  start(): Promise<RunningProcess>;
}

/** The ticket a bad rating opens: derived from the rating event, so a redelivered rating finds the same ticket. */
export function reviewTicketIdFor(ratingEventId: string): string {
  return derivedId('review-ticket', ratingEventId);
}

/**
 * Opens a 差评工单 for every rating of 1–2 stars, as a reaction rather than inside the rating command: the
 * rating is the applicant's fact and stands on its own; the ticket is the bureau's follow-up, on its own
 * stream, due in the configured working days from the rating date (the command handler's reviewDueWorkdays).
 */
export function createReviewProcessManager(options: ReviewProcessOptions): ReviewProcessManager {
  const { store, commands, checkpoints } = options;
  const name = options.name ?? REVIEW_PROCESS;

  async function react(event: RecordedEvent): Promise<void> {
    if (event.type !== 'ApplicationRated') return;
    const rating = event.data as DataOf<typeof ApplicationRated>;
    if (rating.level > 2) return;
    const { state } = await commands.load('application', event.streamId);
    if (!state.applicationId || !state.itemCode || !state.department) {
      throw new Error(`${event.streamId}: a rating on an application that was never submitted`);
    }
    const ticketId = reviewTicketIdFor(event.eventId);
    const ticket = reviewTicketFor(rating, ticketId, { applicationId: state.applicationId, itemCode: state.itemCode, department: state.department });
    if (!ticket) return;
    await commands.handle(
      'review',
      streamIdOf('review', ticketId),
      ticket,
      reactionMeta(name, event, ['open-ticket', event.eventId], rating.ratedOn),
    );
  }

  return { name, react, start: () => runReaction({ name, store, checkpoints, react }) };
}
