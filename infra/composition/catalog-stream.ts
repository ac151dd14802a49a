import type { Actor, EventMetadata } from '../../events/index.js';
import { toShanghaiInstant } from '../../events/index.js';
import { catalogFromPublishedEvent } from '../../services/catalog/index.js';
import type { Catalog, CatalogPublication } from '../../services/catalog/index.js';
import { derivedId } from '../commands/ids.js';
import { StreamNotFoundError } from '../store/errors.js';
import type { AppendResult, EventStore } from '../store/port.js';

/** The `catalog` stream: one CatalogVersionPublished per version of the 实施清单 (revision = version − 1). */
export const CATALOG_STREAM = 'catalog';
export const CATALOG_PUBLISHED = 'CatalogVersionPublished';

export interface CatalogInForce {
  catalog: Catalog;
  /** The stream revision it was read at: the expected version of the next publication. */
  revision: number;
}

/** The latest published version, or null on a store where none was published yet. */
export async function latestPublishedCatalog(store: EventStore): Promise<CatalogInForce | null> {
  let events;
  try {
    events = await store.readStream(CATALOG_STREAM);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return null;
    throw error;
  }
  const last = events.filter((e) => e.type === CATALOG_PUBLISHED).at(-1);
  return last ? { catalog: catalogFromPublishedEvent(last.data), revision: events.at(-1)!.revision } : null;
}

function metadata(actor: Actor, commandId: string, clock: () => Date): EventMetadata {
  return { actor, channel: 'system', commandId, correlationId: commandId, causationId: commandId, occurredAt: toShanghaiInstant(clock()) };
}

/**
 * Appends a publication after `expectedRevision` (null: the first). A ConcurrencyError means someone else
 * published meanwhile; the caller re-reads and decides again, since a version number is taken only once.
 */
export function appendCatalogPublication(
  store: EventStore,
  publication: CatalogPublication,
  expectedRevision: number | null,
  by: Actor,
  commandId: string,
  clock: () => Date,
): Promise<AppendResult> {
  return store.append(
    CATALOG_STREAM,
    [{ eventId: derivedId('event', commandId, '0'), type: CATALOG_PUBLISHED, data: publication, metadata: metadata(by, commandId, clock) }],
    { expectedVersion: expectedRevision ?? 'no_stream', commandId },
  );
}
