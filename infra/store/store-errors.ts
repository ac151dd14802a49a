// Errors of the store adapters beyond the port's own (errors.ts): shared by every backend.

/** The store was closed: appends, reads and live subscriptions end with this. */
export class StoreClosedError extends Error {
  readonly code = 'STORE_CLOSED';
  constructor(readonly backend: string) {
    super(`the ${backend} event store is closed`);
    this.name = 'StoreClosedError';
  }
}

/** A command id already answered for another stream: a retry must name the stream it first appended to. */
export class CommandReuseError extends Error {
  readonly code = 'COMMAND_REUSED';
  constructor(
    readonly commandId: string,
    readonly streamId: string,
    readonly originalStreamId: string,
  ) {
    super(`command ${commandId} was already appended to ${originalStreamId}, not ${streamId}`);
    this.name = 'CommandReuseError';
  }
}

/**
 * The store's server cannot be reached or is shutting down (a PostgreSQL restart, a dropped connection):
 * nothing was written, and the same request later may succeed. The API answers 503 with Retry-After.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    readonly backend: string,
    options: { cause: unknown },
  ) {
    super(`the ${backend} event store is unavailable: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * A stored event that does not read back: its JSON does not parse, or its data fails its schema (a row changed
 * behind the store's back, issue 18). Named by stream, revision and position; the API answers 503
 * stored-event-damaged (no Retry-After: an operator must restore the store), never a bare 500.
 */
export class StoredEventDamagedError extends Error {
  readonly code = 'STORED_EVENT_DAMAGED';
  constructor(
    readonly streamId: string,
    readonly revision: number,
    readonly position: number,
    options: { cause: unknown },
  ) {
    super(
      `the stored event ${streamId} revision ${revision} (position ${position}) is damaged: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}; run npm run verify`,
      options,
    );
    this.name = 'StoredEventDamagedError';
  }
}
