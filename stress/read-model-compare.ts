import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { openPostgresReadModelDb } from '../infra/read-models/postgres-read-model-db.js';
import { dumpReadModels } from '../tests/support/read-model-dump.js';

type Dump = Record<string, unknown[]>;

/** The base tables whose content differs between two dumps. */
function differingTables(a: Dump, b: Dump): string[] {
  const tables = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return tables.filter((t) => !isDeepStrictEqual(a[t], b[t]));
}

/** The read-model tables whose content differs between two read-model files (generations aside). */
export function compareReadModels(liveFile: string, rebuiltFile: string): string[] {
  const open = (file: string) => new Database(file, { readonly: true, fileMustExist: true });
  const live = open(liveFile);
  const rebuilt = open(rebuiltFile);
  try {
    return differingTables(dumpReadModels(live), dumpReadModels(rebuilt));
  } finally {
    live.close();
    rebuilt.close();
  }
}

/**
 * Shared read models on PostgreSQL: the active generations now, then `rebuild` (new generations beside them,
 * switched in), then the active generations again; the tables whose content the rebuild changed.
 */
export async function compareWithPostgresRebuild(url: string, rebuild: () => Promise<boolean>): Promise<string[] | null> {
  const dump = () => {
    const db = openPostgresReadModelDb({ url });
    try {
      return dumpReadModels(db);
    } finally {
      db.close();
    }
  };
  const before = dump();
  if (!(await rebuild())) return null;
  return differingTables(before, dump());
}
