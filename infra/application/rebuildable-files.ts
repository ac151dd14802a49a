import { existsSync, renameSync } from 'node:fs';

const DAMAGE = /^SQLITE_(CORRUPT|NOTADB)/;

/** Whether an error of better-sqlite3 says the file is not (or no longer) a sound database. */
export function isDamagedFile(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DAMAGE.test(code);
}

/**
 * Opens a store the service can rebuild (the read models from the log, the idempotency answers by re-running
 * through the command ids): when the file is damaged, it is set aside beside itself (`<file>.damaged-<ms>`,
 * with its WAL) for an operator to look at, `onSetAside` is told, and a fresh one is opened. Anything else
 * is thrown as it is.
 */
export function openRebuildable<T>(file: string, open: () => T, onSetAside: (movedTo: string, error: unknown) => void, now: () => number = Date.now): T {
  try {
    return open();
  } catch (error) {
    if (file === ':memory:' || !isDamagedFile(error)) throw error;
    const movedTo = `${file}.damaged-${now()}`;
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, movedTo + suffix);
    onSetAside(movedTo, error);
    return open();
  }
}
