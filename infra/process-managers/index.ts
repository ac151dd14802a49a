export { createSqliteCheckpointStore } from './checkpoint-store.js';
export type { CheckpointStore } from './checkpoint-store.js';
export { runReaction } from './reaction-runner.js';
export type { ReactionOptions, RunningProcess } from './reaction-runner.js';
export { BUNDLE_PROCESS, createBundleProcessManager, memberApplicationId } from './bundle-process.js';
export type { BundleProcessManager, BundleProcessOptions } from './bundle-process.js';
export { REVIEW_PROCESS, createReviewProcessManager, reviewTicketIdFor } from './review-process.js';
export type { ReviewProcessManager, ReviewProcessOptions } from './review-process.js';
