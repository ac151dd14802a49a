import type { WorkCalendar } from '../calendar/index.js';
import type { Catalog } from '../catalog/item-schema.js';

/** The working-day calendar (DESIGN.md §5) the deciders count on. */
export type DeciderCalendar = WorkCalendar;

export interface ApplicationDeps {
  catalog: Catalog;
  calendar: DeciderCalendar;
}
