import type { z } from 'zod';
import { ProblemSchema } from '../../../infra/http/problem.js';
import type { Problem } from '../../../infra/http/problem.js';

/** A response body checked against the schema the route documents: the test fails if they drift apart. */
export function bodyAs<S extends z.ZodType>(schema: S, res: { body: unknown }): z.output<S> {
  return schema.parse(res.body);
}

/** A problem+json body, checked against the Problem schema. */
export function problemOf(res: { body: unknown }): Problem {
  return ProblemSchema.parse(res.body);
}

/** A body whose shape the test states itself (routes of the probe module without a documented schema). */
export function jsonOf<T>(res: { body: unknown }): T {
  return res.body as T;
}
