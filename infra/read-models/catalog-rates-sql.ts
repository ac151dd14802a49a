import { applyCatalogRates, CATALOG_RATES_EVENTS } from '../../projections/catalog-rates.js';
import type { CatalogRates } from '../../projections/catalog-rates.js';
import { tableName } from './projection-state.js';
import type { SqlProjection } from './sql-projection.js';

export const CATALOG_RATES = 'catalog-rates';

export const catalogRatesTables = (g: number) => ({ rates: tableName('catalog_rates', g) });

export const catalogRatesSql: SqlProjection = {
  name: CATALOG_RATES,
  version: 1,
  replayCost: 15,
  tables: ['catalog_rates'],
  events: CATALOG_RATES_EVENTS,
  createTables(db, g) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${catalogRatesTables(g).rates} (id INTEGER PRIMARY KEY CHECK (id = 1), doc TEXT NOT NULL)`);
  },
  open(db, g) {
    const save = db.prepare<[string]>(`INSERT INTO ${catalogRatesTables(g).rates} (id, doc) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`);
    let pending: CatalogRates | undefined;
    return {
      apply: (event) =>
        applyCatalogRates(event, {
          put: (rates) => {
            pending = rates;
          },
        }),
      flush() {
        if (pending) save.run(JSON.stringify(pending));
        pending = undefined;
      },
      committed: () => undefined,
      // One document, whatever the batch.
      cachedRows: () => (pending ? 1 : 0),
      discard() {
        pending = undefined;
      },
    };
  },
};
