import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { newAggregateId, streamIdOf } from '../../infra/commands/index.js';
import type { CommandMeta } from '../../infra/commands/index.js';
import { createLogger } from '../../infra/logging/logger.js';
import { createDeemedAcceptanceSweep, deemedAcceptanceCommandId } from '../../infra/process-managers/index.js';
import type { RecordedEvent } from '../../infra/store/port.js';
import type { ApplicationCommand } from '../../services/application/index.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import { API, startApi } from '../http/support/api-harness.js';
import type { ApiHarness } from '../http/support/api-harness.js';
import { WU } from '../http/support/api-flows.js';
import { APPLICANT, CLERK, metaFor } from '../support/command-harness.js';
import { EXTENSION_2020_NOTICE, ORIGINAL_2020_NOTICE } from '../support/calendar-revisions.js';
import { tempDir } from '../support/sqlite-harness.js';

// The legal clock on the real composition (SQLite files in a DATA_DIR, the built-in catalog): the calendar
// revision of January 2020 and deemed acceptance (视为受理) run by the clock, not by a clerk.

const SBK = 'FSRS-SBK';

async function submit(h: ApiHarness, itemCode: string): Promise<string> {
  const meta = metaFor(APPLICANT, 'window');
  const id = newAggregateId(meta.commandId);
  await h.api.commands.handle(
    'application',
    streamIdOf('application', id),
    {
      type: 'submitApplication',
      applicationId: id,
      itemCode,
      applicant: { id: 'p-zhang', kind: 'individual', name: '张三' },
      form: {},
      materials: [{ code: 'id-card', source: 'e-licence', reference: 'EL-ID-4406' }],
      delivery: { mode: 'electronic' },
    },
    meta,
  );
  return id;
}

const act = (h: ApiHarness, id: string, command: ApplicationCommand, meta: CommandMeta = metaFor(CLERK, 'window')) =>
  h.api.commands.handle('application', streamIdOf('application', id), command, meta);

const idOf = (e: RecordedEvent): string => e.streamId.slice('application-'.length);
const ofType = (log: RecordedEvent[], type: string) => log.filter((e) => e.type === type);

describe('legal clock: a calendar revision recomputes the open deadlines', () => {
  it('records the new calendar once, moves the open cases only, and the work queue and overdue watch follow', async () => {
    const dir = tempDir('hrss-legal-clock-');
    mkdirSync(path.join(dir.dir, 'calendar'));
    const drop = (name: string, override: object) => writeFileSync(path.join(dir.dir, 'calendar', name), JSON.stringify(override));
    // January 2020: the bureau's calendar follows the original notice (1/31 and Saturday 2/1 worked).
    drop('2020-a-original.json', ORIGINAL_2020_NOTICE);
    let h = await startApi({ dataDir: dir.dir, date: '2020-01-13' });
    try {
      const old = h.api.calendar.version;
      expect(old).to.match(/\+cn-2020-spring-festival-original\+provisional-2027-2028$/);

      // SB-014 (1 and 5 working days) accepted Monday 1/13: both deadlines fall before the revised days.
      const untouched = await submit(h, 'SB-014');
      await act(h, untouched, { type: 'acceptApplication' });
      h.clock.setDate('2020-01-20');
      // KA-006 (10 and 30 working days) accepted Monday 1/20: committed 2/7 on the old calendar.
      const running = await submit(h, 'KA-006');
      const accepted = await act(h, running, { type: 'acceptApplication' });
      expect(accepted.events[0]?.data).to.include({ committedDeadline: '2020-02-07', calendarVersion: old });
      const decided = await submit(h, 'KA-006');
      await act(h, decided, { type: 'acceptApplication' });
      const suspended = await submit(h, 'KA-006');
      await act(h, suspended, { type: 'acceptApplication' });
      h.clock.setDate('2020-01-22');
      await act(h, decided, { type: 'decideApplication', outcome: 'approved', legalBasis: '《社会保险法》' });
      await act(h, suspended, { type: 'suspendClock', reason: 'expert-review', legalBasis: '《行政许可法》第四十五条' });
      const intake = await submit(h, 'KA-006');
      await h.api.caughtUp();

      const queue = (on: string) => new Map(h.api.readModels.workQueue({ department: SBK, today: on }).open.map((e) => [e.applicationId, e]));
      const watch = (on: string) => new Map(h.api.readModels.overdueWatch({ today: on, department: SBK }).entries.map((e) => [e.applicationId, e]));
      expect(queue('2020-01-22').get(running)).to.include({ dueOn: '2020-02-07' });
      expect(queue('2020-01-22').get(intake)).to.include({ dueKind: 'intake-notice', dueOn: '2020-02-04' });
      expect(watch('2020-02-10').get(running)).to.include({ overdue: true });
      const firstLog = await h.log();
      expect(ofType(firstLog, 'CalendarRevised').map((e) => (e.data as { version: string }).version)).to.deep.equal([old]);
      expect(ofType(firstLog, 'DeadlineRecomputed')).to.deep.equal([]);
      await h.api.close();

      // 国办发明电〔2020〕1号 (1/27) extends the holiday: the bureau drops the notice in and restarts on 1/28.
      drop('2020-b-extension.json', EXTENSION_2020_NOTICE);
      const head = firstLog.length;
      h = await startApi({ dataDir: dir.dir, date: '2020-01-28' });
      const revised = h.api.calendar.version;
      expect(revised).to.match(/\+bureau-2020-spring-festival-extension\+provisional-2027-2028$/);
      const log = await h.log();
      const added = log.slice(head);
      const calendars = ofType(log, 'CalendarRevised');
      expect(calendars.map((e) => [e.streamId, (e.data as { version: string }).version])).to.deep.equal([
        ['calendar', old],
        ['calendar', revised],
      ]);
      expect(ofType(added, 'CalendarRevised')).to.have.length(1);

      // The running and the suspended case move (the suspended one on its acceptance: no suspension has ended);
      // the decided case, the one whose dates lie before the holiday and the one still in intake do not.
      const recomputed = ofType(added, 'DeadlineRecomputed');
      expect(recomputed.map(idOf).sort()).to.deep.equal([running, suspended].sort());
      const statutory = defaultCalendar().addWorkdays('2020-01-20', 30);
      for (const e of recomputed) {
        expect(e.data).to.deep.equal({ committedDeadline: '2020-02-11', statutoryDeadline: statutory, calendarVersion: revised, recomputedOn: '2020-01-28' });
        expect(e.metadata).to.include({ causationId: calendars[1]!.eventId, channel: 'system' });
        expect(e.metadata.actor).to.deep.equal({ role: 'system', id: 'calendar-process' });
      }
      expect(added.filter((e) => e.streamId.startsWith('application-')).map((e) => e.type)).to.deep.equal(['DeadlineRecomputed', 'DeadlineRecomputed']);

      // The queue and the watch count on the new dates: on 2/10 the running case is due soon, no longer overdue.
      expect(queue('2020-01-28').get(running)).to.include({ dueOn: '2020-02-11' });
      expect(queue('2020-01-28').get(intake)).to.include({ dueKind: 'intake-notice', dueOn: '2020-02-06' });
      expect(watch('2020-02-10').get(running)).to.include({ overdue: false, dueSoon: true });
      expect(watch('2020-02-12').get(running)).to.include({ overdue: true });
      expect(watch('2020-01-28').get(untouched)).to.equal(undefined); // another department (FSRS-SBJ)
      expect(h.api.readModels.overdueWatch({ today: '2020-01-28' }).entries.find((e) => e.applicationId === untouched)).to.include({
        overdue: true,
        dueOn: '2020-01-14',
      });
      const status = await h.get(`${API}/applications/${running}`, WU);
      expect(status.body).to.include({ committedDeadline: '2020-02-11' });
      const settled = (await h.log()).length;
      await h.api.close();

      // A third start on the same calendar appends nothing.
      h = await startApi({ dataDir: dir.dir, date: '2020-01-29' });
      expect(await h.log()).to.have.length(settled);
    } finally {
      await h.api.close();
      dir.remove();
    }
  });

  it('an instance on a calendar replaced since records nothing, warns, and leaves the deadlines alone', async () => {
    const dir = tempDir('hrss-legal-clock-');
    mkdirSync(path.join(dir.dir, 'calendar'));
    const file = path.join(dir.dir, 'calendar', '2020-original.json');
    writeFileSync(file, JSON.stringify(ORIGINAL_2020_NOTICE));
    let h = await startApi({ dataDir: dir.dir, date: '2020-01-20' });
    try {
      const running = await submit(h, 'KA-006');
      await act(h, running, { type: 'acceptApplication' });
      await h.api.close();
      writeFileSync(file, JSON.stringify(EXTENSION_2020_NOTICE));
      h = await startApi({ dataDir: dir.dir, date: '2020-01-28' });
      const head = (await h.log()).length;
      await h.api.close();
      // The old data deployed again by mistake.
      writeFileSync(file, JSON.stringify(ORIGINAL_2020_NOTICE));
      h = await startApi({ dataDir: dir.dir, date: '2020-01-29' });
      expect(await h.log()).to.have.length(head);
      const warned = h.logLines.map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => l.level === 'warn' && /out of date/.test(l.msg));
      expect(warned).to.have.length(1);
      const [last] = ofType(await h.log(), 'DeadlineRecomputed').slice(-1);
      expect(last?.data).to.include({ committedDeadline: '2020-02-11' });
    } finally {
      await h.api.close();
      dir.remove();
    }
  });
});

describe('legal clock: 视为受理 on time', () => {
  it('accepts from receipt an application with no notice within 5 working days, once, on the first day after the window', async () => {
    // Monday 9/28/2020: 5 working days are 9/29, 9/30, 10/9, Saturday 10/10 (调休) and 10/12; 10/1–10/8 are off.
    const h = await startApi({ date: '2020-09-28' });
    try {
      const quiet = await submit(h, 'KA-006');
      const noticed = await submit(h, 'KA-006');
      await act(h, noticed, { type: 'requestSupplement', missing: [{ code: 'id-card', reason: '证件过期 expired' }] });
      const deemedOf = async () => ofType(await h.log(), 'DeemedAccepted');

      h.clock.setDate('2020-10-12');
      await h.api.legalClock!.check();
      expect(h.api.legalClock!.lastSwept()).to.equal('2020-10-12');
      expect(await deemedOf()).to.deep.equal([]);

      h.clock.setDate('2020-10-13');
      await h.api.legalClock!.check();
      const [deemed, ...more] = await deemedOf();
      expect(more).to.deep.equal([]);
      expect(idOf(deemed!)).to.equal(quiet);
      expect(deemed!.data).to.include({ acceptedOn: '2020-09-28', receivedOn: '2020-09-28', committedDeadline: '2020-10-19' });
      expect(deemed!.metadata).to.include({ commandId: deemedAcceptanceCommandId(quiet, '2020-10-13'), channel: 'system' });
      expect(deemed!.metadata.actor).to.deep.equal({ role: 'system', id: 'legal-clock' });
      await h.api.caughtUp();
      const open = h.api.readModels.workQueue({ department: SBK, today: '2020-10-13' });
      expect(open.open.find((e) => e.applicationId === quiet)).to.include({ section: 'processing', dueKind: 'committed', dueOn: '2020-10-19' });
      expect(open.waitingForApplicant.map((e) => e.applicationId)).to.deep.equal([noticed]);

      // The same day again, by the timer or a repeated sweep of a stale list: the same command, nothing appended.
      const head = await h.head();
      await h.api.legalClock!.check();
      const sweep = createDeemedAcceptanceSweep({
        commands: h.api.commands,
        calendar: h.api.calendar,
        candidates: () => [{ applicationId: quiet, receivedOn: '2020-09-28' }],
        readModelsCurrent: () => Promise.resolve(true),
        logger: createLogger({ level: 'silent' }),
      });
      expect(await sweep('2020-10-13')).to.deep.equal({ today: '2020-10-13', deemed: 0, refused: 0, uncovered: 0 });
      // The next day it is a new command, refused by the decider: the case moved on.
      expect(await sweep('2020-10-14')).to.deep.equal({ today: '2020-10-14', deemed: 0, refused: 1, uncovered: 0 });
      expect(await h.head()).to.equal(head);
    } finally {
      await h.dispose();
    }
  });

  it('runs at start for the day, and reports a year the calendar does not cover as a warning, once per sweep', async () => {
    const first = await startApi({ date: '2028-12-21' });
    const dataDir = first.dataDir;
    try {
      const late = await submit(first, 'KA-006');
      const other = await submit(first, 'KA-006');
      await first.api.close();
      // The next start is on 2029-01-04; the calendar covers 2027 and 2028 provisionally and 2029 not at all,
      // so neither window can be counted.
      const h = await startApi({ dataDir, date: '2029-01-04' });
      try {
        const warnings = h.logLines
          .map((l) => JSON.parse(l) as { level: string; msg: string; applications?: number })
          .filter((l) => l.level === 'warn' && /does not cover/.test(l.msg));
        expect(warnings).to.have.length(1);
        expect(warnings[0]?.applications).to.equal(2);
        expect(ofType(await h.log(), 'DeemedAccepted')).to.deep.equal([]);
        expect([late, other]).to.have.length(2);
      } finally {
        await h.api.close();
      }
    } finally {
      await first.dispose();
    }
  });
});
