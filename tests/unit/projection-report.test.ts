import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { publishMonthlyReport, readMonthlyReport, reportStream } from '../../infra/projections/monthly-report.js';
import { createCommandHandler } from '../../infra/commands/index.js';
import { DomainError } from '../../services/decider.js';
import { FORMULA_VERSION } from '../../projections/metrics/definitions.js';
import { reportToCsv } from '../../projections/report/report-csv.js';
import { builtinCatalogPublication } from '../../services/catalog/index.js';
import { projectionHarness } from '../support/projection-harness.js';
import type { Harness } from '../support/projection-harness.js';
import { accepted, closed, decided, submitted } from '../support/lifecycle-data.js';

describe('monthly report (定期通报) and catalog rates', () => {
  let h: Harness;
  const supervisor = { role: 'supervisor' as const, id: 'sup-1' };
  before(async () => {
    h = projectionHarness();
    h.runner.start();
    await h.append('catalog', 'CatalogVersionPublished', builtinCatalogPublication(), '2020-01-02', 'system');
    for (const [i, dept] of ['D1', 'D1', 'D2'].entries()) {
      const id = randomUUID();
      const s = `application-${id}`;
      const day = `2020-10-1${i + 2}`;
      await h.append(s, 'ApplicationSubmitted', submitted({ applicationId: id, department: dept, submittedOn: day, channel: 'yueshengshi' }), day);
      await h.append(s, 'ApplicationAccepted', accepted(day, '2020-10-16'), day);
      if (dept === 'D1') {
        await h.append(s, 'DecisionMade', decided('2020-10-16'), '2020-10-16');
        await h.append(s, 'ApplicationClosed', closed('2020-10-16'), '2020-10-16');
      }
    }
  });
  after(() => h.close());

  it('shows the catalog rates of the latest published catalog', async () => {
    expect(await h.runner.waitForPosition(await h.store.headPosition(), 2_000)).to.equal(true);
    const rates = h.readModels.catalogRates()!;
    expect(rates.catalogVersion).to.equal(1);
    expect(rates.items).to.equal(97);
    expect(rates.onlineCapableRate).to.deep.equal({ numerator: 97, denominator: 97, rate: 1 });
    expect(rates.bundles).to.equal(10);
    expect(rates.fastTrack).to.equal(10);
    expect(rates.meanPromisedSpeedUp).to.be.greaterThan(0).and.lessThan(1);
  });

  it('freezes a month into a ReportPublished event with the formula version, readable as JSON and CSV', async () => {
    const { report, append } = await publishMonthlyReport({ store: h.store, commands: createCommandHandler({ store: h.store, clock: () => new Date('2020-10-19T02:00:00Z') }), runner: h.runner, readModels: h.readModels, month: '2020-10', asOf: '2020-10-19', publishedBy: supervisor });
    expect(append.nextRevision).to.equal(0);
    const [event] = await h.store.readStream(reportStream('2020-10'));
    expect(event!.type).to.equal('ReportPublished');
    expect(event!.data).to.deep.include({ month: '2020-10', formulaVersion: FORMULA_VERSION });

    const frozen = (await readMonthlyReport(h.store, '2020-10'))!;
    expect(frozen).to.deep.equal(JSON.parse(JSON.stringify(report)));
    expect(frozen.bureau!.turnaround.count).to.equal(2);
    expect(frozen.sections.department.map((d) => [d.key, d.figures.onlineIntakeRate.denominator])).to.deep.equal([['D1', 2], ['D2', 1]]);
    // D2's application, due 2020-10-16, is still open on 2020-10-19.
    expect(frozen.overdue).to.deep.equal([{ department: 'D2', overdue: 1, dueSoon: 0 }]);
    expect(frozen.catalog?.items).to.equal(97);

    const csv = reportToCsv(frozen).split('\r\n');
    expect(csv[0]).to.equal('month,formula_version,dimension,key,metric,numerator,denominator,value');
    expect(csv).to.include(`2020-10,${FORMULA_VERSION},all,*,onTimeRate,2,2,1`);
    expect(csv).to.include(`2020-10,${FORMULA_VERSION},department,D1,turnaround.count,,,2`);
    expect(csv).to.include(`2020-10,${FORMULA_VERSION},department,D2,overdue.open,,,1`);
  });

  it('refuses to publish a month twice unless asked to revise it', async () => {
    const again = publishMonthlyReport({ store: h.store, commands: createCommandHandler({ store: h.store, clock: () => new Date('2020-10-19T02:00:00Z') }), runner: h.runner, readModels: h.readModels, month: '2020-10', asOf: '2020-10-20', publishedBy: supervisor });
    await again.then(() => expect.fail('published twice'), (e: unknown) => expect(e).to.be.instanceOf(DomainError).and.include({ code: 'REPORT_ALREADY_PUBLISHED' }));
    const revised = await publishMonthlyReport({ store: h.store, commands: createCommandHandler({ store: h.store, clock: () => new Date('2020-10-19T02:00:00Z') }), runner: h.runner, readModels: h.readModels, month: '2020-10', asOf: '2020-10-20', publishedBy: supervisor, revise: true });
    expect(revised.append.nextRevision).to.equal(1);
    expect((await readMonthlyReport(h.store, '2020-10'))!.asOf).to.equal('2020-10-20');
    expect(await readMonthlyReport(h.store, '2020-11')).to.equal(null);
    const none = publishMonthlyReport({ store: h.store, commands: createCommandHandler({ store: h.store, clock: () => new Date() }), runner: h.runner, readModels: h.readModels, month: '2020-11', asOf: '2020-11-20', publishedBy: supervisor, revise: true });
    await none.then(() => expect.fail('revised a month never published'), (e: unknown) => expect(e).to.include({ code: 'REPORT_NOT_PUBLISHED' }));
  });
});
