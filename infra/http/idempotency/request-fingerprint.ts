import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so two bodies that mean the same thing digest the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What a request asks for: its method, its target (path and query) and its body. */
export function requestFingerprint(method: string, target: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${target}\n${canonicalJson(body)}`).digest('base64url');
}
