/**
 * A reaction that cannot run yet (e.g. the read models it needs are still catching up on a long log): the
 * process stops before the event and the supervisor starts it again after a pause, logging it as a wait,
 * not as a failure.
 */
export class RetryLaterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLaterError';
  }
}
