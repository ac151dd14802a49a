import { createWorkCalendar, parseOverride } from '../../services/calendar/index.js';
import type { Override, WorkCalendar } from '../../services/calendar/index.js';

/**
 * The 2020 Spring Festival as the original State Council notice had it, before 国办发明电〔2020〕1号 extended
 * it: Friday 1/31 and the make-up Saturday 2/1 worked. The holiday data already carries the extension, so a
 * calendar that does not is this override over it: what a bureau ran in January 2020.
 */
export const ORIGINAL_2020_NOTICE = {
  version: 'cn-2020-spring-festival-original',
  source: '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）',
  revisions: [
    { date: '2020-01-31', work: true, note: 'Friday, a working day before the extension' },
    { date: '2020-02-01', work: true, note: 'Saturday, the make-up working day (调休上班) before the extension' },
    { date: '2020-02-02', work: false, note: 'Sunday' },
  ],
};

/** The extension as a bureau would drop it into DATA_DIR/calendar/ once the notice came out. */
export const EXTENSION_2020_NOTICE = {
  version: 'bureau-2020-spring-festival-extension',
  source: '国办发明电〔2020〕1号',
  revisions: [
    { date: '2020-01-31', work: false, note: 'extended Spring Festival holiday' },
    { date: '2020-02-01', work: false, note: 'make-up working day cancelled' },
    { date: '2020-02-02', work: false, note: 'extended Spring Festival holiday' },
  ],
};

export const originalNoticeOverride = (): Override => parseOverride(ORIGINAL_2020_NOTICE, 'tests/support/calendar-revisions.ts');

/** The calendar of January 2020, without the extension. */
export function preExtensionCalendar(): WorkCalendar {
  return createWorkCalendar({ overrides: [originalNoticeOverride()] });
}
