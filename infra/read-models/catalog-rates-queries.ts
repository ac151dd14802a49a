import type { ReadModelDb } from './sql-database.js';
import type { CatalogRates } from '../../projections/catalog-rates.js';
import { activeStatements } from './active-tables.js';
import { CATALOG_RATES, catalogRatesTables } from './catalog-rates-sql.js';

export function catalogRatesQueries(db: ReadModelDb) {
  const statement = activeStatements(db, CATALOG_RATES, (g) =>
    db.prepare<[], string>(`SELECT doc FROM ${catalogRatesTables(g).rates} WHERE id = 1`).pluck(),
  );
  return {
    /** §6 catalog rates of the latest published catalog version, or null before any was published. */
    catalogRates(): CatalogRates | null {
      const doc = statement()?.get();
      return doc === undefined ? null : (JSON.parse(doc) as CatalogRates);
    },
  };
}
