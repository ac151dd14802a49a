import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { liveCalendar } from '../../infra/application/live-calendar.js';
import { countsProvisionalDays } from '../../projections/metrics/limits.js';
import { createWorkCalendar, defaultCalendar, parseOverride, shippedOverrides } from '../../services/calendar/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';
import { projectionHarness } from '../support/projection-harness.js';
import type { Harness } from '../support/projection-harness.js';
import { accepted, decided, submitted } from '../support/lifecycle-data.js';

// 2027 has no State Council notice in the shipped data: the statutory rule counts it (元旦 Friday 1 January,
// Monday 4 January a working day). This notice, as the keeper puts an imported one in force, makes 2027 official
// and Monday 4 January a day off, as the real one may.
const STATUTORY_2027 = ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03'];
const NOTICE_2027 = parseOverride(
  {
    version: 'cn-2027-test',
    source: 'test notice',
    years: { 2027: { holidays: [...STATUTORY_2027, '2027-01-04', '2027-02-09', '2027-02-10', '2027-05-03', '2027-05-04', '2027-10-04', '2027-10-05'], makeupWorkdays: [] } },
    revisions: [],
  },
  'tests/unit/projection-metrics-provisional.test.ts',
);
const NATURAL_15 = { value: 15, unit: 'natural' as const };
const WORKING_5 = { value: 5, unit: 'working' as const };

describe('metrics: figures counted on provisional days (DESIGN.md §5, §6)', () => {
  it('a figure uses a provisional day exactly when its conclusion or a natural-day limit’s end is provisional', () => {
    const cal = defaultCalendar();
    expect(countsProvisionalDays('2026-12-01', '2026-12-10', [NATURAL_15, WORKING_5], cal)).to.equal(false);
    // 15 natural days from 20 December end on 4 January 2027.
    expect(countsProvisionalDays('2026-12-20', '2026-12-22', [NATURAL_15], cal)).to.equal(true);
    // A working-day limit is a count, not a date: it reads no day of the calendar.
    expect(countsProvisionalDays('2026-12-28', '2026-12-30', [{ value: 20, unit: 'working' }], cal)).to.equal(false);
    expect(countsProvisionalDays('2026-12-28', '2027-01-05', [WORKING_5], cal)).to.equal(true);
  });

  describe('a running projection', () => {
    let inForce: WorkCalendar;
    let h: Harness;
    const id = randomUUID();
    before(async () => {
      inForce = defaultCalendar();
      h = projectionHarness({ calendar: liveCalendar(() => inForce) });
      const stream = `application-${id}`;
      await h.append(stream, 'ApplicationSubmitted', submitted({ applicationId: id, itemCode: 'I1', department: 'D1', submittedOn: '2026-12-30', committedLimit: WORKING_5, statutoryLimit: WORKING_5 }), '2026-12-30');
      await h.append(stream, 'ApplicationAccepted', accepted('2026-12-31', '2027-01-08', { committed: WORKING_5, statutory: WORKING_5 }), '2026-12-31');
      await h.append(stream, 'DecisionMade', decided('2027-01-05'), '2027-01-05');
      const old = randomUUID();
      const earlier = `application-${old}`;
      await h.append(earlier, 'ApplicationSubmitted', submitted({ applicationId: old, itemCode: 'I1', department: 'D1', submittedOn: '2026-11-02' }), '2026-11-02');
      await h.append(earlier, 'ApplicationAccepted', accepted('2026-11-02', '2026-11-09', { committed: WORKING_5, statutory: NATURAL_15 }), '2026-11-02');
      await h.append(earlier, 'DecisionMade', decided('2026-11-04'), '2026-11-04');
      await h.runner.catchUp();
    });
    after(() => h.close());

    const month = (m: string) => h.readModels.metrics({ dimension: 'all', from: m, to: m })[0]!;

    it('marks the month whose figures counted a provisional day, and only it', () => {
      expect(month('2027-01')).to.deep.include({ includesProvisionalDays: true });
      expect(month('2027-01').figures.turnaround.mean).to.equal(2); // 4 and 5 January, on the rule
      expect(month('2026-11')).to.deep.include({ includesProvisionalDays: false });
      expect(h.runner.outdated()).to.deep.equal([]);
    });

    it('is outdated once the notice changes the calendar, and its recount drops the mark and moves the figure', async () => {
      inForce = createWorkCalendar({ overrides: [...shippedOverrides(), NOTICE_2027] });
      expect(h.runner.outdated()).to.deep.equal(['metrics']);
      await h.runner.rebuild(h.runner.outdated());
      expect(h.runner.outdated()).to.deep.equal([]);
      expect(month('2027-01').figures.turnaround.mean).to.equal(1); // 4 January is now a day off
      expect(month('2027-01').includesProvisionalDays).to.equal(false);
      expect(month('2026-11').figures.turnaround.mean).to.equal(2);
    });
  });

  it('a generation built before the basis existed is recounted once, then current', async () => {
    const h = projectionHarness();
    try {
      h.db.prepare("UPDATE projection_state SET basis = NULL WHERE name = 'metrics'").run();
      expect(h.runner.outdated()).to.deep.equal(['metrics']);
      await h.runner.rebuild(['metrics']);
      expect(h.runner.outdated()).to.deep.equal([]);
    } finally {
      await h.close();
    }
  });
});
