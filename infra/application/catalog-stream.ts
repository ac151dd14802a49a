import { CATALOG_STREAM } from '../../events/index.js';
import { catalogFromPublishedEvent } from '../../services/catalog/index.js';
import type { Catalog, CatalogPublication } from '../../services/catalog/index.js';
import type { CommandHandler, CommandResult } from '../commands/index.js';
import { toolMeta } from '../commands/tool-meta.js';
import type { Actor } from '../../events/index.js';
import type { EventStore } from '../store/port.js';

export { CATALOG_STREAM } from '../../events/index.js';
/** The `catalog` stream holds one CatalogVersionPublished per version of the 实施清单 (revision = version − 1). */
export const CATALOG_PUBLISHED = 'CatalogVersionPublished';

export interface CatalogInForce {
  catalog: Catalog;
  /** The stream revision it was read at: the expected version of the next publication. */
  revision: number;
}

/** The latest published version, or null on a store where none was published yet. */
export async function latestPublishedCatalog(store: EventStore): Promise<CatalogInForce | null> {
  const events = await store.readStream(CATALOG_STREAM);
  const last = events.filter((e) => e.type === CATALOG_PUBLISHED).at(-1);
  return last ? { catalog: catalogFromPublishedEvent(last.data), revision: events.at(-1)!.revision } : null;
}

/**
 * Publishes the version after the one read at `expectedRevision` (null: the first). A ConcurrencyError means
 * someone else published meanwhile: a version number is taken only once, so the caller reads again and
 * numbers its body anew rather than have it retried as a later version.
 */
export function publishCatalog(
  commands: CommandHandler,
  publication: CatalogPublication,
  expectedRevision: number | null,
  by: Actor,
  commandId: string,
): Promise<CommandResult<'catalog'>> {
  return commands.handle('catalog', CATALOG_STREAM, { type: 'publishCatalogVersion', publication }, toolMeta(by, commandId), {
    expected: expectedRevision ?? 'no_stream',
  });
}
