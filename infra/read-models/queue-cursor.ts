/**
 * Where a page of a queue list ends, handed to the client as an opaque token: the sort key of the last entry
 * shown (keyset paging, so the next page is an index range from there, and an entry added or closed between
 * two pages neither shifts nor repeats the others).
 */
export interface EntryCursor {
  /** The due date, or NO_DUE_DATE for work without one (work-queue-sql.ts `due_order`). */
  dueOrder: string;
  submittedOn: string;
  id: string;
}

/** Where a page of the bundles ends: their order is the next due date, then the bundle id. */
export interface BundleCursor {
  nextDue: string;
  bundleId: string;
}

const encode = (parts: readonly string[]): string => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');

function decode(token: string, arity: number): string[] | null {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(token)) return null;
  try {
    const parts: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Array.isArray(parts) || parts.length !== arity || !parts.every((p) => typeof p === 'string' && p.length > 0 && p.length <= 128)) return null;
    return parts as string[];
  } catch {
    return null;
  }
}

export const encodeEntryCursor = (c: EntryCursor): string => encode([c.dueOrder, c.submittedOn, c.id]);
export const encodeBundleCursor = (c: BundleCursor): string => encode([c.nextDue, c.bundleId]);

/** The cursor a token names, or null when it is not one this server made. */
export function decodeEntryCursor(token: string): EntryCursor | null {
  const parts = decode(token, 3);
  return parts ? { dueOrder: parts[0]!, submittedOn: parts[1]!, id: parts[2]! } : null;
}

export function decodeBundleCursor(token: string): BundleCursor | null {
  const parts = decode(token, 2);
  return parts ? { nextDue: parts[0]!, bundleId: parts[1]! } : null;
}
