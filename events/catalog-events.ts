import { z } from 'zod';
import { LocalDate } from './envelope.js';
import { defineEvent } from './registry.js';

// Catalog revisions, stream `catalog`. The catalog body is validated by services/catalog when loaded.

export const CatalogVersionPublished = defineEvent(
  'CatalogVersionPublished',
  z.object({
    version: z.number().int().min(1),
    source: z.enum(['builtin', 'json', 'csv']),
    checksum: z.string().min(1),
    itemCount: z.number().int().min(0),
    bundleCount: z.number().int().min(0),
    catalog: z.unknown(),
  }),
);

/** One year of a State Council holiday notice as imported (services/calendar/holiday-notice.ts validates it). */
const NoticeYear = z.object({
  holidays: z.array(LocalDate),
  makeupWorkdays: z.array(LocalDate),
  movedStatutoryDays: z.array(z.object({ date: LocalDate, note: z.string().min(1) })).optional(),
});

/**
 * The working-day calendar in force changed, stream `calendar`: a process started on new holiday data, or an
 * operator imported a State Council notice (`notice`, which every process then applies over its own data).
 * `version` is the whole calendar's version with the change.
 */
export const CalendarRevised = defineEvent(
  'CalendarRevised',
  z.object({
    version: z.string().min(1),
    note: z.string().min(1),
    notice: z.object({ version: z.string().min(1), source: z.string().min(1), years: z.record(z.string(), NoticeYear) }).optional(),
  }),
);

/** 定期通报: a month's metrics frozen with the formula version, stream `report-<YYYY-MM>`. */
export const ReportPublished = defineEvent(
  'ReportPublished',
  z.object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    formulaVersion: z.string().min(1),
    metrics: z.unknown(),
  }),
);

export const catalogEvents = [CatalogVersionPublished, CalendarRevised, ReportPublished] as const;
