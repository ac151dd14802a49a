import type Database from 'better-sqlite3';
import { APPLICATION_STATUS_EVENTS, applyApplicationStatus } from '../../projections/application-status/apply-status.js';
import type { ApplicationStatusRow } from '../../projections/application-status/status-row.js';
import { batchDocTable, docTableDdl } from './batch-doc-table.js';
import { tableName } from './projection-state.js';
import { sessionOf } from './sql-projection.js';
import type { SqlProjection } from './sql-projection.js';

export const APPLICATION_STATUS = 'application-status';

export const applicationStatusTables = (g: number) => ({ status: tableName('app_status', g) });

export const applicationStatusSql: SqlProjection = {
  name: APPLICATION_STATUS,
  // 2: rows carry their stream revision (the status page's ETag). 3: rows carry the deadlines' provisional flag.
  version: 3,
  replayCost: 440,
  tables: ['app_status'],
  events: APPLICATION_STATUS_EVENTS,
  createTables(db, g) {
    const t = applicationStatusTables(g);
    db.exec(`
      ${docTableDdl(t.status, ['applicant_id TEXT NOT NULL', 'bundle_id TEXT'])}
      CREATE INDEX IF NOT EXISTS ${t.status}_applicant ON ${t.status} (applicant_id);
    `);
  },
  open(db: Database.Database, g, deps) {
    const rows = batchDocTable<ApplicationStatusRow>(db, applicationStatusTables(g).status, (r) => r.applicationId, [
      { name: 'applicant_id', value: (r) => r.applicantId },
      { name: 'bundle_id', value: (r) => r.bundleId },
    ]);
    return {
      apply: (event) => applyApplicationStatus(event, rows, deps),
      ...sessionOf([rows]),
    };
  },
};
