import type { Bundle, ServiceItem } from './item-schema.js';
import { sha256Hex } from './sha256.js';

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
  return `sha256:${sha256Hex(canonicalJson({ items: body.items, bundles: body.bundles }))}`;
}
