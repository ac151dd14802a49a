import type { ReadModelDb } from './sql-database.js';

export type SlotStatus = 'active' | 'building';

/** One generation of one projection: its tables carry the generation in their names, its checkpoint is here. */
export interface ProjectionSlot {
  name: string;
  generation: number;
  status: SlotStatus;
  /** The code version of the projection that fills it. */
  version: number;
  /** The position of the last event applied (0 for none). */
  position: number;
  /**
   * What beyond the log the fold counted on when this generation began (SqlProjection.basis: the calendar
   * version for the metrics); null for a projection that counts on nothing else.
   */
  basis: string | null;
}

/** Versioned table names: a rebuild fills generation g + 1 beside g, then switches. */
export function tableName(base: string, generation: number): string {
  return `${base}_g${generation}`;
}

export interface ProjectionStateStore {
  slots(status: SlotStatus): ProjectionSlot[];
  slot(name: string, status: SlotStatus): ProjectionSlot | undefined;
  activeGeneration(name: string): number | undefined;
  maxGeneration(name: string): number;
  insert(slot: ProjectionSlot): void;
  setPosition(name: string, generation: number, position: number): void;
  /** Makes `generation` the active one and forgets the previous active generation. */
  promote(name: string, generation: number): void;
  remove(name: string, generation: number): void;
}

export function projectionStateStore(db: ReadModelDb): ProjectionStateStore {
  const byStatus = db.prepare<[string], ProjectionSlot>(
    'SELECT name, generation, status, version, position, basis FROM projection_state WHERE status = ? ORDER BY name',
  );
  const one = db.prepare<[string, string], ProjectionSlot>(
    'SELECT name, generation, status, version, position, basis FROM projection_state WHERE name = ? AND status = ?',
  );
  const maxGen = db.prepare<[string], number | null>('SELECT MAX(generation) FROM projection_state WHERE name = ?').pluck();
  const insert = db.prepare<[string, number, string, number, number, string | null, string]>(
    'INSERT INTO projection_state (name, generation, status, version, position, basis, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const setPosition = db.prepare<[number, string, string, number]>(
    'UPDATE projection_state SET position = ?, updated_at = ? WHERE name = ? AND generation = ?',
  );
  const dropActive = db.prepare<[string]>("DELETE FROM projection_state WHERE name = ? AND status = 'active'");
  const activate = db.prepare<[string, number]>("UPDATE projection_state SET status = 'active' WHERE name = ? AND generation = ?");
  const remove = db.prepare<[string, number]>('DELETE FROM projection_state WHERE name = ? AND generation = ?');
  const now = (): string => new Date().toISOString();
  return {
    slots: (status) => byStatus.all(status),
    slot: (name, status) => one.get(name, status),
    activeGeneration: (name) => one.get(name, 'active')?.generation,
    maxGeneration: (name) => maxGen.get(name) ?? 0,
    insert(slot) {
      insert.run(slot.name, slot.generation, slot.status, slot.version, slot.position, slot.basis, now());
    },
    setPosition(name, generation, position) {
      setPosition.run(position, now(), name, generation);
    },
    promote(name, generation) {
      dropActive.run(name);
      activate.run(name, generation);
    },
    remove(name, generation) {
      remove.run(name, generation);
    },
  };
}

/** Read models that have applied events beyond the end of their event store's log (ReadModelsAheadError). */
export class ReadModelsAheadError extends Error {
  readonly code = 'READ_MODELS_AHEAD';
  constructor(
    readonly checkpoint: number,
    readonly head: number,
  ) {
    super(
      `the read models have applied the log up to position ${checkpoint}, but the event store's log ends at ${head}: ` +
        'they were built from another event store, or the event store was damaged or emptied. Restore the event store ' +
        '(npm run migrate, or a backup), or move read-models.sqlite aside to rebuild the read models from this log.',
    );
    this.name = 'ReadModelsAheadError';
  }
}

/** Refuses read models ahead of the log (`head`): a start on them would serve cases the log does not hold. */
export function assertReadModelsWithinLog(db: ReadModelDb, head: number): void {
  const highest = db.prepare<[], number | null>('SELECT MAX(position) FROM projection_state').pluck().get() ?? 0;
  if (highest > head) throw new ReadModelsAheadError(highest, head);
}
