import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { dumpReadModels } from '../tests/support/read-model-dump.js';

/** The read-model tables whose content differs between two read-model files (generations aside). */
export function compareReadModels(liveFile: string, rebuiltFile: string): string[] {
  const open = (file: string) => new Database(file, { readonly: true, fileMustExist: true });
  const live = open(liveFile);
  const rebuilt = open(rebuiltFile);
  try {
    const a = dumpReadModels(live);
    const b = dumpReadModels(rebuilt);
    const tables = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return tables.filter((t) => !isDeepStrictEqual(a[t], b[t]));
  } finally {
    live.close();
    rebuilt.close();
  }
}
