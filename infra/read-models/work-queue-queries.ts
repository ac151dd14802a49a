import type Database from 'better-sqlite3';
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

export interface WorkQueue {
  department: string;
  hall: string | null;
  today: string;
  /** Work on the clerks' side: intake, processing, suspended, result to issue; by due date, then submission. */
  open: WorkQueueEntry[];
  /** Waiting for the applicant: supplement, pickup, delivery. */
  waitingForApplicant: WorkQueueEntry[];
  bundles: BundleQueueEntry[];
  counts: { open: number; overdue: number; dueSoon: number; waitingForApplicant: number };
}

export interface WorkQueueQuery {
  department: string;
  /** Only work first seen at this hall. */
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

export function workQueueQueries(db: Database.Database, calendar: WorkdayCalendar) {
  const statements = activeStatements(db, WORK_QUEUE, (g) => {
    const t = workQueueTables(g).items;
    const order = `ORDER BY due_on IS NULL, due_on, json_extract(doc, '$.submittedOn'), id LIMIT ?`;
    return {
      open: db.prepare<[string, string | null, string | null, number], string>(
        `SELECT doc FROM ${t} WHERE department = ? AND (? IS NULL OR hall = ?) AND section <> 'waiting' ${order}`,
      ).pluck(),
      waiting: db.prepare<[string, string | null, string | null, number], string>(
        `SELECT doc FROM ${t} WHERE department = ? AND (? IS NULL OR hall = ?) AND section = 'waiting' ${order}`,
      ).pluck(),
      bundleIds: db.prepare<[string, string | null, string | null], string>(
        `SELECT DISTINCT bundle_id FROM ${t} WHERE department = ? AND (? IS NULL OR hall = ?) AND bundle_id IS NOT NULL`,
      ).pluck(),
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
    /** A department's (and optionally a hall's) work queue on `today`, with due-soon and overdue flags. */
    workQueue(query: WorkQueueQuery): WorkQueue {
      const s = statements();
      const hall = query.hall ?? null;
      const limit = query.limit ?? 500;
      const entry = (doc: string) => toWorkQueueEntry(parse(doc), query.today, calendar);
      const open = (s?.open.all(query.department, hall, hall, limit) ?? []).map(entry);
      const waiting = (s?.waiting.all(query.department, hall, hall, limit) ?? []).map(entry);
      const bundles = (s?.bundleIds.all(query.department, hall, hall) ?? []).map((bundleId): BundleQueueEntry => {
        const members = (s?.ofBundle.all(bundleId) ?? []).map(entry);
        const due = members.filter((m) => m.dueOn !== null).sort((a, b) => (a.dueOn! < b.dueOn! ? -1 : 1))[0];
        return {
          bundleId,
          bundleCode: bundleCode()?.get(bundleId) ?? null,
          nextDue: due?.dueOn ?? null,
          provisional: due?.provisional ?? false,
          overdue: members.some((m) => m.overdue),
          dueSoon: members.some((m) => m.dueSoon),
          applicationIds: members.filter((m) => m.department === query.department).map((m) => m.applicationId),
        };
      });
      bundles.sort((a, b) => (a.nextDue ?? '9999') .localeCompare(b.nextDue ?? '9999'));
      return {
        department: query.department,
        hall,
        today: query.today,
        open,
        waitingForApplicant: waiting,
        bundles,
        counts: {
          open: open.length,
          overdue: open.filter((e) => e.overdue).length,
          dueSoon: open.filter((e) => e.dueSoon).length,
          waitingForApplicant: waiting.length,
        },
      };
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
