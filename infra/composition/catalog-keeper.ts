import { randomUUID } from 'node:crypto';
import type { Actor, EventMetadata } from '../../events/index.js';
import { toShanghaiInstant } from '../../events/index.js';
import { builtinCatalogPublication, catalogFromPublishedEvent, publishCatalogVersion, validateCatalogBody } from '../../services/catalog/index.js';
import type { Catalog, CatalogPublication } from '../../services/catalog/index.js';
import { derivedId } from '../commands/ids.js';
import type { CatalogKeeper } from '../http/routes/api-services.js';
import { ConcurrencyError, StreamNotFoundError } from '../store/errors.js';
import type { EventStore } from '../store/port.js';

export const CATALOG_STREAM = 'catalog';
const PUBLISHED = 'CatalogVersionPublished';

interface InForce {
  catalog: Catalog;
  revision: number;
}

async function latestPublished(store: EventStore): Promise<InForce | null> {
  let events;
  try {
    events = await store.readStream(CATALOG_STREAM);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return null;
    throw error;
  }
  const last = events.filter((e) => e.type === PUBLISHED).at(-1);
  return last ? { catalog: catalogFromPublishedEvent(last.data), revision: events.at(-1)!.revision } : null;
}

function metadata(actor: Actor, commandId: string, clock: () => Date): EventMetadata {
  return { actor, channel: 'system', commandId, correlationId: commandId, causationId: commandId, occurredAt: toShanghaiInstant(clock()) };
}

/**
 * The catalog in force, from the `catalog` stream: on a fresh store the built-in catalog is published as
 * version 1 (once, whichever process gets there first); otherwise the latest CatalogVersionPublished is
 * loaded, so a restart serves the version the bureau last published. An admin's publication becomes the
 * catalog in force of this process at once; other API processes on the same store see it on restart.
 */
export async function openCatalogKeeper(store: EventStore, clock: () => Date): Promise<CatalogKeeper> {
  let inForce = await latestPublished(store);
  if (!inForce) {
    const commandId = derivedId('catalog-publication', 'builtin', '1');
    const publication: CatalogPublication = builtinCatalogPublication();
    try {
      await store.append(
        CATALOG_STREAM,
        [{ eventId: derivedId('event', commandId, '0'), type: PUBLISHED, data: publication, metadata: metadata({ role: 'system', id: 'catalog-keeper' }, commandId, clock) }],
        { expectedVersion: 'no_stream', commandId },
      );
    } catch (error) {
      // Another process published version 1 first: theirs is the same built-in catalog.
      if (!(error instanceof ConcurrencyError)) throw error;
    }
    inForce = await latestPublished(store);
    if (!inForce) throw new Error('the catalog stream is still empty after publishing the built-in catalog');
  }
  let current: InForce = inForce;

  return {
    current: () => current.catalog,
    async publish(body, by) {
      const publication = publishCatalogVersion(validateCatalogBody(body), 'json', current.catalog);
      // The same checks a reader of the event makes, before it is written.
      const catalog = catalogFromPublishedEvent(publication);
      const commandId = randomUUID();
      try {
        const appended = await store.append(
          CATALOG_STREAM,
          [{ eventId: derivedId('event', commandId, '0'), type: PUBLISHED, data: publication, metadata: metadata(by, commandId, clock) }],
          { expectedVersion: current.revision, commandId },
        );
        current = { catalog, revision: appended.nextRevision };
        return { catalog, revision: appended.nextRevision, position: appended.position };
      } catch (error) {
        if (error instanceof ConcurrencyError) current = (await latestPublished(store)) ?? current;
        throw error;
      }
    },
  };
}
