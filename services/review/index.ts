export type * from './commands.js';
export { DEFAULT_REVIEW_DUE_WORKDAYS } from './deps.js';
export type { ReviewDeps } from './deps.js';
export type { ReviewPendingEvent, ReviewEventType } from './events.js';
export { reviewEvent } from './events.js';
export { reviewDecider, decideReview } from './decide.js';
export { evolveReview } from './evolve.js';
export { initialReviewState } from './state.js';
export type { ReviewState } from './state.js';
