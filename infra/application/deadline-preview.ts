import { applicationDecider } from '../../services/application/index.js';
import type { ApplicationState } from '../../services/application/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';
import type { Catalog } from '../../services/catalog/item-schema.js';
import { DomainError } from '../../services/decider.js';
import { streamIdOf } from '../commands/aggregates.js';
import type { CommandHandler } from '../commands/command-handler.js';
import type { DeadlineMoves, DeadlinePair } from './calendar-keeper.js';

/** How many moving cases a preview names; the rest are counted. */
const NAMED = 5;

export interface DeadlinePreviewParts {
  /** Open applications whose deadlines run or are suspended (the work queue's view). */
  openApplications(): readonly string[];
  commands: Pick<CommandHandler, 'load'>;
  catalog(): Catalog;
  today(): string;
}

const pair = (d: NonNullable<ApplicationState['deadlines']>): DeadlinePair => ({
  committedDeadline: d.committedDeadline,
  statutoryDeadline: d.statutoryDeadline,
  provisional: d.provisional ?? false,
});

/**
 * What recomputation on `next` would do to the open deadlines, without writing anything: the decider's own
 * recomputeDeadlines on each open case's stream, so the preview and the calendar process agree by construction.
 */
export async function previewDeadlineMoves(parts: DeadlinePreviewParts, next: WorkCalendar): Promise<DeadlineMoves> {
  const moves: DeadlineMoves = { examined: 0, moving: 0, first: [] };
  const ctx = { actor: { role: 'system' as const, id: 'calendar-preview' }, channel: 'system' as const, today: parts.today() };
  for (const applicationId of parts.openApplications()) {
    const { state } = await parts.commands.load('application', streamIdOf('application', applicationId));
    moves.examined += 1;
    let events;
    try {
      events = applicationDecider.decide({ type: 'recomputeDeadlines' }, state, ctx, { catalog: parts.catalog(), calendar: next });
    } catch (error) {
      if (error instanceof DomainError) continue; // decided meanwhile
      throw error;
    }
    const recomputed = events[0];
    if (!recomputed || !state.deadlines) continue;
    moves.moving += 1;
    if (moves.first.length < NAMED) moves.first.push({ applicationId, before: pair(state.deadlines), after: pair(recomputed.data as NonNullable<ApplicationState['deadlines']>) });
  }
  return moves;
}
