import { catalogFigures, catalogFromPublishedEvent } from '../services/catalog/index.js';
import type { CatalogFigures } from '../services/catalog/index.js';
import { eventIn, eventTypeSet } from './event-set.js';
import type { LogEvent } from './log-event.js';
import { ratio } from './metrics/metric-figures.js';
import type { Ratio } from './metrics/metric-figures.js';

/** §6 catalog rates of one published catalog version: the catalog module's figures, with the two §6 ratios spelled out. */
export interface CatalogRates extends CatalogFigures {
  catalogVersion: number;
  /** online-capable items ÷ items (97/97). */
  onlineCapableRate: Ratio;
  /** zero-visit-capable items ÷ items. */
  zeroVisitCapableRate: Ratio;
}

export interface CatalogRatesStore {
  put(rates: CatalogRates): void;
}

export const CATALOG_RATES_EVENTS = eventTypeSet(['CatalogVersionPublished']);

/** The catalog-rates projection: the rates of the latest published catalog version. */
export function applyCatalogRates(event: LogEvent, store: CatalogRatesStore): void {
  if (!eventIn(CATALOG_RATES_EVENTS, event)) return;
  let catalog;
  try {
    catalog = catalogFromPublishedEvent(event.data);
  } catch {
    // The catalog module checks a body before publishing it; one this code can no longer read is not guessed at.
    return;
  }
  const figures = catalogFigures(catalog);
  store.put({
    catalogVersion: catalog.version,
    ...figures,
    onlineCapableRate: ratio(figures.onlineCapable, figures.items),
    zeroVisitCapableRate: ratio(figures.zeroVisitCapable, figures.items),
  });
}
