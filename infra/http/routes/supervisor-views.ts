import { z } from 'zod';
import { DIMENSIONS } from '../../../projections/metrics/buckets.js';
import { METRIC_FIGURES } from '../../../projections/metrics/definitions.js';
import type { FigureUnit, MetricFigureDefinition } from '../../../projections/metrics/definitions.js';
import type { FigureKind } from '../../../projections/metrics/definitions.js';
import type { FigureShapes } from '../../../projections/metrics/metric-figures.js';

/** The supervisors' responses and queries (DESIGN.md §6), as documented in OpenAPI. */

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');

const Ratio = z.object({ numerator: z.number(), denominator: z.number(), rate: z.number().nullable() }).meta({ id: 'Ratio' });
const Distribution = z
  .object({ count: z.number().int(), p50: z.number().nullable(), p90: z.number().nullable(), mean: z.number().nullable() })
  .meta({ id: 'Distribution', description: 'Working days: nearest-rank p50 and p90, and the mean' });

/** The schema of a figure of each kind; its output is the kind's shape in the projection. */
const FIGURE_SCHEMAS = {
  ratio: Ratio,
  distribution: Distribution,
  count: z.number().int(),
  'realized-speed-up': z.object({ concluded: z.number(), turnaroundSum: z.number(), statutoryLimitSum: z.number(), rate: z.number().nullable() }),
  'promised-speed-up': z.object({ items: z.number().int(), rate: z.number().nullable() }),
} satisfies { [K in FigureKind]: z.ZodType<FigureShapes[K]> };

const UNIT_TEXT: Record<FigureUnit, string> = {
  'working-days': 'in working days on the legal calendar',
  ratio: 'a ratio between 0 and 1',
  count: 'a count',
};

/** What the document says of a figure: its names, unit, month, definition and conversion (GET /metrics/definitions). */
function figureDescription(f: MetricFigureDefinition): string {
  const conversion = f.conversion === undefined ? '' : ` Conversion: ${f.conversion}`;
  return `${f.zh} (${f.en}), ${UNIT_TEXT[f.unit]}, counted in the month of ${f.month}: ${f.definition}${conversion}`;
}

type FigureSchemas = { [F in (typeof METRIC_FIGURES)[number] as F['key']]: (typeof FIGURE_SCHEMAS)[F['kind']] };

/** The figures of a bucket, from METRIC_FIGURES in its order: each its kind's schema, described by its definition. */
export const MetricFigures = z
  .object(
    Object.fromEntries(
      METRIC_FIGURES.map((f) => [f.key, FIGURE_SCHEMAS[f.kind].meta({ description: figureDescription(f) })]),
    ) as FigureSchemas,
  )
  .meta({
    id: 'MetricFigures',
    description:
      '按时办结率 on-time, 实际提速率 realized and 承诺时限压缩率 promised speed-up, 提速达标率 fast-track hits, 即办 and 秒批 shares, ' +
      '不见面率 zero-visit, 网上办理率 online intake, 零提交率 zero submission, satisfaction, rectification on time',
  });

const Dimension = z.enum(DIMENSIONS);

const FILTERS = ['item', 'bundle', 'department', 'channel'] as const;

export const MetricsQuery = z
  .object({
    item: z.string().trim().min(1).max(64).optional(),
    bundle: z.string().trim().min(1).max(64).optional(),
    department: z.string().trim().min(1).max(64).optional(),
    channel: z.string().trim().min(1).max(64).optional(),
    /** Without a filter: one row per key of this dimension (all items, all departments …); the bureau total otherwise. */
    groupBy: z.enum(FILTERS).optional(),
    from: Month.optional(),
    to: Month.optional(),
    /** One row per month instead of one over the whole range. */
    byMonth: z.stringbool().default(false),
  })
  .superRefine((q, ctx) => {
    const given = FILTERS.filter((f) => q[f] !== undefined);
    if (given.length > 1) {
      ctx.addIssue({ code: 'custom', path: [given[1]!], message: `metrics are kept per dimension: filter by one of ${FILTERS.join(', ')} at a time` });
    }
    if (given.length === 1 && q.groupBy !== undefined && q.groupBy !== given[0]) {
      ctx.addIssue({ code: 'custom', path: ['groupBy'], message: `a ${given[0]} filter already picks the dimension` });
    }
    if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
  });
export type MetricsQuery = z.output<typeof MetricsQuery>;

const FigureUnitSchema = z.enum(['working-days', 'ratio', 'count'] satisfies FigureUnit[]);

/** Each figure's unit, by its key: what the numbers of `rows[].figures` count. */
export const FigureUnits = z
  .object(Object.fromEntries(METRIC_FIGURES.map((f) => [f.key, FigureUnitSchema])) as { [F in (typeof METRIC_FIGURES)[number] as F['key']]: typeof FigureUnitSchema })
  .meta({ id: 'FigureUnits', description: "Each figure's unit (GET /metrics/definitions defines them)" });

/** The units of a metrics answer, from the figures' definitions. */
export const FIGURE_UNITS = Object.fromEntries(METRIC_FIGURES.map((f) => [f.key, f.unit])) as z.output<typeof FigureUnits>;

export const MetricDefinitionsView = z
  .object({
    formulaVersion: z.string().meta({ description: 'The version a monthly report carries: a change of any definition changes it' }),
    figures: z.array(
      z.object({
        key: z.string(),
        kind: z.enum(['ratio', 'distribution', 'count', 'realized-speed-up', 'promised-speed-up']),
        unit: FigureUnitSchema,
        month: z.string().meta({ description: 'The date whose month the figure is counted in: a range of months selects by it' }),
        zh: z.string(),
        en: z.string(),
        definition: z.string(),
        conversion: z.string().nullable().meta({ description: 'How limits in other units are brought to this unit' }),
      }),
    ),
    notes: z.array(z.object({ zh: z.string(), en: z.string() })).meta({ description: 'Counting choices a reader could make otherwise' }),
  })
  .meta({ id: 'MetricDefinitions', description: 'DESIGN.md §6 as implemented: every figure with its unit, month and formula' });

export const MetricsView = z
  .object({
    dimension: Dimension,
    key: z.string().nullable(),
    from: Month.nullable(),
    to: Month.nullable(),
    rows: z.array(
      z.object({
        dimension: Dimension,
        key: z.string(),
        month: z.string().nullable(),
        figures: MetricFigures,
        includesProvisionalDays: z.boolean().meta({ description: 'Some figures of the row counted a day of a provisional calendar year' }),
      }),
    ),
    includesProvisionalDays: z.boolean().meta({
      description: 'Some figures counted a day of a year without the State Council holiday notice (provisional rule); they are recounted when the notice is imported',
    }),
    provisionalNote: z
      .object({ zh: z.string(), en: z.string() })
      .nullable()
      .meta({ description: 'The sentence to show beside the figures when includesProvisionalDays' }),
    units: FigureUnits,
  })
  .meta({ id: 'Metrics', description: 'Month of conclusion (or of submission, closing, rating, as each figure defines)' });

/** Which dimension and key a metrics query asks for. */
export function metricsSelection(q: MetricsQuery): { dimension: (typeof DIMENSIONS)[number]; key?: string } {
  for (const f of FILTERS) {
    const key = q[f];
    if (key !== undefined) return { dimension: f, key };
  }
  return q.groupBy ? { dimension: q.groupBy } : { dimension: 'all' };
}

export const OverdueQuery = z.object({ department: z.string().trim().min(1).max(64).optional() });

export const PublishReportBody = z
  .strictObject({ month: Month, revise: z.boolean().default(false) })
  .meta({ id: 'PublishReport', description: '定期通报: freeze a month; a second publication of the month needs revise: true' });

export const ReportEntry = z.object({
  month: z.string(),
  revision: z.number().int(),
  position: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.object({ role: z.string(), id: z.string() }),
});

export const ReportList = z.object({ reports: z.array(ReportEntry) }).meta({ id: 'ReportList' });

export const MonthlyReportView = z
  .object({
    month: z.string(),
    formulaVersion: z.string(),
    asOfPosition: z.number().int(),
    asOf: z.string(),
    bureau: MetricFigures.nullable(),
    sections: z.record(
      z.string(),
      z.array(
        z.object({
          // Reports frozen so far carry the row's dimension and month (null: the whole month) as the metrics
          // read model gave them; a frozen report is never rewritten, so the schema allows them.
          dimension: Dimension.optional(),
          key: z.string(),
          month: z.string().nullable().optional(),
          figures: MetricFigures,
        }),
      ),
    ),
    overdue: z.array(z.object({ department: z.string(), overdue: z.number().int(), dueSoon: z.number().int() })),
    catalog: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'MonthlyReport', description: '定期通报: the figures of one month as frozen, with the formula version and log position' });

export const PublishedReportView = ReportEntry.extend({ report: MonthlyReportView }).meta({ id: 'PublishedReport' });

export const ReportQuery = z.object({ format: z.enum(['json', 'csv']).optional() });

export const CatalogFiguresView = z
  .object({ catalogVersion: z.number().int(), items: z.number().int(), onlineCapableRate: Ratio, zeroVisitCapableRate: Ratio, meanPromisedSpeedUp: z.number() })
  .loose()
  .meta({ id: 'CatalogFigures', description: 'Catalog rates: online-capable and zero-visit-capable items, mean promised speed-up, and counts' });
