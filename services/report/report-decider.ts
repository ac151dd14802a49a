import type { DataOf, ReportPublished } from '../../events/index.js';
import type { Decider, PendingEvent } from '../decider.js';
import { DomainError } from '../decider.js';

/** A month's report stream (定期通报): how many times it was published. */
export interface ReportStreamState {
  publications: number;
}

export type ReportCommand = {
  type: 'publishReport';
  /** The month's figures, frozen by the caller once the read models reached the log's head. */
  report: DataOf<typeof ReportPublished>;
  /** A second publication of a month is a revision, and must say so. */
  revise: boolean;
};

export type ReportPendingEvent = PendingEvent<'ReportPublished', DataOf<typeof ReportPublished>>;

/** Publication of a monthly report: the first once, then only as a revision; the first stays in the log. */
export const reportDecider: Decider<ReportCommand, ReportStreamState, ReportPendingEvent, undefined> = {
  initialState: { publications: 0 },
  decide(command, state) {
    const { month } = command.report;
    if (!command.revise && state.publications > 0) {
      throw new DomainError('REPORT_ALREADY_PUBLISHED', command.type, `${state.publications} publications`, `${month} is published; a revision must say so`);
    }
    if (command.revise && state.publications === 0) {
      throw new DomainError('REPORT_NOT_PUBLISHED', command.type, 'no publication', `there is no report of ${month} to revise`);
    }
    return [{ type: 'ReportPublished', data: command.report }];
  },
  evolve(state) {
    return { publications: state.publications + 1 };
  },
};
