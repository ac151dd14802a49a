import { z } from 'zod';
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

/** A revision of the holiday data (e.g. the 2020 Spring Festival extension), stream `calendar`. */
export const CalendarRevised = defineEvent(
  'CalendarRevised',
  z.object({ version: z.string().min(1), note: z.string().min(1) }),
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
