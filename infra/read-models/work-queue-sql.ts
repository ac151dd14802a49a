import { applyWorkQueue, WORK_QUEUE_EVENTS } from '../../projections/work-queue/apply-work-queue.js';
import type { WorkItemRow } from '../../projections/work-queue/work-item-row.js';
import { batchDocTable, docTableDdl } from './batch-doc-table.js';
import { tableName } from './projection-state.js';
import { sessionOf } from './sql-projection.js';
import type { SqlProjection } from './sql-projection.js';

export const WORK_QUEUE = 'work-queue';

export const workQueueTables = (g: number) => ({ items: tableName('work_item', g) });

/** The clerks' queue and the overdue watch (跟踪督导): open applications only, deleted at close. */
export const workQueueSql: SqlProjection = {
  name: WORK_QUEUE,
  // 2: rows carry whether the due date and the committed deadline are provisional.
  // 3: the warning date never precedes the submission; rows carry the acceptance date and whether it was
  // deemed; the counts index.
  version: 3,
  replayCost: 130,
  tables: ['work_item'],
  events: WORK_QUEUE_EVENTS,
  createTables(db, g) {
    const t = workQueueTables(g);
    db.exec(`
      ${docTableDdl(t.items, ['department TEXT NOT NULL', 'hall TEXT', 'section TEXT NOT NULL', 'due_kind TEXT', 'due_on TEXT', 'warn_from TEXT', 'bundle_id TEXT'])}
      CREATE INDEX IF NOT EXISTS ${t.items}_queue ON ${t.items} (department, due_on);
      -- Covers the queue's counts of a department or a hall: counted in the index, no document read.
      CREATE INDEX IF NOT EXISTS ${t.items}_counts ON ${t.items} (department, hall, section, due_on, warn_from);
      CREATE INDEX IF NOT EXISTS ${t.items}_watch ON ${t.items} (warn_from) WHERE due_kind = 'committed';
      CREATE INDEX IF NOT EXISTS ${t.items}_bundle ON ${t.items} (bundle_id) WHERE bundle_id IS NOT NULL;
    `);
  },
  open(db, g, deps) {
    const rows = batchDocTable<WorkItemRow>(db, workQueueTables(g).items, (r) => r.applicationId, [
      { name: 'department', value: (r) => r.department },
      { name: 'hall', value: (r) => r.hall },
      { name: 'section', value: (r) => r.section },
      { name: 'due_kind', value: (r) => r.dueKind },
      { name: 'due_on', value: (r) => r.dueOn },
      { name: 'warn_from', value: (r) => r.warnFrom },
      { name: 'bundle_id', value: (r) => r.bundleId },
    ]);
    const store = {
      get: (id: string) => rows.get(id),
      put: (row: WorkItemRow) => rows.put(row),
      delete: (id: string) => rows.delete(id),
      withDueDates: () => rows.select('due_on IS NOT NULL'),
    };
    return {
      apply: (event) => applyWorkQueue(event, store, deps),
      ...sessionOf([rows]),
    };
  },
};
