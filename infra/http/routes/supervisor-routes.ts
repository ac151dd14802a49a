import { z } from 'zod';
import { ratio } from '../../../projections/metrics/metric-figures.js';
import { FORMULA_VERSION, METRIC_FIGURES, METRIC_NOTES } from '../../../projections/metrics/definitions.js';
import { PROVISIONAL_FIGURES_NOTE } from '../../../projections/provisional-note.js';
import { reportToCsv } from '../../../projections/report/report-csv.js';
import { catalogFigures } from '../../../services/catalog/index.js';
import { actorOf } from '../../auth/principal.js';
import { API_PREFIX } from '../create-app.js';
import { etagFor } from '../etag.js';
import { HttpError, notFound } from '../http-error.js';
import { problemType } from '../problem.js';
import { DomainError } from '../../../services/decider.js';
import { ReportMonthNotBegunError } from '../../application/report-desk.js';
import { ReadModelsBehindError } from '../../projections/monthly-report.js';
import type { RouteModule } from '../route-spec.js';
import type { ApiServices } from './api-services.js';
import { READ_YOUR_WRITES_NOTE, awaitMinPosition } from './read-your-writes.js';
import {
  CatalogFiguresView,
  FIGURE_UNITS,
  MetricDefinitionsView,
  MetricsQuery,
  MetricsView,
  Month,
  OverdueQuery,
  PublishReportBody,
  PublishedReportView,
  ReportList,
  ReportQuery,
  metricsSelection,
} from './supervisor-views.js';
import { OverdueView } from './application-views.js';

const CSV = 'text/csv; charset=utf-8';

/** GET /metrics/definitions: the figures' one source (projections/metrics/definitions.ts), as served. */
const METRIC_DEFINITIONS_BODY = {
  formulaVersion: FORMULA_VERSION,
  figures: METRIC_FIGURES.map((f) => ({
    key: f.key,
    kind: f.kind,
    unit: f.unit,
    month: f.month,
    zh: f.zh,
    en: f.en,
    definition: f.definition,
    conversion: 'conversion' in f ? f.conversion : null,
  })),
  notes: METRIC_NOTES.map((n) => ({ zh: n.zh, en: n.en })),
};

/** 督办: metrics, the overdue watch, monthly reports and the catalog's rates. Read-only but for publishing a report. */
export function supervisorRoutes(services: ApiServices): RouteModule {
  return {
    name: 'supervisor',
    register(route) {
      route({
        method: 'get',
        path: '/metrics',
        summary: 'Metrics by item, bundle, department or channel over a range of months',
        description: `Filter by one of item, bundle, department, channel; or groupBy one of them for every key; the bureau total otherwise. ${READ_YOUR_WRITES_NOTE}`,
        roles: ['supervisor'],
        query: MetricsQuery,
        problems: [503],
        responses: { 200: { description: 'The figures', schema: MetricsView } },
        handler: async ({ query, req }) => {
          const minPosition = awaitMinPosition(req, services.consistency);
          if (minPosition) await minPosition;
          const selection = metricsSelection(query);
          const rows = services.readModels.metrics({
            ...selection,
            ...(query.from === undefined ? {} : { from: query.from }),
            ...(query.to === undefined ? {} : { to: query.to }),
            byMonth: query.byMonth,
          });
          const includesProvisionalDays = rows.some((row) => row.includesProvisionalDays);
          return {
            body: {
              dimension: selection.dimension,
              key: selection.key ?? null,
              from: query.from ?? null,
              to: query.to ?? null,
              rows,
              includesProvisionalDays,
              provisionalNote: includesProvisionalDays ? PROVISIONAL_FIGURES_NOTE : null,
              units: FIGURE_UNITS,
            },
          };
        },
      });

      route({
        method: 'get',
        path: '/metrics/definitions',
        summary: 'What each metric figure counts: unit, month, formula and unit conversions (DESIGN.md §6)',
        roles: ['supervisor'],
        responses: { 200: { description: 'The definitions', schema: MetricDefinitionsView } },
        handler: () => ({ body: METRIC_DEFINITIONS_BODY }),
      });

      route({
        method: 'get',
        path: '/overdue',
        summary: '跟踪督导: open applications overdue or due within 2 working days, per department',
        roles: ['supervisor'],
        query: OverdueQuery,
        responses: { 200: { description: 'The watch list', schema: OverdueView } },
        handler: ({ query }) => ({
          body: services.readModels.overdueWatch({ today: services.today(), ...(query.department === undefined ? {} : { department: query.department }) }),
        }),
      });

      route({
        method: 'post',
        path: '/reports',
        summary: '定期通报: publish a month\'s report, frozen as an event with the formula version',
        roles: ['supervisor'],
        body: PublishReportBody,
        problems: [503],
        responses: { 201: { description: 'Published', schema: PublishedReportView, headers: { Location: 'Where to read it', ETag: 'The report revision' } } },
        handler: async ({ body, principal }) => {
          const published = await services.reports.publish(body.month, actorOf(principal), body.revise).catch((error: unknown) => {
            throw reportRefusal(error, body.month, body.revise);
          });
          return {
            status: 201,
            body: published,
            headers: { Location: `${API_PREFIX}/reports/${body.month}`, ETag: etagFor(published.revision) },
          };
        },
      });

      route({
        method: 'get',
        path: '/reports',
        summary: 'Published monthly reports',
        roles: ['supervisor'],
        responses: { 200: { description: 'Every published month', schema: ReportList } },
        handler: async () => ({ body: { reports: await services.reports.list() } }),
      });

      route({
        method: 'get',
        path: '/reports/:month',
        summary: 'One published report, as JSON or as CSV (Accept: text/csv or ?format=csv)',
        roles: ['supervisor'],
        params: z.object({ month: Month }),
        query: ReportQuery,
        responses: { 200: { description: 'The report as frozen (CSV: one row per dimension, key and figure)', schema: PublishedReportView, alternatives: { 'text/csv': z.string() }, headers: { ETag: 'The report revision' } } },
        handler: async ({ params, query, req }) => {
          const published = await services.reports.read(params.month);
          if (!published) throw notFound(`No report has been published for ${params.month}.`);
          const csv = query.format === 'csv' || (query.format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');
          const headers = { ETag: etagFor(published.revision), Vary: 'Accept' };
          if (!csv) return { body: published, headers };
          return {
            body: reportToCsv(published.report),
            contentType: CSV,
            headers: { ...headers, 'Content-Disposition': `attachment; filename="report-${params.month}.csv"` },
          };
        },
      });

      route({
        method: 'get',
        path: '/catalog/figures',
        summary: 'Catalog rates: online-capable and zero-visit-capable items, mean promised speed-up',
        roles: ['supervisor', 'admin'],
        responses: { 200: { description: 'The catalog in force', schema: CatalogFiguresView } },
        handler: () => {
          const projected = services.readModels.catalogRates();
          const catalog = services.catalog.current();
          if (projected && projected.catalogVersion === catalog.version) return { body: projected };
          // The projection has not seen the version in force yet: the same figures, from the catalog itself.
          const figures = catalogFigures(catalog);
          return {
            body: {
              catalogVersion: catalog.version,
              ...figures,
              onlineCapableRate: ratio(figures.onlineCapable, figures.items),
              zeroVisitCapableRate: ratio(figures.zeroVisitCapable, figures.items),
            },
          };
        },
      });
    },
  };
}

/** A refused publication as the API has always answered it; anything else as it is. */
function reportRefusal(error: unknown, month: string, revise: boolean): unknown {
  if (error instanceof ReportMonthNotBegunError) {
    return new HttpError({ status: 422, type: problemType('report-month-not-begun'), title: 'The month has not begun', detail: error.message });
  }
  if (error instanceof ReadModelsBehindError) {
    return new HttpError(
      { status: 503, type: problemType('read-models-behind'), title: 'The read models are catching up', detail: `They have not reached position ${error.position}; nothing was published.` },
      { 'Retry-After': '5' },
    );
  }
  if (error instanceof DomainError && (error.code === 'REPORT_ALREADY_PUBLISHED' || error.code === 'REPORT_NOT_PUBLISHED')) {
    return new HttpError({
      status: 409,
      type: problemType(revise ? 'report-not-published' : 'report-already-published'),
      title: revise ? 'There is no report of this month to revise' : 'This month has been published',
      detail: revise ? `Publish ${month} first.` : `Send revise: true to publish a revision of ${month}; the first publication stays in the log.`,
    });
  }
  return error;
}
