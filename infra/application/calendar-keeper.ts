import type { Actor, DataOf, CalendarRevised } from '../../events/index.js';
import { toShanghaiInstant } from '../../events/index.js';
import {
  CalendarDataError,
  createWorkCalendar,
  statutoryDays,
  validateHolidayNotice,
  yearChanges,
} from '../../services/calendar/index.js';
import type { HolidayNotice, NoticeProblem, Override, WorkCalendar } from '../../services/calendar/index.js';
import { createCommandHandler, toolMeta } from '../commands/index.js';
import type { CommandHandler } from '../commands/index.js';
import { derivedId } from '../commands/ids.js';
import { ConcurrencyError } from '../store/errors.js';
import type { EventStore } from '../store/port.js';
import { CALENDAR_REVISED, CALENDAR_STREAM } from './calendar-stream.js';
import { liveCalendar } from './live-calendar.js';

/** A notice read back from the `calendar` stream. */
export interface ImportedNotice {
  notice: HolidayNotice;
  position: number;
  importedAt: string;
}

/** How a notice would move (dry run) or moved the open deadlines. */
export interface DeadlineMoves {
  examined: number;
  moving: number;
  /** The first few, in the order examined. */
  first: { applicationId: string; before: DeadlinePair; after: DeadlinePair }[];
}

export interface DeadlinePair {
  committedDeadline: string;
  statutoryDeadline: string | null;
  provisional: boolean;
}

export interface NoticeImport {
  dryRun: boolean;
  /** True when this notice (same version, same days) was imported before: nothing is appended again. */
  duplicate: boolean;
  notice: { version: string; source: string; years: number[] };
  calendarVersion: { before: string; after: string };
  years: { year: number; before: 'official' | 'provisional'; becomeDaysOff: string[]; becomeWorkdays: string[] }[];
  openDeadlines: DeadlineMoves;
  /** Where the CalendarRevised reached the log; null for a dry run. */
  position: number | null;
}

/** A notice that cannot be imported: every problem, each naming its field. Nothing was recorded. */
export class NoticeRejectedError extends Error {
  readonly code = 'NOTICE_REJECTED';
  constructor(readonly problems: NoticeProblem[]) {
    super(`the holiday notice is refused: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.name = 'NoticeRejectedError';
  }
}

export interface CalendarKeeperOptions {
  store: EventStore;
  /** The command handler a notice is recorded through (the process's shared one); one of its own over `store` otherwise. */
  commands?: CommandHandler;
  /** The process's own data: shipped revisions and DATA_DIR/calendar/*.json, before any notice of the log. */
  baseOverrides: readonly Override[];
  clock: () => Date;
  /** How the open deadlines would move on `next` (the preview of an import). */
  previewMoves?: (next: WorkCalendar) => Promise<DeadlineMoves>;
  /** How often to look for a notice imported by another process; left out, the keeper does not look. */
  followEveryMs?: number;
  onFollowed?: (calendar: WorkCalendar) => void;
  onFollowError?: (error: unknown) => void;
}

export interface CalendarKeeper {
  /** Always answers on the calendar in force now: hand it to whatever counts days, once. */
  readonly calendar: WorkCalendar;
  /** The calendar in force now (a fixed snapshot). */
  current(): WorkCalendar;
  notices(): readonly ImportedNotice[];
  /** Applies notices imported elsewhere since the last look; resolves to the version in force. */
  refresh(): Promise<string>;
  /** Validates a notice, shows what it changes, and (unless a dry run) records it and puts it in force here at once. */
  importNotice(input: unknown, by: Actor, options: { dryRun: boolean }): Promise<NoticeImport>;
  close(): void;
}

const NO_MOVES: DeadlineMoves = { examined: 0, moving: 0, first: [] };
const ATTEMPTS = 3;

const overrideOf = (notice: HolidayNotice): Override => ({
  version: notice.version,
  source: notice.source,
  years: Object.fromEntries(Object.entries(notice.years).map(([y, d]) => [y, { holidays: d.holidays, makeupWorkdays: d.makeupWorkdays }])),
  revisions: [],
});

const buildCalendar = (base: readonly Override[], notices: readonly ImportedNotice[]): WorkCalendar =>
  createWorkCalendar({ overrides: [...base, ...notices.map((n) => overrideOf(n.notice))] });

/** The calendar in force on `store` for a process with `baseOverrides`, read once (tools that do not follow). */
export async function calendarInLog(store: EventStore, baseOverrides: readonly Override[]): Promise<WorkCalendar> {
  return buildCalendar(baseOverrides, (await noticesInLog(store)).notices);
}

/** The notices of the `calendar` stream, in log order, and the stream's revision (null: no stream). */
export async function noticesInLog(store: EventStore): Promise<{ notices: ImportedNotice[]; revision: number | null }> {
  const events = await store.readStream(CALENDAR_STREAM);
  const notices = events.flatMap((e) => {
    const notice = e.type === CALENDAR_REVISED ? (e.data as DataOf<typeof CalendarRevised>).notice : undefined;
    return notice ? [{ notice: { ...notice, years: withMoved(notice.years) }, position: e.position, importedAt: e.metadata.occurredAt }] : [];
  });
  return { notices, revision: events.at(-1)?.revision ?? null };
}

const withMoved = (years: NonNullable<DataOf<typeof CalendarRevised>['notice']>['years']): HolidayNotice['years'] =>
  Object.fromEntries(Object.entries(years).map(([y, d]) => [y, { ...d, movedStatutoryDays: d.movedStatutoryDays ?? [] }]));

const sameDays = (a: HolidayNotice, b: HolidayNotice): boolean => JSON.stringify(a.years) === JSON.stringify(b.years) && a.source === b.source;

/**
 * The working-day calendar in force (DESIGN.md §5): the process's own data with every State Council notice
 * imported into the `calendar` stream applied over it, in log order. An import is in force in this process
 * at once and in the others when they next look (followEveryMs), as a catalog version is; the CalendarRevised
 * it records makes the calendar process recompute the open deadlines.
 */
export async function openCalendarKeeper(options: CalendarKeeperOptions): Promise<CalendarKeeper> {
  const { store, baseOverrides } = options;
  const commands = options.commands ?? createCommandHandler({ store, clock: options.clock });
  let { notices, revision } = await noticesInLog(store);
  let current = buildCalendar(baseOverrides, notices);

  async function refresh(): Promise<string> {
    const latest = await store.streamRevision(CALENDAR_STREAM);
    if (latest === null || (revision !== null && latest <= revision)) return current.version;
    const read = await noticesInLog(store);
    const changed = read.notices.length !== notices.length;
    revision = read.revision;
    if (changed) {
      notices = read.notices;
      current = buildCalendar(baseOverrides, notices);
      options.onFollowed?.(current);
    }
    return current.version;
  }

  async function importOnce(input: unknown, by: Actor, dryRun: boolean): Promise<NoticeImport> {
    const checked = validateHolidayNotice(input, statutoryDays);
    if (!checked.ok) throw new NoticeRejectedError(checked.problems);
    const notice = checked.notice;
    const years = Object.keys(notice.years).map(Number).sort((a, b) => a - b);
    const before = current;
    const coverage = before.coverage();
    const outside = years.filter((y) => y < coverage.officialYears.from || y > coverage.officialYears.to + coverage.provisionalYears.length);
    if (outside.length > 0) {
      throw new NoticeRejectedError(
        outside.map((y) => ({
          path: `years.${y}`,
          message: `${y} is outside the calendar (official ${coverage.officialYears.from}–${coverage.officialYears.to}, provisional ${coverage.provisionalYears.join(', ') || 'none'}): import the years before it first`,
        })),
      );
    }
    const earlier = notices.find((n) => n.notice.version === notice.version);
    if (earlier && !sameDays(earlier.notice, notice)) {
      throw new NoticeRejectedError([{ path: 'version', message: `a different notice ${notice.version} was imported before: give the correction a version of its own` }]);
    }
    const next = earlier ? before : nextCalendar(notice);
    const report: NoticeImport = {
      dryRun,
      duplicate: earlier !== undefined,
      notice: { version: notice.version, source: notice.source, years },
      calendarVersion: { before: before.version, after: next.version },
      years: years.map((year) => ({
        year,
        before: coverage.provisionalYears.includes(year) ? 'provisional' : 'official',
        ...yearChanges(year, before, next),
      })),
      openDeadlines: earlier || !options.previewMoves ? NO_MOVES : await options.previewMoves(next),
      position: earlier ? earlier.position : null,
    };
    if (dryRun || earlier) return report;

    // On the revision the calendar above was built from: a notice recorded elsewhere meanwhile changes what
    // this one makes, so a conflict is decided again by importNotice, not retried as is.
    const recorded = await commands.handle(
      'calendar',
      CALENDAR_STREAM,
      { type: 'importHolidayNotice', version: next.version, note: `State Council notice ${notice.version} imported: ${notice.source}`, notice },
      toolMeta(by, derivedId('calendar-notice', notice.version)),
      { expected: revision ?? 'no_stream' },
    );
    const importedAt = recorded.events[0]?.metadata.occurredAt ?? toShanghaiInstant(options.clock());
    notices = [...notices, { notice, position: recorded.position, importedAt }];
    revision = recorded.nextRevision;
    current = next;
    return { ...report, position: recorded.position, duplicate: recorded.duplicate };
  }

  function nextCalendar(notice: HolidayNotice): WorkCalendar {
    try {
      return buildCalendar(baseOverrides, [...notices, { notice, position: 0, importedAt: '' }]);
    } catch (error) {
      if (error instanceof CalendarDataError) throw new NoticeRejectedError(error.problems.map((message) => ({ path: '(notice)', message })));
      throw error;
    }
  }

  const timer =
    options.followEveryMs === undefined
      ? undefined
      : setInterval(() => void refresh().catch((error: unknown) => options.onFollowError?.(error)), options.followEveryMs).unref();

  return {
    calendar: liveCalendar(() => current),
    current: () => current,
    notices: () => notices,
    refresh,
    async importNotice(input, by, { dryRun }) {
      for (let attempt = 1; ; attempt++) {
        await refresh();
        try {
          return await importOnce(input, by, dryRun);
        } catch (error) {
          // Another process recorded a calendar change meanwhile: read it and decide again on what is now in force.
          if (!(error instanceof ConcurrencyError) || attempt >= ATTEMPTS) throw error;
        }
      }
    },
    close: () => clearInterval(timer),
  };
}
