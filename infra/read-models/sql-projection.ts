import type { ReadModelDb } from './sql-database.js';
import type { ProjectionDeps } from '../../projections/calendar-port.js';
import type { LogEvent } from '../../projections/log-event.js';

/** A projection bound to one generation's tables, applied batch by batch. */
export interface ProjectionSession {
  apply(event: LogEvent): void;
  /** Writes the batch's changes; called inside the batch's transaction, before the checkpoint moves. */
  flush(): void;
  /** The batch and its checkpoint committed. */
  committed(): void;
  /** The batch rolled back: forget whatever it changed in memory. */
  discard(): void;
  /** Rows held in memory for the batch: what a batch costs in memory grows with them, not with its events. */
  cachedRows(): number;
  /**
   * Reads ahead, in one statement per table, the rows keyed by these ids (the streams and cases the batch's
   * events name): on PostgreSQL, where each row read alone is a round trip. A row it did not foresee is read
   * when asked, as on SQLite, which needs none of this.
   */
  prefetch?(ids: readonly string[]): void;
}

/** The session calls of several document tables, made as one. */
export function sessionOf(tables: readonly Pick<ProjectionSession, 'flush' | 'committed' | 'discard' | 'cachedRows' | 'prefetch'>[]) {
  return {
    prefetch: (ids: readonly string[]) => tables.forEach((t) => t.prefetch?.(ids)),
    flush: () => tables.forEach((t) => t.flush()),
    committed: () => tables.forEach((t) => t.committed()),
    discard: () => tables.forEach((t) => t.discard()),
    cachedRows: () => tables.reduce((sum, t) => sum + t.cachedRows(), 0),
  };
}

/** A projection with its SQL home: the pure fold from projections/ plus the tables it lives in. */
export interface SqlProjection {
  name: string;
  /** Bumped when the fold changes: generations built by an older version are rebuilt. */
  version: number;
  /** Base names of its tables; generation g lives in `<base>_g<g>`. */
  tables: readonly string[];
  /**
   * Its share of a replay's CPU beside the others (bench/projections.ts, one projection at a time: the
   * milliseconds per 100 000 events over reading the log); a long replay is split between threads by it.
   */
  replayCost: number;
  /**
   * What beyond the log its fold counts on, when anything (the metrics: the calendar version, since turnaround
   * counts working days). A generation begun on another basis is recounted beside the live one, as for a
   * new version: so a holiday notice imported while running recounts figures taken on provisional days.
   */
  basis?: (deps: ProjectionDeps) => string;
  /** Event types it reads: the runner skips the rest without calling it. */
  events: ReadonlySet<string>;
  createTables(db: ReadModelDb, generation: number): void;
  open(db: ReadModelDb, generation: number, deps: ProjectionDeps): ProjectionSession;
}

/** The basis a generation of `projection` begun now records. */
export function basisOf(projection: SqlProjection, deps: ProjectionDeps): string | null {
  return projection.basis ? projection.basis(deps) : null;
}

/** Whether a generation was filled by this code on what the fold counts on now (else it is rebuilt). */
export function slotIsCurrent(projection: SqlProjection, slot: { version: number; basis: string | null }, deps: ProjectionDeps): boolean {
  return slot.version === projection.version && slot.basis === basisOf(projection, deps);
}
