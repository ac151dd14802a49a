import { z } from 'zod';
import { NoticeRejectedError } from '../../application/calendar-keeper.js';
import { actorOf } from '../../auth/principal.js';
import { HttpError } from '../http-error.js';
import { problemType } from '../problem.js';
import type { RouteModule } from '../route-spec.js';
import type { ApiServices } from './api-services.js';

const Words = z.object({ zh: z.string(), en: z.string() });

export const CalendarSummary = z
  .object({
    version: z.string().meta({ description: 'The working-day calendar in force: data source, revisions, imported notices and provisional years joined by "+"' }),
    today: z.string(),
    coverage: z.object({ from: z.string(), to: z.string() }).meta({ description: 'Dates the legal clock counts; beyond `to` a deadline is refused (503 calendar-not-covered)' }),
    officialYears: z.object({ from: z.number().int(), to: z.number().int() }).meta({ description: 'Years with a State Council holiday notice' }),
    provisionalYears: z.array(z.number().int()).meta({
      description: 'Years counted on the statutory rule (weekends, the statutory holidays with 补假, no 调休) until their notice is imported; deadlines there are marked provisional',
    }),
    notices: z.array(z.object({ version: z.string(), source: z.string(), years: z.array(z.number().int()), position: z.number().int(), importedAt: z.string() })),
    warning: Words.extend({ provisionalYears: z.array(z.number().int()), coveredUntil: z.string() })
      .nullable()
      .meta({ description: 'From 1 November while next year has no official notice (or whenever this year has none): what to import' }),
  })
  .meta({ id: 'CalendarSummary' });

const NoticeYear = z.object({
  holidays: z.array(z.string()).max(366),
  makeupWorkdays: z.array(z.string()).max(366),
  movedStatutoryDays: z.array(z.object({ date: z.string(), note: z.string() })).max(366).optional(),
});

const HolidayNoticeInput = z
  .object({ version: z.string().max(100), source: z.string().max(500), years: z.record(z.string(), NoticeYear) })
  .meta({
    id: 'HolidayNotice',
    description:
      'A State Council holiday notice (国务院办公厅关于…部分节假日安排的通知): per year the days off and the make-up working days (调休上班); a statutory holiday the notice does not give off must be listed in movedStatutoryDays with a note',
  });

const Pair = z.object({ committedDeadline: z.string(), statutoryDeadline: z.string().nullable(), provisional: z.boolean() });

export const NoticeImportView = z
  .object({
    dryRun: z.boolean(),
    duplicate: z.boolean().meta({ description: 'The same notice was imported before; nothing was recorded again' }),
    notice: z.object({ version: z.string(), source: z.string(), years: z.array(z.number().int()) }),
    calendarVersion: z.object({ before: z.string(), after: z.string() }),
    years: z.array(
      z.object({
        year: z.number().int(),
        before: z.enum(['official', 'provisional']),
        becomeDaysOff: z.array(z.string()),
        becomeWorkdays: z.array(z.string()),
      }),
    ),
    openDeadlines: z
      .object({ examined: z.number().int(), moving: z.number().int(), first: z.array(z.object({ applicationId: z.string(), before: Pair, after: Pair })) })
      .meta({ description: 'Open applications on the clock whose deadlines move (or stop being provisional) on the new calendar; the first few named' }),
    position: z.number().int().nullable().meta({ description: 'Where the CalendarRevised reached the log; null for a dry run' }),
  })
  .meta({ id: 'NoticeImport' });

const ImportQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .meta({ description: 'true: validate and show what would change, record nothing' }),
});

/** The legal clock's calendar: what it covers (supervisors, clerks, admins), and importing a holiday notice (admin). */
export function calendarRoutes(services: ApiServices): RouteModule {
  return {
    name: 'calendar',
    register(route) {
      route({
        method: 'get',
        path: '/calendar',
        summary: 'The working-day calendar in force: official and provisional years, imported notices, and a warning when a notice is due',
        roles: ['clerk', 'supervisor', 'admin'],
        responses: { 200: { description: 'The calendar', schema: CalendarSummary } },
        handler: () => ({ body: services.calendar.summary(), headers: { 'Cache-Control': 'no-store' } }),
      });
      route({
        method: 'post',
        path: '/calendar/notices',
        summary: "Import a State Council holiday notice: in force in every instance within seconds, open deadlines recomputed (dryRun=true: only show what changes)",
        roles: ['admin'],
        query: ImportQuery,
        body: HolidayNoticeInput,
        responses: {
          200: { description: 'Dry run, or the same notice imported before', schema: NoticeImportView },
          201: { description: 'Imported', schema: NoticeImportView },
        },
        handler: async ({ body, query, principal }) => {
          try {
            const result = await services.calendar.importNotice(body, actorOf(principal), query.dryRun);
            return { status: result.dryRun || result.duplicate ? 200 : 201, body: result };
          } catch (error) {
            if (!(error instanceof NoticeRejectedError)) throw error;
            throw new HttpError({
              status: 422,
              type: problemType('notice-invalid'),
              title: 'The holiday notice is not valid',
              detail: `${error.problems.length} problem(s); nothing was imported.`,
              errors: error.problems.map((p) => ({
                in: 'body' as const,
                field: p.path,
                pointer: `#/${p.path.replaceAll('.', '/')}`,
                message: p.message,
                code: 'notice_rule',
              })),
            });
          }
        },
      });
    },
  };
}
