import type { z } from 'zod';
import { builtinCatalogData } from './builtin-data.js';
import { CatalogValidationError } from './catalog-validation-error.js';
import type { CatalogProblem } from './catalog-validation-error.js';
import { auditBundles, auditItems, auditUniqueCodes } from './consistency-rules.js';
import { Bundle, ServiceItem } from './item-schema.js';
import type { Catalog, CatalogBody } from './item-schema.js';

/** The built-in catalog is the first version of the `catalog` stream. */
export const BUILTIN_CATALOG_VERSION = 1;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The code a raw row calls itself, or its position when it has none, so a problem can still be found. */
function locator(raw: unknown, list: 'items' | 'bundles', i: number): string {
  return isRecord(raw) && typeof raw.code === 'string' && raw.code.length > 0 ? raw.code : `${list}[${i}]`;
}

function schemaProblems(error: z.ZodError, key: 'itemCode' | 'bundleCode', code: string): CatalogProblem[] {
  return error.issues.map((issue) => ({
    [key]: code,
    field: issue.path.map(String).join('.') || '(row)',
    rule: 'schema',
    message: issue.message,
  }));
}

function parseRows<T>(
  raw: Record<string, unknown>,
  list: 'items' | 'bundles',
  schema: z.ZodType<T>,
  problems: CatalogProblem[],
): { valid: T[]; codes: string[] } {
  const rows = raw[list];
  if (!Array.isArray(rows)) {
    problems.push({ field: list, rule: 'schema', message: `${list} must be an array` });
    return { valid: [], codes: [] };
  }
  const valid: T[] = [];
  const codes: string[] = [];
  rows.forEach((row: unknown, i) => {
    const code = locator(row, list, i);
    if (isRecord(row) && typeof row.code === 'string' && row.code.length > 0) codes.push(row.code);
    const parsed = schema.safeParse(row);
    if (parsed.success) valid.push(parsed.data);
    else problems.push(...schemaProblems(parsed.error, list === 'items' ? 'itemCode' : 'bundleCode', code));
  });
  return { valid, codes };
}

/**
 * Validates a catalog body: the zod schema row by row, then the auditors' consistency rules on the rows
 * that parse. Throws a CatalogValidationError listing every problem; returns the parsed body otherwise.
 * Bundle membership is checked against every item code present, so one broken item row does not also
 * flag each bundle it belongs to.
 */
export function validateCatalogBody(raw: unknown): CatalogBody {
  if (!isRecord(raw)) throw new CatalogValidationError([{ field: '(catalog)', rule: 'schema', message: 'a catalog is an object with items and bundles' }]);
  const problems: CatalogProblem[] = [];
  const items = parseRows(raw, 'items', ServiceItem, problems);
  const bundles = parseRows(raw, 'bundles', Bundle, problems);
  problems.push(
    ...auditUniqueCodes(items.codes, 'item'),
    ...auditUniqueCodes(bundles.codes, 'bundle'),
    ...auditItems(items.valid),
    ...auditBundles(bundles.valid, new Set(items.codes)),
  );
  if (problems.length > 0) throw new CatalogValidationError(problems);
  return { items: items.valid, bundles: bundles.valid };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Wraps a validated body with its version and code lookups. Frozen: every reader shares one version's data. */
export function createCatalog(body: CatalogBody, version: number): Catalog {
  deepFreeze(body);
  const items = new Map(body.items.map((i) => [i.code, i]));
  const bundles = new Map(body.bundles.map((b) => [b.code, b]));
  return {
    version,
    items: body.items,
    bundles: body.bundles,
    item: (code) => items.get(code),
    bundle: (code) => bundles.get(code),
  };
}

export function loadCatalog(raw: unknown, version: number): Catalog {
  return createCatalog(validateCatalogBody(raw), version);
}

let builtin: Catalog | undefined;

/** The validated built-in catalog, version 1. Validated once per process; a broken data file throws here, at start-up. */
export function loadBuiltinCatalog(): Catalog {
  builtin ??= loadCatalog(builtinCatalogData, BUILTIN_CATALOG_VERSION);
  return builtin;
}
