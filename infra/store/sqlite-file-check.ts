import Database from 'better-sqlite3';

/**
 * SQLite's own check of a store file (PRAGMA quick_check: every page, every index beside its table, the free
 * list), on a read-only connection so the service may keep writing. What the hash chain cannot see: a damaged
 * index page or free list is not in any event's row. Returns the problems it names, none for a sound file.
 */
export function sqliteFileProblems(path: string, limit = 20): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma(`quick_check(${limit})`, { simple: false }) as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check);
    return problems.length === 1 && problems[0] === 'ok' ? [] : problems;
  } finally {
    db.close();
  }
}
