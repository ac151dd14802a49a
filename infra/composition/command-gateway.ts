import { createCommandHandler } from '../commands/index.js';
import type { CommandHandler, CommandHandlerOptions } from '../commands/index.js';
import type { CommandGateway } from '../http/routes/api-services.js';
import { ConcurrencyError, expectedVersionHolds } from '../store/errors.js';
import type { EventStore, ExpectedVersion } from '../store/port.js';

/** The revision an append's expected version names: the command handler always names one or `no_stream`. */
const revisionNamed = (expected: ExpectedVersion): number | null | undefined =>
  typeof expected === 'number' ? expected : expected === 'no_stream' ? null : undefined;

/**
 * The store as a command handler sees it for one conditional request: its append on `streamId` goes through
 * only if the handler decided on the revision the caller's If-Match named. The handler appends with the
 * revision it read as expected version, and the store checks that atomically, so the decision, the
 * condition and the append hold together: no window in which another write slips between them.
 */
function conditionalStore(store: EventStore, streamId: string, expected: ExpectedVersion): EventStore {
  return {
    backend: store.backend,
    append(id, events, options) {
      const decidedOn = revisionNamed(options.expectedVersion);
      if (id === streamId && decidedOn !== undefined && !expectedVersionHolds(expected, decidedOn)) {
        return Promise.reject(new ConcurrencyError(streamId, expected, decidedOn));
      }
      return store.append(id, events, options);
    },
    readStream: (id, options) => store.readStream(id, options),
    readAll: (options) => store.readAll(options),
    subscribe: (options, handler) => store.subscribe(options, handler),
    headPosition: () => store.headPosition(),
    streamRevision: (id) => store.streamRevision(id),
    close: () => store.close(),
  };
}

export interface CommandGatewayOptions extends CommandHandlerOptions {
  /** The shared handler (the process managers use it too). */
  handler: CommandHandler;
}

/**
 * Commands from the API: through the shared handler (which retries a conflict on fresh state), or, for a
 * request with If-Match, through a handler that does not retry and appends only on the named revision.
 * Every outcome carries the global position its last event reached, for read-your-writes.
 */
export function createCommandGateway(options: CommandGatewayOptions): CommandGateway {
  const { handler, store } = options;

  const positionOf = async (streamId: string, revision: number): Promise<number> => {
    if (revision < 0) return 0;
    const [event] = await store.readStream(streamId, { fromRevision: revision, limit: 1 });
    return event?.position ?? 0;
  };

  return {
    async handle(aggregate, streamId, command, meta, expected) {
      const chosen =
        expected === undefined || expected === 'any'
          ? handler
          : createCommandHandler({ ...options, store: conditionalStore(store, streamId, expected), retry: { attempts: 1 } });
      const result = await chosen.handle(aggregate, streamId, command, meta);
      return { ...result, position: await positionOf(streamId, result.nextRevision) };
    },
    load: (aggregate, streamId) => handler.load(aggregate, streamId),
  };
}
