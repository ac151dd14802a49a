import { z } from 'zod';
import type { ReadinessProbe, ReadinessReport } from '../../application/readiness.js';
import type { RouteModule } from '../route-spec.js';

const Health = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }).meta({ id: 'Health' });
const Readiness = z
  .object({
    ready: z.boolean(),
    checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() })),
    warnings: z
      .array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() }))
      .optional()
      .meta({ description: 'What to act on soon that does not make the instance unready, e.g. no official holiday notice for next year yet' }),
  })
  .meta({ id: 'Readiness' });

/** Liveness (the process answers) and readiness (it can serve: store reachable, projections caught up). */
export function healthRoutes(readiness: ReadinessProbe): RouteModule {
  return {
    name: 'health',
    register(route) {
      route({
        method: 'get',
        path: '/health',
        summary: 'Liveness: the process is up',
        responses: { 200: { description: 'Alive', schema: Health } },
        handler: () => ({ body: { status: 'ok', uptimeSeconds: Math.round(process.uptime()) } }),
      });
      route({
        method: 'get',
        path: '/ready',
        summary: 'Readiness: the store is reachable and projections are caught up',
        responses: {
          200: { description: 'Ready to serve', schema: Readiness },
          503: { description: 'Not ready; the failing checks say why', schema: Readiness },
        },
        handler: async ({ log }) => {
          let report: ReadinessReport;
          try {
            report = await readiness();
          } catch (error) {
            log.warn({ err: error }, 'readiness probe failed');
            report = { ready: false, checks: [{ name: 'probe', ok: false, detail: 'the readiness probe failed' }] };
          }
          return { status: report.ready ? 200 : 503, body: report, headers: { 'Cache-Control': 'no-store' } };
        },
      });
    },
  };
}
