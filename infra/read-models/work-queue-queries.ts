import type { ReadModelDb } from './sql-database.js';
import type { WorkdayCalendar } from '../../projections/calendar-port.js';
import { provisionalNoteFor } from '../../projections/provisional-note.js';
import type { ProvisionalNote } from '../../projections/provisional-note.js';
import type { WorkItemRow } from '../../projections/work-queue/work-item-row.js';
import { toWorkQueueEntry, watchDepartments } from '../../projections/work-queue/work-queue-view.js';
import type { WatchDepartment, WorkQueueEntry } from '../../projections/work-queue/work-queue-view.js';
import { activeStatements } from './active-tables.js';
import { BUNDLE_PROGRESS, bundleProgressTables } from './bundle-progress-sql.js';
import { WORK_QUEUE, workQueueTables } from './work-queue-sql.js';

export interface BundleQueueEntry {
  bundleId: string;
  bundleCode: string | null;
  /** The earliest due date among the bundle's open members (any department). */
  nextDue: string | null;
  /** `nextDue` may move when the State Council's holiday notice is published. */
  provisional: boolean;
  overdue: boolean;
  dueSoon: boolean;
  /** The bundle's open member applications in this department. */
  applicationIds: string[];
}

/** Whose work a queue shows: one hall's (窗口) or the whole department's (窗口 and 后台). */
export type QueueScope = 'hall' | 'department';

export interface WorkQueueCounts {
  open: number;
  overdue: number;
  dueSoon: number;
  waitingForApplicant: number;
}

export interface WorkQueue {
  department: string;
  scope: QueueScope;
  /** The hall of a hall scope; null for the department. */
  hall: string | null;
  today: string;
  /** Work on the clerks' side: intake, processing, suspended, result to issue; by due date, then submission. */
  open: WorkQueueEntry[];
  /** Waiting for the applicant: supplement, pickup, delivery. */
  waitingForApplicant: WorkQueueEntry[];
  bundles: BundleQueueEntry[];
  /** The scope's totals, whatever the limit: the lists are the first `limit` of them. */
  counts: WorkQueueCounts;
}

export interface WorkQueueQuery {
  department: string;
  /** Only work first seen at this hall (the hall scope); the whole department when left out. */
  hall?: string;
  today: string;
  /** At most this many entries per list (default 500). */
  limit?: number;
}

export interface OverdueWatch {
  today: string;
  /** Per department: open applications past (overdue) or within 2 working days of (dueSoon) the committed deadline. */
  departments: WatchDepartment[];
  /** The note for the listed provisional due dates; null when none is provisional. */
  provisionalNote: ProvisionalNote | null;
  entries: WorkQueueEntry[];
}

const parse = (doc: string): WorkItemRow => JSON.parse(doc) as WorkItemRow;

type ScopeParams = { department: string; hall?: string };

/** The rows of a scope. */
export const SCOPE_WHERE: Readonly<Record<QueueScope, string>> = {
  department: 'department = @department',
  hall: 'department = @department AND hall = @hall',
};

/**
 * The queue's counts over a scope (`where` names department, and hall for a hall): the flags of
 * toWorkQueueEntry — overdue past due_on, due soon from warn_from — counted in the covering `_counts` index,
 * so a department of thousands of open cases costs one index range, not its documents.
 */
export function workQueueCountsSql(table: string, where: string): string {
  return `SELECT
      count(*) FILTER (WHERE section <> 'waiting') AS open,
      count(*) FILTER (WHERE section <> 'waiting' AND due_on < @today) AS overdue,
      count(*) FILTER (WHERE section <> 'waiting' AND (due_on IS NULL OR due_on >= @today) AND warn_from <= @today) AS dueSoon,
      count(*) FILTER (WHERE section = 'waiting') AS waitingForApplicant
    FROM ${table} WHERE ${where}`;
}

export function workQueueQueries(db: ReadModelDb, calendar: WorkdayCalendar) {
  const statements = activeStatements(db, WORK_QUEUE, (g) => {
    const t = workQueueTables(g).items;
    const order = `ORDER BY due_on IS NULL, due_on, json_extract(doc, '$.submittedOn'), id LIMIT @limit`;
    // One set per scope, so each WHERE names its index's columns (an `? IS NULL OR` would keep it from them).
    const scoped = (where: string) => ({
      open: db.prepare<[ScopeParams & { limit: number }], string>(`SELECT doc FROM ${t} WHERE ${where} AND section <> 'waiting' ${order}`).pluck(),
      waiting: db.prepare<[ScopeParams & { limit: number }], string>(`SELECT doc FROM ${t} WHERE ${where} AND section = 'waiting' ${order}`).pluck(),
      bundleIds: db.prepare<[ScopeParams], string>(`SELECT DISTINCT bundle_id FROM ${t} WHERE ${where} AND bundle_id IS NOT NULL`).pluck(),
      counts: db.prepare<[ScopeParams & { today: string }], WorkQueueCounts>(workQueueCountsSql(t, where)),
    });
    return {
      department: scoped(SCOPE_WHERE.department),
      hall: scoped(SCOPE_WHERE.hall),
      ofBundle: db.prepare<[string], string>(`SELECT doc FROM ${t} WHERE bundle_id = ?`).pluck(),
      watch: db.prepare<[string, string | null, string | null], string>(
        `SELECT doc FROM ${t} WHERE due_kind = 'committed' AND warn_from <= ? AND (? IS NULL OR department = ?) ORDER BY due_on, id`,
      ).pluck(),
    };
  });
  const bundleCode = activeStatements(db, BUNDLE_PROGRESS, (g) =>
    db.prepare<[string], string>(`SELECT json_extract(doc, '$.bundleCode') FROM ${bundleProgressTables(g).bundles} WHERE id = ?`).pluck(),
  );

  return {
    /** A department's or a hall's work queue on `today`, with due-soon and overdue flags and the scope's counts. */
    workQueue(query: WorkQueueQuery): WorkQueue {
      const all = statements();
      const hall = query.hall ?? null;
      const scope: QueueScope = hall === null ? 'department' : 'hall';
      const s = all?.[scope];
      const params: ScopeParams = hall === null ? { department: query.department } : { department: query.department, hall };
      const limit = query.limit ?? 500;
      const entry = (doc: string) => toWorkQueueEntry(parse(doc), query.today, calendar);
      const inScope = (e: WorkQueueEntry) => e.department === query.department && (hall === null || e.hall === hall);
      const open = (s?.open.all({ ...params, limit }) ?? []).map(entry);
      const waiting = (s?.waiting.all({ ...params, limit }) ?? []).map(entry);
      const bundles = (s?.bundleIds.all(params) ?? []).map((bundleId): BundleQueueEntry => {
        const members = (all?.ofBundle.all(bundleId) ?? []).map(entry);
        const due = members.filter((m) => m.dueOn !== null).sort((a, b) => (a.dueOn! < b.dueOn! ? -1 : 1))[0];
        return {
          bundleId,
          bundleCode: bundleCode()?.get(bundleId) ?? null,
          nextDue: due?.dueOn ?? null,
          provisional: due?.provisional ?? false,
          overdue: members.some((m) => m.overdue),
          dueSoon: members.some((m) => m.dueSoon),
          applicationIds: members.filter(inScope).map((m) => m.applicationId),
        };
      });
      bundles.sort((a, b) => (a.nextDue ?? '9999').localeCompare(b.nextDue ?? '9999'));
      const counts = s?.counts.get({ ...params, today: query.today }) ?? { open: 0, overdue: 0, dueSoon: 0, waitingForApplicant: 0 };
      return { department: query.department, scope, hall, today: query.today, open, waitingForApplicant: waiting, bundles, counts };
    },

    /** 跟踪督导: open applications past or within 2 working days of their committed deadline, per department. */
    overdueWatch(query: { today: string; department?: string }): OverdueWatch {
      const dept = query.department ?? null;
      const entries = (statements()?.watch.all(query.today, dept, dept) ?? []).map((d) => toWorkQueueEntry(parse(d), query.today, calendar));
      const provisionalDates = entries.filter((e) => e.provisional).map((e) => e.dueOn!);
      return { today: query.today, departments: watchDepartments(entries), provisionalNote: provisionalNoteFor(calendar, provisionalDates), entries };
    },
  };
}
