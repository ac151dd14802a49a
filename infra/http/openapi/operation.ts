import type { z } from 'zod';
import type { Role } from '../../auth/principal.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** The body's schema; left out for an empty body (204, 202 without content). */
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
  /** The same answer in other media types, by media type (e.g. text/csv chosen by Accept or ?format=csv). */
  alternatives?: Readonly<Record<string, z.ZodType>>;
  /** Response headers the client can rely on, name → description (e.g. ETag, Location). */
  headers?: Record<string, string>;
}

/** One documented operation, as the route helper records it for the OpenAPI document. */
export interface OperationRecord {
  method: HttpMethod;
  /** The full express path, e.g. /api/v1/catalog/items/:code. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** Roles allowed; undefined = anyone, no token. */
  roles?: readonly Role[];
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** 'required': the request must carry If-Match (428 otherwise). */
  ifMatch?: 'required' | 'optional';
  /** True on POST: Idempotency-Key is honoured. */
  idempotent: boolean;
  responses: Readonly<Record<number, ResponseSpec>>;
  /** Problem statuses this operation can answer with (400, 401, 404 …). */
  problems: readonly number[];
}

/** Express `:name` segments as OpenAPI `{name}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

/** The names of an express path's parameters. */
export function pathParameterNames(expressPath: string): string[] {
  return [...expressPath.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] ?? '');
}
