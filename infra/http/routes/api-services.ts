import type { CalendarDesk, CatalogKeeper, CommandGateway, ReadConsistency, ReportDesk } from '../../application/ports.js';
import type { ReadModels } from '../../read-models/read-models.js';
import type { EventStore } from '../../store/port.js';

/**
 * What the routes are given: the application's ports (infra/application/ports.ts) and the read side. The
 * composition root (infra/composition) supplies them, tests may too. Nothing here knows about express.
 */

export interface ApiServices {
  commands: CommandGateway;
  events: Pick<EventStore, 'readStream' | 'streamRevision' | 'headPosition'>;
  readModels: ReadModels;
  catalog: CatalogKeeper;
  calendar: CalendarDesk;
  reports: ReportDesk;
  consistency: ReadConsistency;
  /** Today in Asia/Shanghai on the law's clock (YYYY-MM-DD). */
  today(): string;
}
