import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createWorkCalendar, parseOverrideJson, shippedOverrides } from '../../services/calendar/index.js';
import type { Override, WorkCalendar } from '../../services/calendar/index.js';

/** Where a bureau keeps its own calendar overrides (a holiday notice published after the data source). */
export const CALENDAR_DIR = 'calendar';

/**
 * The process's own calendar data: the shipped revisions, then DATA_DIR/calendar/*.json in file-name order
 * (later files win). A bad file stops the start: a deadline computed on a wrong calendar is worse than no
 * service. Notices imported into the event log go over these (calendar-keeper.ts).
 */
export function calendarOverrides(dataDir: string): Override[] {
  const dir = path.join(dataDir, CALENDAR_DIR);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  return [...shippedOverrides(), ...files.map((f) => parseOverrideJson(readFileSync(path.join(dir, f), 'utf8'), `${CALENDAR_DIR}/${f}`))];
}

/** The calendar of the process's own data, without the notices of the log (for tools that do not read it). */
export function loadCalendar(dataDir: string): WorkCalendar {
  return createWorkCalendar({ overrides: calendarOverrides(dataDir) });
}
