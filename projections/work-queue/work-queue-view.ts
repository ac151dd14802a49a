import type { WorkItemRow } from './work-item-row.js';

export interface WorkQueueEntry extends WorkItemRow {
  /** Past the due date (超期). */
  overdue: boolean;
  /** Within 2 working days of the due date and not yet past it (临期). */
  dueSoon: boolean;
}

/** The flags of a queue row on `today`: date comparisons against the stored due and warning dates. */
export function toWorkQueueEntry(row: WorkItemRow, today: string): WorkQueueEntry {
  const overdue = row.dueOn !== null && today > row.dueOn;
  const dueSoon = !overdue && row.warnFrom !== null && today >= row.warnFrom;
  return { ...row, overdue, dueSoon };
}
