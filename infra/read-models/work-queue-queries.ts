import type { ReadModelDb } from './sql-database.js';
import type { WorkdayCalendar } from '../../projections/calendar-port.js';
import { provisionalNoteFor } from '../../projections/provisional-note.js';
import type { ProvisionalNote } from '../../projections/provisional-note.js';
import type { WorkItemRow } from '../../projections/work-queue/work-item-row.js';
import { toWorkQueueEntry, watchDepartments } from '../../projections/work-queue/work-queue-view.js';
import type { WatchDepartment, WorkQueueEntry } from '../../projections/work-queue/work-queue-view.js';
import { activeStatements } from './active-tables.js';
import { BUNDLE_PROGRESS, bundleProgressTables } from './bundle-progress-sql.js';
import { encodeBundleCursor, encodeEntryCursor } from './queue-cursor.js';
import type { BundleCursor, EntryCursor } from './queue-cursor.js';
import { dueOrderOf, NO_DUE_DATE, WORK_QUEUE, workQueueTables } from './work-queue-sql.js';
import type { QueueLane } from './work-queue-sql.js';

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
  /** Bundles with open work in the scope. */
  bundles: number;
}

/** The token of each list's next page (queue-cursor.ts), or null when the list ends on this page. */
export interface WorkQueueNext {
  open: string | null;
  waitingForApplicant: string | null;
  bundles: string | null;
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
  /** Bundles with open work in the scope, by their next due date. */
  bundles: BundleQueueEntry[];
  /** The scope's totals, whatever the page: the lists are pages of them. */
  counts: WorkQueueCounts;
  next: WorkQueueNext;
}

export interface WorkQueueQuery {
  department: string;
  /** Only work first seen at this hall (the hall scope); the whole department when left out. */
  hall?: string;
  today: string;
  /** At most this many entries per list (default 50). */
  limit?: number;
  /** Each list starts after its cursor (the `next` of an earlier page), or at its beginning. */
  openAfter?: EntryCursor;
  waitingAfter?: EntryCursor;
  bundlesAfter?: BundleCursor;
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
type PageParams = ScopeParams & { lane: QueueLane; limit: number };
type AfterParams = PageParams & EntryCursor;

/** An open member of a bundle, as its covering index holds it. */
interface MemberRow {
  bundleId: string;
  id: string;
  department: string;
  hall: string | null;
  dueOn: string | null;
  warnFrom: string | null;
  provisional: number;
}

/** The rows of a scope. */
export const SCOPE_WHERE: Readonly<Record<QueueScope, string>> = {
  department: 'department = @department',
  hall: 'department = @department AND hall = @hall',
};

export const DEFAULT_QUEUE_LIMIT = 50;

/**
 * The queue's counts over a scope (`where` names department, and hall for a hall): the flags of
 * toWorkQueueEntry — overdue past due_on, due soon from warn_from — counted in the covering `_counts` index,
 * so a department of thousands of open cases costs one index range, not its documents.
 */
export function workQueueCountsSql(table: string, where: string): string {
  return `SELECT
      count(*) FILTER (WHERE lane = 'open') AS open,
      count(*) FILTER (WHERE lane = 'open' AND due_on < @today) AS overdue,
      count(*) FILTER (WHERE lane = 'open' AND (due_on IS NULL OR due_on >= @today) AND warn_from <= @today) AS dueSoon,
      count(*) FILTER (WHERE lane = 'waiting') AS waitingForApplicant
    FROM ${table} WHERE ${where}`;
}

/**
 * A bundle's line from its open members (any department): the earliest due date, whether any member is
 * overdue or due soon on `today`, and the members in the scope.
 */
export function bundleEntryOf(bundleId: string, members: readonly MemberRow[], today: string, inScope: (m: MemberRow) => boolean): Omit<BundleQueueEntry, 'bundleCode'> {
  let due: MemberRow | undefined;
  for (const m of members) if (m.dueOn !== null && (due === undefined || m.dueOn < due.dueOn!)) due = m;
  const overdue = (m: MemberRow): boolean => m.dueOn !== null && today > m.dueOn;
  return {
    bundleId,
    nextDue: due?.dueOn ?? null,
    provisional: due !== undefined && due.provisional === 1,
    overdue: members.some(overdue),
    dueSoon: members.some((m) => !overdue(m) && m.warnFrom !== null && today >= m.warnFrom),
    applicationIds: members.filter(inScope).map((m) => m.id),
  };
}

const bundleOrder = (b: { nextDue: string | null; bundleId: string }): BundleCursor => ({ nextDue: b.nextDue ?? NO_DUE_DATE, bundleId: b.bundleId });
const afterBundle = (b: BundleCursor, c: BundleCursor): boolean => b.nextDue > c.nextDue || (b.nextDue === c.nextDue && b.bundleId > c.bundleId);

export function workQueueQueries(db: ReadModelDb, calendar: WorkdayCalendar) {
  const statements = activeStatements(db, WORK_QUEUE, (g) => {
    const t = workQueueTables(g).items;
    const order = 'ORDER BY due_order, submitted_on, id LIMIT @limit';
    // One set per scope, so each WHERE names its index's columns (an `? IS NULL OR` would keep it from them).
    const scoped = (where: string) => ({
      first: db.prepare<[PageParams], string>(`SELECT doc FROM ${t} WHERE ${where} AND lane = @lane ${order}`).pluck(),
      after: db
        .prepare<[AfterParams], string>(`SELECT doc FROM ${t} WHERE ${where} AND lane = @lane AND (due_order, submitted_on, id) > (@dueOrder, @submittedOn, @id) ${order}`)
        .pluck(),
      members: db.prepare<[ScopeParams], MemberRow>(
        `SELECT bundle_id AS bundleId, id, department, hall, due_on AS dueOn, warn_from AS warnFrom, provisional FROM ${t}
          WHERE bundle_id IN (SELECT bundle_id FROM ${t} WHERE ${where} AND bundle_id IS NOT NULL)
          ORDER BY bundle_id, id`,
      ),
      counts: db.prepare<[ScopeParams & { today: string }], Omit<WorkQueueCounts, 'bundles'>>(workQueueCountsSql(t, where)),
    });
    return {
      department: scoped(SCOPE_WHERE.department),
      hall: scoped(SCOPE_WHERE.hall),
      watch: db.prepare<[string, string | null, string | null], string>(
        `SELECT doc FROM ${t} WHERE due_kind = 'committed' AND warn_from <= ? AND (? IS NULL OR department = ?) ORDER BY due_on, id`,
      ).pluck(),
    };
  });
  const bundleCode = activeStatements(db, BUNDLE_PROGRESS, (g) =>
    db.prepare<[string], string>(`SELECT json_extract(doc, '$.bundleCode') FROM ${bundleProgressTables(g).bundles} WHERE id = ?`).pluck(),
  );

  return {
    /**
     * A department's or a hall's work queue on `today`: a page of each list with due-soon and overdue flags,
     * the scope's counts, and where each list's next page starts.
     */
    workQueue(query: WorkQueueQuery): WorkQueue {
      const hall = query.hall ?? null;
      const scope: QueueScope = hall === null ? 'department' : 'hall';
      const s = statements()?.[scope];
      const params: ScopeParams = hall === null ? { department: query.department } : { department: query.department, hall };
      const limit = query.limit ?? DEFAULT_QUEUE_LIMIT;
      const entry = (doc: string) => toWorkQueueEntry(parse(doc), query.today, calendar);
      // One row past the page says whether another page follows.
      const page = (lane: QueueLane, after: EntryCursor | undefined): { entries: WorkQueueEntry[]; next: string | null } => {
        if (!s) return { entries: [], next: null };
        const docs = after ? s.after.all({ ...params, lane, limit: limit + 1, ...after }) : s.first.all({ ...params, lane, limit: limit + 1 });
        const entries = docs.slice(0, limit).map(entry);
        const last = entries.at(-1);
        return {
          entries,
          next: docs.length > limit && last ? encodeEntryCursor({ dueOrder: dueOrderOf(last.dueOn), submittedOn: last.submittedOn, id: last.applicationId }) : null,
        };
      };
      const open = page('open', query.openAfter);
      const waiting = page('waiting', query.waitingAfter);

      const inScope = (m: MemberRow): boolean => m.department === query.department && (hall === null || m.hall === hall);
      const byBundle = new Map<string, MemberRow[]>();
      for (const m of s?.members.all(params) ?? []) {
        const list = byBundle.get(m.bundleId);
        if (list) list.push(m);
        else byBundle.set(m.bundleId, [m]);
      }
      const allBundles = [...byBundle].map(([bundleId, members]) => bundleEntryOf(bundleId, members, query.today, inScope));
      allBundles.sort((a, b) => (afterBundle(bundleOrder(a), bundleOrder(b)) ? 1 : -1));
      const from = query.bundlesAfter ? allBundles.filter((b) => afterBundle(bundleOrder(b), query.bundlesAfter!)) : allBundles;
      const codeOf = bundleCode();
      const bundles = from.slice(0, limit).map((b): BundleQueueEntry => ({ ...b, bundleCode: codeOf?.get(b.bundleId) ?? null }));
      const lastBundle = bundles.at(-1);

      const counts = s?.counts.get({ ...params, today: query.today }) ?? { open: 0, overdue: 0, dueSoon: 0, waitingForApplicant: 0 };
      return {
        department: query.department,
        scope,
        hall,
        today: query.today,
        open: open.entries,
        waitingForApplicant: waiting.entries,
        bundles,
        counts: { ...counts, bundles: allBundles.length },
        next: {
          open: open.next,
          waitingForApplicant: waiting.next,
          bundles: from.length > limit && lastBundle ? encodeBundleCursor(bundleOrder(lastBundle)) : null,
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
