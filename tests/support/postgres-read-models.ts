import pg from 'pg';
import { openPostgresReadModelDb } from '../../infra/read-models/postgres-read-model-db.js';
import type { ReadModelDb } from '../../infra/read-models/sql-database.js';
import { temporaryDatabase } from './postgres-harness.js';

/**
 * A database of its own for PostgreSQL read models in a test, emptied between the cases of a property
 * (a fresh database per case would cost more than the case), dropped at the end.
 */
export async function postgresReadModelDatabase(): Promise<{ url: string; open(): ReadModelDb; empty(): Promise<void>; drop(): Promise<void> }> {
  const database = await temporaryDatabase();
  const opened: ReadModelDb[] = [];
  return {
    url: database.url,
    open() {
      const db = openPostgresReadModelDb({ url: database.url });
      opened.push(db);
      return db;
    },
    async empty() {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      } finally {
        await client.end();
      }
    },
    async drop() {
      for (const db of opened) db.close();
      await database.drop();
    },
  };
}
