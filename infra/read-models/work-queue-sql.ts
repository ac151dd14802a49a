import { applyWorkQueue, WORK_QUEUE_EVENTS } from '../../projections/work-queue/apply-work-queue.js';
import type { WorkItemRow, WorkSection } from '../../projections/work-queue/work-item-row.js';
import { batchDocTable, docTableDdl } from './batch-doc-table.js';
import { addMissingDocColumns } from './doc-table-columns.js';
import type { DocColumn } from './doc-table-columns.js';
import { tableName } from './projection-state.js';
import { sessionOf } from './sql-projection.js';
import type { SqlProjection } from './sql-projection.js';

export const WORK_QUEUE = 'work-queue';

export const workQueueTables = (g: number) => ({ items: tableName('work_item', g) });

/** The queue's two lists: work on the clerks' side, and work waiting for the applicant. */
export type QueueLane = 'open' | 'waiting';
export const laneOf = (section: WorkSection): QueueLane => (section === 'waiting' ? 'waiting' : 'open');

/** Sorts after every date: work with no due date comes last in its list. */
export const NO_DUE_DATE = '9999-12-31';
export const dueOrderOf = (dueOn: string | null): string => dueOn ?? NO_DUE_DATE;

/** What a row keeps beside its document, for the queue's filters, order and counts. */
const COLUMNS: readonly DocColumn<WorkItemRow>[] = [
  { name: 'department', ddl: 'department TEXT NOT NULL', value: (r) => r.department },
  { name: 'hall', ddl: 'hall TEXT', value: (r) => r.hall },
  { name: 'section', ddl: 'section TEXT NOT NULL', value: (r) => r.section },
  { name: 'lane', ddl: "lane TEXT NOT NULL DEFAULT 'open'", value: (r) => laneOf(r.section) },
  { name: 'due_kind', ddl: 'due_kind TEXT', value: (r) => r.dueKind },
  { name: 'due_on', ddl: 'due_on TEXT', value: (r) => r.dueOn },
  { name: 'due_order', ddl: `due_order TEXT NOT NULL DEFAULT '${NO_DUE_DATE}'`, value: (r) => dueOrderOf(r.dueOn) },
  { name: 'submitted_on', ddl: "submitted_on TEXT NOT NULL DEFAULT ''", value: (r) => r.submittedOn },
  { name: 'warn_from', ddl: 'warn_from TEXT', value: (r) => r.warnFrom },
  { name: 'provisional', ddl: 'provisional INTEGER NOT NULL DEFAULT 0', value: (r) => (r.provisional === true && r.dueOn !== null ? 1 : 0) },
  { name: 'bundle_id', ddl: 'bundle_id TEXT', value: (r) => r.bundleId },
];

/** The clerks' queue and the overdue watch (跟踪督导): open applications only, deleted at close. */
export const workQueueSql: SqlProjection = {
  name: WORK_QUEUE,
  // 2: rows carry whether the due date and the committed deadline are provisional.
  // 3: the warning date never precedes the submission; rows carry the acceptance date and whether it was
  // deemed; the counts index.
  // 4: the lists' order (lane, due_order, submitted_on) and the bundle members' flags as columns, so a page
  // of a department of tens of thousands of open cases is one index range and its bundles one covering scan.
  version: 4,
  replayCost: 130,
  tables: ['work_item'],
  events: WORK_QUEUE_EVENTS,
  createTables(db, g) {
    const t = workQueueTables(g);
    db.exec(docTableDdl(t.items, COLUMNS.map((c) => c.ddl)));
    // A generation built by version 3 or before, still in use until its rebuild switches in: given the columns.
    addMissingDocColumns(db, t.items, COLUMNS);
    db.exec(`
      -- A page of a department's or a hall's list, in the queue's order: an index range from the cursor, LIMIT rows.
      CREATE INDEX IF NOT EXISTS ${t.items}_department_order ON ${t.items} (department, lane, due_order, submitted_on, id);
      CREATE INDEX IF NOT EXISTS ${t.items}_hall_order ON ${t.items} (department, hall, lane, due_order, submitted_on, id);
      -- Covers the queue's counts of a department or a hall: counted in the index, no document read.
      CREATE INDEX IF NOT EXISTS ${t.items}_counts ON ${t.items} (department, hall, lane, due_on, warn_from);
      CREATE INDEX IF NOT EXISTS ${t.items}_watch ON ${t.items} (warn_from) WHERE due_kind = 'committed';
      -- The bundles with work in a scope, and every open member's flags: two covering scans, no document read.
      CREATE INDEX IF NOT EXISTS ${t.items}_scope_bundles ON ${t.items} (department, hall, bundle_id) WHERE bundle_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS ${t.items}_bundle ON ${t.items} (bundle_id, department, hall, due_on, warn_from, provisional, id) WHERE bundle_id IS NOT NULL;
    `);
  },
  open(db, g, deps) {
    const rows = batchDocTable<WorkItemRow>(db, workQueueTables(g).items, (r) => r.applicationId, COLUMNS);
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
