import type Database from 'better-sqlite3';
import type { Outcome } from './group-commit.js';
import { ConcurrencyError } from './errors.js';
import { CommandReuseError } from './store-errors.js';
import { appendInTransaction, planOptimistically, writeAppend } from './sqlite-append.js';
import type { AppendContext, ChainCursor, PreparedAppend } from './sqlite-append.js';
import { GENESIS_HASH } from './event-hash.js';
import type { AppendResult } from './port.js';
import { createRevisionCache } from './sqlite-revision-cache.js';
import type { SqliteStatements } from './sqlite-statements.js';

/** Runs appends in write transactions: one per append, or one per group with an outcome per append. */
export interface SqliteWriter {
  commitOne(append: PreparedAppend): AppendResult;
  /** One outcome per append, in order; throws when the transaction itself fails. */
  commitGroup(appends: readonly PreparedAppend[]): Outcome<AppendResult>[];
}

class WriteFailed extends Error {}

export function createSqliteWriter(db: Database.Database, sql: SqliteStatements): SqliteWriter {
  const revisions = createRevisionCache(db);
  const context: AppendContext = { sql, revisions, chain: { position: 0, hash: GENESIS_HASH } };
  // The chain's end as last committed here; read again whenever another connection may have written.
  let committed: ChainCursor | undefined;
  const moveChainTo = (cursor: ChainCursor): void => {
    context.chain.position = cursor.position;
    context.chain.hash = cursor.hash;
  };

  const inTransaction = <T>(work: () => T): T => {
    sql.begin.run();
    try {
      if (revisions.revalidate() || committed === undefined) {
        const [position, hash] = sql.chainHead.get() ?? [0, GENESIS_HASH];
        committed = { position, hash };
      }
      moveChainTo(committed);
      const result = work();
      sql.commit.run();
      revisions.commit();
      committed = { ...context.chain };
      return result;
    } catch (error) {
      revisions.rollback();
      // Read again next time: the transaction may have ended in a state this process cannot tell.
      committed = undefined;
      // SQLite may already have rolled back on its own (e.g. an I/O error); a second ROLLBACK would throw.
      if (db.inTransaction) sql.rollback.run();
      throw error;
    }
  };

  /** Each append in its own savepoint: a failure undoes that append alone, and gives its rowids back. */
  const withSavepoints = (appends: readonly PreparedAppend[]): Outcome<AppendResult>[] =>
    appends.map((append) => {
      sql.savepoint.run();
      const before = { ...context.chain };
      try {
        const value = appendInTransaction(context, append);
        sql.release.run();
        return { ok: true, value };
      } catch (error) {
        sql.rollbackToSavepoint.run();
        sql.release.run();
        moveChainTo(before);
        return { ok: false, error };
      }
    });

  /**
   * The common case without savepoints: refusals are decided before an append writes anything, so they need
   * no undo. A failing write (a command answered already, a stream created meanwhile, a duplicate event id,
   * an I/O error) could leave half an append behind: then the whole transaction is abandoned and the batch
   * runs again with a savepoint per append and every lookup (`planAppend`), which gives each its answer.
   */
  const optimistic = (appends: readonly PreparedAppend[]): Outcome<AppendResult>[] =>
    appends.map((append) => {
      let plan;
      try {
        plan = planOptimistically(context, append);
      } catch (error) {
        // A refusal is this append's answer; anything else (I/O) may have ended the transaction: give up the batch.
        if (error instanceof ConcurrencyError || error instanceof CommandReuseError) return { ok: false, error };
        throw error;
      }
      if ('duplicate' in plan) return { ok: true, value: plan.duplicate };
      try {
        return { ok: true, value: writeAppend(context, append, plan.firstRevision) };
      } catch (error) {
        throw new WriteFailed('an append of the batch failed while writing', { cause: error });
      }
    });

  return {
    commitOne: (append) => inTransaction(() => appendInTransaction(context, append)),
    commitGroup(appends) {
      try {
        return inTransaction(() => optimistic(appends));
      } catch (error) {
        if (!(error instanceof WriteFailed)) throw error;
        return inTransaction(() => withSavepoints(appends));
      }
    },
  };
}
