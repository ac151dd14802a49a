import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createWorkCalendar, defaultCalendar, parseOverrideJson, shippedOverrides } from '../../services/calendar/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';

/** Where a bureau keeps its own calendar overrides (a holiday notice published after the data source). */
export const CALENDAR_DIR = 'calendar';

/**
 * The working-day calendar: the default one, with DATA_DIR/calendar/*.json applied over it in file-name
 * order (later files win). A bad file stops the start: a deadline computed on a wrong calendar is worse
 * than no service.
 */
export function loadCalendar(dataDir: string): WorkCalendar {
  const dir = path.join(dataDir, CALENDAR_DIR);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  if (files.length === 0) return defaultCalendar();
  const overrides = files.map((f) => parseOverrideJson(readFileSync(path.join(dir, f), 'utf8'), `${CALENDAR_DIR}/${f}`));
  return createWorkCalendar({ overrides: [...shippedOverrides(), ...overrides] });
}
