import { mkdirSync, readFileSync } from 'node:fs';
import { shanghaiToday, systemClock } from '../../../events/index.js';
import { coverageWarning, statutoryDays } from '../../../services/calendar/index.js';
import type { WorkCalendar } from '../../../services/calendar/index.js';
import { fromDayNumber, isWeekendDay, yearBounds } from '../../../services/calendar/local-date.js';
import { createCommandHandler } from '../../commands/index.js';
import { calendarOverrides } from '../../application/calendar-files.js';
import { NoticeRejectedError, openCalendarKeeper } from '../../application/calendar-keeper.js';
import type { NoticeImport } from '../../application/calendar-keeper.js';
import { latestPublishedCatalog } from '../../application/catalog-stream.js';
import { previewDeadlineMoves } from '../../application/deadline-preview.js';
import { loadConfig } from '../../config/load-config.js';
import { legalClockQueries } from '../../read-models/legal-clock-queries.js';
import { openReadModelDatabase } from '../../read-models/open-read-models.js';
import { openEventStore } from '../../store/open-event-store.js';
import type { CliCommand, CliIo } from '../lib/cli-command.js';
import { parseCliArgs } from '../lib/parse-cli-args.js';

const USAGE = `main.ts calendar show [YEAR]
       main.ts calendar import <notice.json> [--dry-run] [--by <admin id>]

show     the working-day calendar in force in DATA_DIR (the data, DATA_DIR/calendar/*.json and every notice
         imported into the event log): its official and provisional years and, for YEAR (default: this year),
         the days off on weekdays and the make-up working days (调休上班), and whether the year is official
         or provisional (the statutory rule: no 调休 until the State Council's notice is imported)
import   validates a State Council holiday notice (JSON: {"version","source","years":{"2027":{"holidays",
         "makeupWorkdays","movedStatutoryDays"}}}), shows what it changes against the calendar in force (days,
         and the open deadlines that would move, the first few named), and records it in the event log as a
         calendar revision: running API processes switch to it within seconds and recompute the open
         deadlines, with no restart. --dry-run shows the same and records nothing.`;

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const weekday = (date: string): string => `周${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}`;

/** A year's days as an operator checks them against the notice: weekdays off and weekend days worked. */
export function describeYear(calendar: WorkCalendar, year: number): string[] {
  const { first, last } = yearBounds(year);
  const provisional = calendar.isProvisional(fromDayNumber(first));
  const names = provisional ? new Map(statutoryDays(year).map((d) => [d.date, `${d.zh} ${d.en}`])) : new Map<string, string>();
  const off: string[] = [];
  const worked: string[] = [];
  for (let day = first; day <= last; day++) {
    const date = fromDayNumber(day);
    const work = calendar.isWorkday(date);
    if (!work && !isWeekendDay(day)) off.push(`  ${date} ${weekday(date)}${names.has(date) ? `  ${names.get(date)}` : ''}`);
    if (work && isWeekendDay(day)) worked.push(`  ${date} ${weekday(date)}`);
  }
  const status = provisional
    ? `provisional (暂定): the statutory rule of 《全国年节及纪念日放假办法》, no 调休, until the State Council's notice for ${year} is imported`
    : 'official (State Council notice)';
  return [
    `${year}: ${status}`,
    `weekdays off (${off.length}):`,
    ...off,
    `make-up working days, 调休上班 (${worked.length}):`,
    ...(worked.length > 0 ? worked : ['  none']),
  ];
}

function printImport(io: CliIo, result: NoticeImport): void {
  const lines = [
    `${result.dryRun ? 'dry run: would import' : result.duplicate ? 'already imported' : 'imported'} notice ${result.notice.version} (${result.notice.source})`,
    `calendar ${result.calendarVersion.before}`,
    `      -> ${result.calendarVersion.after}`,
  ];
  for (const y of result.years) {
    lines.push(`${y.year} (${y.before} before): ${y.becomeDaysOff.length} day(s) become days off, ${y.becomeWorkdays.length} become working days`);
    if (y.becomeDaysOff.length > 0) lines.push(`  days off:     ${y.becomeDaysOff.join(' ')}`);
    if (y.becomeWorkdays.length > 0) lines.push(`  working days: ${y.becomeWorkdays.join(' ')}`);
  }
  const moves = result.openDeadlines;
  lines.push(`open deadlines: ${moves.moving} of ${moves.examined} open cases on the clock ${result.dryRun ? 'would move or become official' : 'move or become official'}`);
  for (const m of moves.first) {
    const show = (p: typeof m.before) => `${p.committedDeadline}${p.statutoryDeadline ? ` / ${p.statutoryDeadline}` : ''}${p.provisional ? ' (provisional)' : ''}`;
    lines.push(`  ${m.applicationId}: ${show(m.before)} -> ${show(m.after)}`);
  }
  if (result.position !== null && !result.dryRun) lines.push(`recorded at log position ${result.position}; running API processes switch within seconds`);
  io.stdout.write(`${lines.join('\n')}\n`);
}

/** `npm run calendar -- import notice.json`: the State Council's holiday notice into a running bureau, no restart. */
export const command: CliCommand = {
  summary: 'show the working-day calendar, or import a State Council holiday notice (no restart)',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCliArgs(
      argv,
      { 'dry-run': { type: 'boolean', default: false }, by: { type: 'string', default: 'cli' }, 'data-dir': { type: 'string' } },
      USAGE,
      io,
    );
    if (!parsed) return 2;
    const [action, target] = parsed.positionals;
    if (!((action === 'show' && (target === undefined || /^\d{4}$/.test(target))) || (action === 'import' && target))) {
      io.stderr.write(`usage: ${USAGE}\n`);
      return 2;
    }
    const config = loadConfig(io.env, { DATA_DIR: parsed.values['data-dir'] });
    mkdirSync(config.dataDir, { recursive: true });
    const store = openEventStore(config.store);
    const db = openReadModelDatabase(config.store);
    try {
      const clock = systemClock;
      const today = shanghaiToday(clock);
      let handler: ReturnType<typeof createCommandHandler> | undefined;
      const queries = legalClockQueries(db);
      const keeper = await openCalendarKeeper({
        store,
        baseOverrides: calendarOverrides(config.dataDir),
        clock,
        previewMoves: async (next) => {
          const catalog = (await latestPublishedCatalog(store))?.catalog;
          if (!catalog) return { examined: 0, moving: 0, first: [] };
          handler ??= createCommandHandler({ store, catalog, calendar: keeper.calendar, clock });
          return previewDeadlineMoves({ openApplications: () => queries.openOnTheClock(), commands: handler, catalog: () => catalog, today }, next);
        },
      });
      if (action === 'show') {
        const calendar = keeper.current();
        const coverage = calendar.coverage();
        const year = target === undefined ? Number(today().slice(0, 4)) : Number(target);
        const lines = [
          `calendar ${calendar.version}`,
          `official ${coverage.officialYears.from}–${coverage.officialYears.to}; provisional ${coverage.provisionalYears.join(', ') || 'none'}; covered until ${coverage.to}`,
          ...keeper.notices().map((n) => `imported notice ${n.notice.version} at log position ${n.position}: ${n.notice.source}`),
        ];
        const warning = coverageWarning(coverage, today());
        if (warning) lines.push(`warning: ${warning.en}`);
        if (year < coverage.officialYears.from || `${year}-01-01` > coverage.to) {
          io.stdout.write(`${lines.join('\n')}\n`);
          io.stderr.write(`${year} is not covered: beyond the provisional years the calendar refuses to count\n`);
          return 1;
        }
        io.stdout.write(`${[...lines, '', ...describeYear(calendar, year)].join('\n')}\n`);
        return 0;
      }
      let input: unknown;
      try {
        input = JSON.parse(readFileSync(target!, 'utf8'));
      } catch (error) {
        io.stderr.write(`nothing imported: ${target} is not readable JSON: ${(error as Error).message}\n`);
        return 1;
      }
      try {
        printImport(io, await keeper.importNotice(input, { role: 'admin', id: parsed.values.by }, { dryRun: parsed.values['dry-run'] }));
        return 0;
      } catch (error) {
        if (!(error instanceof NoticeRejectedError)) throw error;
        io.stderr.write(`nothing imported: ${error.problems.length} problem(s)\n${error.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`);
        return 1;
      } finally {
        keeper.close();
      }
    } finally {
      db.close();
      await store.close();
    }
  },
};
