import { isPostgres } from '../read-models/sql-database.js';
import type { ReadModelDb } from '../read-models/sql-database.js';
import type { ProjectionDeps } from '../../projections/calendar-port.js';
import type { LogEvent } from '../../projections/log-event.js';
import type { ProjectionSlot, ProjectionStateStore, SlotStatus } from '../read-models/projection-state.js';
import type { ProjectionSession, SqlProjection } from '../read-models/sql-projection.js';
import type { RecordedEvent } from '../store/port.js';

export interface BatchApplierOptions {
  db: ReadModelDb;
  state: ProjectionStateStore;
  projections: readonly SqlProjection[];
  deps: ProjectionDeps;
  /** The slots it feeds: the active generations, or the ones being built. */
  status: SlotStatus;
  /** Only these projections' slots. */
  only?: ReadonlySet<string>;
}

/**
 * Feeds the log to projection slots. `add` folds events into memory (rows read as needed, changes kept
 * in the sessions' caches); `commit` writes the changes and moves each slot's checkpoint in ONE transaction,
 * so after a crash either both are there or neither (exactly-once effect). Several reads may be added
 * before one commit: a row changed by many events of the span is written once, which is most of the cost
 * of a replay. Inside the transaction each checkpoint is compared with the one the span started from; a
 * slot another writer moved meanwhile (another runner, a rebuild switching generations) is dropped from
 * the commit, its changes forgotten, and is read again from its new checkpoint by the caller's next pass.
 */
export interface BatchApplier {
  /**
   * `after`: the position the events were read after (no event of the log lies between it and the first).
   * A slot behind it would miss events, so it is left for its own catch-up. Left out, `first - 1`: right on
   * a gap-free log only (positions on EventStoreDB skip).
   */
  add(events: readonly RecordedEvent[], after?: number): void;
  /** Events added since the last commit. */
  readonly pending: number;
  /** Rows the projections hold in memory for the commit. */
  cachedRows(): number;
  /** Commits what was added; returns the slots as they stand afterwards. */
  commit(): ProjectionSlot[];
  discard(): void;
}

interface Span {
  slot: ProjectionSlot;
  projection: SqlProjection;
  session: ProjectionSession;
  /** The checkpoint the span started from. */
  from: number;
  /** The position folded in so far. */
  at: number;
  /** This read starts past `at`: the span cannot take it (the events between were never read into it). */
  gap: boolean;
}

export function createBatchApplier(options: BatchApplierOptions): BatchApplier {
  const { db, state, projections, deps, status, only } = options;
  // Sessions of its own: a span lives across awaits, and must not share cached rows with another applier.
  const sessions = new Map<string, ProjectionSession>();
  const sessionFor = (projection: SqlProjection, generation: number): ProjectionSession => {
    const key = `${projection.name}#${generation}`;
    let session = sessions.get(key);
    if (!session) {
      session = projection.open(db, generation, deps);
      sessions.set(key, session);
    }
    return session;
  };
  let spans: Span[] | undefined;
  // The spans that read each event type: one look-up per event instead of one per event and projection.
  let routes: Map<string, Span[]> | undefined;
  let pending = 0;

  const start = (follows: number): Span[] => {
    const list: Span[] = [];
    for (const slot of state.slots(status)) {
      if (only !== undefined && !only.has(slot.name)) continue;
      const projection = projections.find((p) => p.name === slot.name);
      // A slot behind the first event (a generation switched in at an earlier position) is left to its own catch-up.
      if (!projection || slot.position < follows) continue;
      list.push({ slot, projection, session: sessionFor(projection, slot.generation), from: slot.position, at: slot.position, gap: false });
    }
    return list;
  };

  const routesOf = (list: readonly Span[]): Map<string, Span[]> => {
    const map = new Map<string, Span[]>();
    for (const span of list) {
      for (const type of span.projection.events) {
        const route = map.get(type);
        if (route) route.push(span);
        else map.set(type, [span]);
      }
    }
    return map;
  };

  // PostgreSQL: the rows the events name are read ahead, per projection, in one statement per table.
  const prefetching = isPostgres(db);
  const prefetch = (events: readonly RecordedEvent[]): void => {
    const ids = new Map<Span, Set<string>>();
    for (const event of events) {
      const route = routes!.get(event.type);
      if (route === undefined) continue;
      const named = idsNamedBy(event);
      for (const span of route) {
        if (span.gap || event.position <= span.at) continue;
        let set = ids.get(span);
        if (!set) ids.set(span, (set = new Set()));
        for (const id of named) set.add(id);
      }
    }
    for (const [span, set] of ids) span.session.prefetch?.([...set]);
  };

  const discard = (): void => {
    for (const span of spans ?? []) span.session.discard();
    spans = undefined;
    routes = undefined;
    pending = 0;
  };

  return {
    get pending() {
      return pending;
    },
    cachedRows: () => (spans ?? []).reduce((sum, span) => sum + span.session.cachedRows(), 0),
    add(events, after) {
      if (events.length === 0) return;
      const first = events[0]!.position;
      const follows = after ?? first - 1;
      const last = events[events.length - 1]!.position;
      if (!spans) {
        spans = start(follows);
        routes = routesOf(spans);
      }
      for (const span of spans) span.gap = span.at < follows;
      try {
        if (prefetching) prefetch(events);
        for (const event of events) {
          const route = routes!.get(event.type);
          if (route === undefined) continue;
          for (const span of route) {
            // The store parsed and upcast the data with the event registry: it has the shape its type names.
            if (event.position > span.at && !span.gap) span.session.apply(event as unknown as LogEvent);
          }
        }
        for (const span of spans) if (!span.gap) span.at = Math.max(span.at, last);
      } catch (error) {
        discard();
        throw error;
      }
      pending += events.length;
    },
    commit() {
      const list = spans;
      spans = undefined;
      routes = undefined;
      pending = 0;
      if (!list) return state.slots(status);
      const written: Span[] = [];
      try {
        db.transaction(() => {
          for (const span of list) {
            if (span.at === span.from) continue;
            const now = state.slot(span.slot.name, status);
            if (!now || now.generation !== span.slot.generation || now.position !== span.from) {
              span.session.discard();
              continue;
            }
            span.session.flush();
            state.setPosition(span.slot.name, span.slot.generation, span.at);
            written.push(span);
          }
        }).immediate();
      } catch (error) {
        for (const span of list) span.session.discard();
        throw error;
      }
      for (const span of written) span.session.committed();
      return state.slots(status);
    },
    discard,
  };
}

/** The ids of the rows an event is likely to touch: its stream's id, and the cases its data names. */
function idsNamedBy(event: RecordedEvent): string[] {
  const ids: string[] = [];
  const dash = event.streamId.indexOf('-');
  if (dash > 0) ids.push(event.streamId.slice(dash + 1));
  const data = event.data as Record<string, unknown> | null;
  for (const field of ['applicationId', 'bundleId', 'ticketId']) {
    const value = data?.[field];
    if (typeof value === 'string') ids.push(value);
  }
  return ids;
}
