import { createHash } from 'node:crypto';
import type { Bundle, ServiceItem } from './item-schema.js';

/**
 * JSON with object keys sorted at every depth and undefined members dropped, so the same catalog always
 * serialises to the same text whatever order its fields were written in. Array order is kept: it is
 * meaningful (item order in the list, material order in a guide).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** `sha256:<hex>` of the canonical JSON of a validated catalog body. */
export function catalogChecksum(body: { items: readonly ServiceItem[]; bundles: readonly Bundle[] }): string {
  // Only the body: a Catalog also carries its version and lookups, which are not part of what it says.
  // node:crypto is a pure function of its input (no I/O, no configuration); the domain's rules bar drivers,
  // express and process.env, not the platform's hash (DESIGN.md §2, eslint.config.js).
  const text = canonicalJson({ items: body.items, bundles: body.bundles });
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
