// Commands on a 差评工单 review ticket, stream `review-<id>`.

/** Opened by a rating of 1–2 stars (the review process manager does it); due in N working days. */
export interface OpenReviewTicket {
  type: 'openReviewTicket';
  /** Equals the id in the stream name. */
  ticketId: string;
  applicationId: string;
  itemCode: string;
  department: string;
  level: number;
  tags: string[];
  /** The rating date; defaults to the day the command is handled. */
  openedOn?: string;
  /** Defaults to the configured number (15 working days unless set otherwise). */
  dueWorkdays?: number;
}

/** 回访: the handling unit called the applicant back. */
export interface RecordReviewCallback {
  type: 'recordCallback';
  note: string;
}

/** 整改 (rectified) or 解释说明 (explained, for a groundless rating). */
export interface ResolveReview {
  type: 'resolveReview';
  resolution: 'rectified' | 'explained';
  note: string;
}

/** 申诉复核: the unit appeals a rating it holds was wrongly filed. */
export interface FileReviewAppeal {
  type: 'fileAppeal';
  reason: string;
}

/** Upheld: the rating was wrongly filed and the ticket is void. Not upheld: the ticket must still be resolved. */
export interface DecideReviewAppeal {
  type: 'decideAppeal';
  upheld: boolean;
  note: string;
}

export type ReviewCommand = OpenReviewTicket | RecordReviewCallback | ResolveReview | FileReviewAppeal | DecideReviewAppeal;
