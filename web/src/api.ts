import { session } from './session';
import type { FieldError } from './types';

// The one way the console talks to the server: the public API under /api/v1, with the bearer token.

export const API = '/api/v1';

/** An application/problem+json answer: status, title, detail and the fields it names. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[],
    readonly type: string,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
  /** Field errors by field path (e.g. `waybillNo`, `missing.0.reason`), as the form shows them. */
  byField(): Record<string, string> {
    return Object.fromEntries(this.errors.map((e) => [e.field, e.message]));
  }
}

export interface Answer<T> {
  data: T;
  /** The resource's revision, to send back in If-Match. */
  etag: string | null;
}

export async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; ifMatch?: string | null; query?: Record<string, string | undefined>; anonymous?: boolean } = {},
): Promise<Answer<T>> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== '') query.set(k, v);
  const url = `${API}${path}${query.size > 0 ? `?${query}` : ''}`;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (session.token && !options.anonymous) headers.Authorization = `Bearer ${session.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.ifMatch) headers['If-Match'] = options.ifMatch;
  const res = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const p = (json ?? {}) as { title?: string; detail?: string; errors?: FieldError[]; type?: string };
    throw new ApiProblem(res.status, p.title ?? res.statusText, p.detail, p.errors ?? [], p.type ?? 'about:blank');
  }
  return { data: json as T, etag: res.headers.get('ETag') };
}

export const get = <T>(path: string, query?: Record<string, string | undefined>): Promise<Answer<T>> => call<T>('GET', path, { query });
export const post = <T>(path: string, body: unknown, ifMatch?: string | null): Promise<Answer<T>> => call<T>('POST', path, { body, ifMatch });
