import { describePostgres, postgresStore } from '../support/postgres-harness.js';
import { eventStoreContract } from './event-store-contract.js';

// The same contract as SQLite's, on a real PostgreSQL server (a database per test, dropped after).
await describePostgres('postgres event store', () => {
  eventStoreContract('postgres', postgresStore());
  eventStoreContract('postgres, one append per transaction', postgresStore({ maxBatch: 1 }));
});
