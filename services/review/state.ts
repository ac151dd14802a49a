export interface ReviewState {
  /** open: work to do; resolved: rectified or explained; void: an appeal found the rating wrongly filed. */
  status: 'none' | 'open' | 'resolved' | 'void';
  ticketId: string | null;
  applicationId: string | null;
  /** The handling unit: its clerks work the ticket (DESIGN.md §7). */
  department: string | null;
  openedOn: string | null;
  dueOn: string | null;
  dueWorkdays: number;
  callbacks: number;
  appeal: 'none' | 'pending' | 'upheld' | 'rejected';
  resolution: { resolution: 'rectified' | 'explained'; resolvedOn: string; onTime: boolean } | null;
}

export const initialReviewState: ReviewState = {
  status: 'none',
  ticketId: null,
  applicationId: null,
  department: null,
  openedOn: null,
  dueOn: null,
  dueWorkdays: 0,
  callbacks: 0,
  appeal: 'none',
  resolution: null,
};
