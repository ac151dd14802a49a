import { randomUUID } from 'node:crypto';
import { catalogFromPublishedEvent, publishCatalogVersion, validateCatalogBody } from '../../services/catalog/index.js';
import { createCommandHandler } from '../commands/index.js';
import type { CommandHandler } from '../commands/index.js';
import { derivedId } from '../commands/ids.js';
import { toolMeta } from '../commands/tool-meta.js';
import type { CatalogKeeper } from './ports.js';
import { ConcurrencyError } from '../store/errors.js';
import type { EventStore } from '../store/port.js';
import { CATALOG_STREAM, latestPublishedCatalog, publishCatalog } from './catalog-stream.js';
import type { CatalogInForce } from './catalog-stream.js';

export { CATALOG_STREAM } from './catalog-stream.js';

export interface CatalogKeeperOptions {
  /**
   * How often to look for a version published by another process (a second API instance, `catalog import`
   * on the CLI): one indexed lookup of the stream's revision. Left out, the keeper does not look.
   */
  followEveryMs?: number;
  /** Told when another process's version comes into force here. */
  onFollowed?: (version: number) => void;
  onFollowError?: (error: unknown) => void;
  /** The command handler publications go through (the process's shared one); one of its own over `store` otherwise. */
  commands?: CommandHandler;
}

export interface OpenCatalogKeeper extends CatalogKeeper {
  /** Loads a newer version if the stream moved on; resolves to the version in force. */
  refresh(): Promise<number>;
  close(): void;
}

/**
 * The catalog in force, from the `catalog` stream: on a fresh store the built-in catalog is published as
 * version 1 (once, whichever process gets there first); otherwise the latest CatalogVersionPublished is
 * loaded, so a restart serves the version the bureau last published. An admin's publication is in force in
 * this process at once, and in the others when they next look (followEveryMs).
 */
export async function openCatalogKeeper(store: EventStore, clock: () => Date, options: CatalogKeeperOptions = {}): Promise<OpenCatalogKeeper> {
  const commands = options.commands ?? createCommandHandler({ store, clock });
  let inForce = await latestPublishedCatalog(store);
  if (!inForce) {
    // Whichever process gets there first publishes it; the others find it published and add nothing.
    const commandId = derivedId('catalog-publication', 'builtin', '1');
    await commands.handle('catalog', CATALOG_STREAM, { type: 'publishBuiltinCatalog' }, toolMeta({ role: 'system', id: 'catalog-keeper' }, commandId));
    inForce = await latestPublishedCatalog(store);
    if (!inForce) throw new Error('the catalog stream is still empty after publishing the built-in catalog');
  }
  let current: CatalogInForce = inForce;

  async function refresh(): Promise<number> {
    const revision = await store.streamRevision(CATALOG_STREAM);
    if (revision !== null && revision > current.revision) {
      const latest = await latestPublishedCatalog(store);
      if (latest && latest.revision > current.revision) {
        const followed = latest.catalog.version !== current.catalog.version;
        current = latest;
        if (followed) options.onFollowed?.(latest.catalog.version);
      }
    }
    return current.catalog.version;
  }

  const timer =
    options.followEveryMs === undefined
      ? undefined
      : setInterval(() => void refresh().catch((error: unknown) => options.onFollowError?.(error)), options.followEveryMs).unref();

  return {
    current: () => current.catalog,
    refresh,
    close: () => clearInterval(timer),
    async publish(body, by) {
      const publication = publishCatalogVersion(validateCatalogBody(body), 'json', current.catalog);
      // The same checks a reader of the event makes, before it is written.
      const catalog = catalogFromPublishedEvent(publication);
      try {
        const published = await publishCatalog(commands, publication, current.revision, by, randomUUID());
        current = { catalog, revision: published.nextRevision };
        return { catalog, revision: published.nextRevision, position: published.position };
      } catch (error) {
        if (error instanceof ConcurrencyError) current = (await latestPublishedCatalog(store)) ?? current;
        throw error;
      }
    },
  };
}
