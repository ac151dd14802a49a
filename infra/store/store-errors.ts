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
