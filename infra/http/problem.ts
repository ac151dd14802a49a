import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import type { Response } from 'express';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types this API defines; plain HTTP failures use `about:blank` with the status phrase as title. */
export const problemType = (slug: string): string => `urn:one-network-hrss:problem:${slug}`;

export const FieldError = z.object({
  /** Where the field is: the body, the query string or a path parameter. */
  in: z.enum(['body', 'query', 'params', 'header']),
  /** Dotted path of the failing field ("applicant.idNumber", "members.0.itemCode"); empty for the whole input. */
  field: z.string(),
  /** The same field as a JSON pointer fragment ("#/applicant/idNumber"), as RFC 9457's example has it. */
  pointer: z.string(),
  message: z.string(),
  code: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details, with this API's extension members. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(FieldError).optional(),
    code: z.string().optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof ProblemSchema>;

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

export interface ProblemInit {
  status: number;
  type?: string;
  title?: string;
  detail?: string;
  [extension: string]: unknown;
}

export function makeProblem(init: ProblemInit): Problem {
  const { status, type, title, ...rest } = init;
  return { type: type ?? 'about:blank', title: title ?? statusTitle(status), status, ...rest };
}

export function sendProblem(res: Response, problem: Problem, headers: Record<string, string> = {}): void {
  res.status(problem.status).set(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
