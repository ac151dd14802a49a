import { expect } from 'chai';
import type Database from 'better-sqlite3';
import { metricsQueries } from '../../infra/read-models/metrics-queries.js';
import { projectionHarness } from '../support/projection-harness.js';
import type { Harness } from '../support/projection-harness.js';

describe('a metrics query reads one snapshot', () => {
  let h: Harness;
  beforeEach(() => {
    h = projectionHarness();
  });
  afterEach(() => h.close());

  it('runs the generation look-up and its three statements inside one read transaction', () => {
    // Every statement the queries prepare from here on reports whether it ran inside a transaction.
    const inside: boolean[] = [];
    const prepare = h.db.prepare.bind(h.db);
    h.db.prepare = ((sql: string) => {
      const statement = prepare(sql);
      for (const method of ['all', 'get'] as const) {
        const original: (...args: unknown[]) => unknown = statement[method].bind(statement);
        (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          inside.push(h.db.inTransaction);
          return original(...args);
        };
      }
      return statement;
    }) as Database.Database['prepare'];

    const queries = metricsQueries(h.db);
    queries.metrics({ dimension: 'all', from: '2025-01', to: '2025-12' });
    queries.metrics({ dimension: 'item', key: 'KA-001', byMonth: true });
    // The active-generation look-up and counts, histograms and limits, twice.
    expect(inside).to.have.length(8);
    expect(inside.every(Boolean)).to.equal(true);
    expect(h.db.inTransaction).to.equal(false);
  });
});
