import type { DataOf } from '../../events/index.js';
import type { CatalogVersionPublished } from '../../events/index.js';
import type { Decider, PendingEvent } from '../decider.js';
import { DomainError } from '../decider.js';
import { builtinCatalogPublication, catalogFromPublishedEvent } from './catalog-publication.js';
import type { CatalogPublication } from './catalog-publication.js';

/** The 实施清单's stream as far as publishing needs it: the latest version number, null before the first. */
export interface CatalogStreamState {
  version: number | null;
}

export type CatalogCommand =
  /** Publish the next version (validated and numbered by the importer; the number must be the next one). */
  | { type: 'publishCatalogVersion'; publication: CatalogPublication }
  /** On a fresh store, version 1 from the built-in list; nothing once any version exists. */
  | { type: 'publishBuiltinCatalog' };

export type CatalogPendingEvent = PendingEvent<'CatalogVersionPublished', DataOf<typeof CatalogVersionPublished>>;

/** Catalog publication: version numbers are taken once, in order, and every body passes the reader's checks. */
export const catalogDecider: Decider<CatalogCommand, CatalogStreamState, CatalogPendingEvent, undefined> = {
  initialState: { version: null },
  decide(command, state) {
    if (command.type === 'publishBuiltinCatalog') {
      return state.version === null ? [{ type: 'CatalogVersionPublished', data: builtinCatalogPublication() }] : [];
    }
    const next = (state.version ?? 0) + 1;
    if (command.publication.version !== next) {
      throw new DomainError('CATALOG_VERSION_TAKEN', command.type, `version ${state.version ?? 'none'}`, `version ${command.publication.version} is not the next one (${next})`);
    }
    // The same checks a reader of the event makes, before it is written.
    catalogFromPublishedEvent(command.publication);
    return [{ type: 'CatalogVersionPublished', data: command.publication }];
  },
  evolve(state, event) {
    return { version: event.data.version };
  },
};
