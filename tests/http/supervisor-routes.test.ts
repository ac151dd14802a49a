import { expect } from 'chai';
import { builtinCatalogData } from '../../services/catalog/builtin-data.js';
import { loadBuiltinCatalog } from '../../services/catalog/index.js';
import { OverdueView } from '../../infra/http/routes/application-views.js';
import { CatalogFiguresView, MetricDefinitionsView, MetricsView, PublishedReportView, ReportList } from '../../infra/http/routes/supervisor-views.js';
import { bodyAs, problemOf } from './support/bodies.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { BOSS, KEEPER, ZHANG, done, itemBody, submitItem } from './support/api-flows.js';

describe('supervisor routes', () => {
  let h: ApiHarness;
  let open = '';
  before(async () => {
    h = await startApi({ date: '2026-06-01' });
    // Two SB-014 applications decided the day they came in, one left open past its 1-working-day commitment.
    for (let i = 0; i < 2; i++) {
      const id = await submitItem(h);
      await done(h, id, 'accept');
      await done(h, id, 'decide', { outcome: 'approved', legalBasis: '《社会保险法》' });
    }
    open = await submitItem(h);
    await done(h, open, 'accept');
    h.clock.setDate('2026-06-05');
  });
  after(() => h.dispose());

  describe('GET /metrics', () => {
    it('gives an item\'s figures over a month range', async () => {
      const metrics = bodyAs(MetricsView, await h.get(`${API}/metrics?item=SB-014&from=2026-06&to=2026-06`, BOSS));
      expect(metrics).to.deep.include({ dimension: 'item', key: 'SB-014', from: '2026-06', to: '2026-06' });
      expect(metrics.rows).to.have.length(1);
      const figures = metrics.rows[0]!.figures;
      expect(figures.turnaround).to.deep.equal({ count: 2, p50: 0, p90: 0, mean: 0 });
      expect(figures.onTimeRate).to.deep.equal({ numerator: 2, denominator: 2, rate: 1 });
      expect(figures.onlineIntakeRate).to.deep.equal({ numerator: 3, denominator: 3, rate: 1 });
    });

    it('gives the bureau total without a filter, every key with groupBy, one row per month with byMonth', async () => {
      const bureau = bodyAs(MetricsView, await h.get(`${API}/metrics`, BOSS));
      expect(bureau.dimension).to.equal('all');
      expect(bureau.rows.map((r) => r.key)).to.deep.equal(['*']);
      const departments = bodyAs(MetricsView, await h.get(`${API}/metrics?groupBy=department`, BOSS));
      expect(departments.rows.map((r) => r.key)).to.include('FSRS-SBJ');
      const monthly = bodyAs(MetricsView, await h.get(`${API}/metrics?channel=yueshengshi&byMonth=true`, BOSS));
      expect(monthly.rows.map((r) => r.month)).to.deep.equal(['2026-06']);
      const nothing = bodyAs(MetricsView, await h.get(`${API}/metrics?department=FSRS-SBJ&from=2025-01&to=2025-12`, BOSS));
      expect(nothing.rows).to.deep.equal([]);
    });

    it('serves the definitions with units and conversions, and every answer carries its units', async () => {
      const definitions = bodyAs(MetricDefinitionsView, await h.get(`${API}/metrics/definitions`, BOSS));
      const metrics = bodyAs(MetricsView, await h.get(`${API}/metrics?item=SB-014`, BOSS));
      // One source: the definitions, the figures of an answer and its units list the same keys in the same order.
      expect(definitions.figures.map((f) => f.key)).to.deep.equal(Object.keys(metrics.rows[0]!.figures));
      expect(Object.keys(metrics.units)).to.deep.equal(definitions.figures.map((f) => f.key));
      for (const f of definitions.figures) expect(metrics.units[f.key as keyof typeof metrics.units], f.key).to.equal(f.unit);
      const byKey = Object.fromEntries(definitions.figures.map((f) => [f.key, f]));
      expect(byKey.turnaround).to.deep.include({ unit: 'working-days', month: 'conclusion' });
      expect(byKey.onlineIntakeRate).to.deep.include({ unit: 'ratio', month: 'submission' });
      expect(byKey.realizedSpeedUp!.conversion).to.contain('natural days').and.contain('11 working days');
      expect(byKey.promisedSpeedUp!.conversion).to.contain('7/5').and.contain('0.533');
      expect(definitions.notes.map((n) => n.en).join(' ')).to.contain('kiosk').and.contain('Paper material sent with an online submission');
      // Reproduced by hand from the definition: SB-014's two cases decided on their acceptance day, P = 0, against
      // a statutory limit in working days counted as it is.
      const sb014 = loadBuiltinCatalog().item('SB-014')!;
      expect(sb014.statutoryLimit.unit).to.equal('working');
      expect(metrics.rows[0]!.figures.realizedSpeedUp).to.deep.equal({ concluded: 2, turnaroundSum: 0, statutoryLimitSum: 2 * sb014.statutoryLimit.value, rate: 1 });
      // The served document says the same of each figure.
      const doc = (await h.get(`${API}/openapi.json`)).body as { components: { schemas: Record<string, { properties: Record<string, { description?: string }> }> } };
      expect(doc.components.schemas.MetricFigures!.properties.realizedSpeedUp!.description).to.contain('a ratio between 0 and 1').and.contain('Conversion:');
      expect(doc.components.schemas.MetricFigures!.properties.turnaround!.description).to.contain('in working days');
      expect((await h.get(`${API}/metrics/definitions`, ZHANG)).status).to.equal(403);
    });

    it('answers 400 for two filters at once, a reversed range, a malformed month or a bad flag', async () => {
      for (const query of ['item=SB-014&department=FSRS-SBJ', 'from=2026-06&to=2026-01', 'from=2026-13', 'byMonth=perhaps', 'item=SB-014&groupBy=channel']) {
        const res = await h.get(`${API}/metrics?${query}`, BOSS);
        expect(res.status, query).to.equal(400);
        expect(problemOf(res).errors?.[0]?.in, query).to.equal('query');
      }
    });
  });

  it('GET /overdue lists the open application past its committed deadline, per department', async () => {
    const watch = bodyAs(OverdueView, await h.get(`${API}/overdue`, BOSS));
    expect(watch.today).to.equal('2026-06-05');
    expect(watch.entries.map((e) => e.applicationId)).to.include(open);
    expect(watch.departments.find((d) => d.department === 'FSRS-SBJ')?.overdue).to.be.greaterThan(0);
    expect(bodyAs(OverdueView, await h.get(`${API}/overdue?department=FSRS-SBK`, BOSS)).entries).to.deep.equal([]);
  });

  describe('reports', () => {
    it('publishes a month once, revises it on request, lists it, and reads it as JSON and CSV', async () => {
      const first = await h.post(`${API}/reports`, BOSS, { month: '2026-06' });
      expect(first.status, JSON.stringify(first.body)).to.equal(201);
      expect(first.headers.location).to.equal(`${API}/reports/2026-06`);
      const published = bodyAs(PublishedReportView, first);
      expect(published).to.deep.include({ month: '2026-06', revision: 0, publishedBy: { role: 'supervisor', id: BOSS.sub } });
      expect(published.report.bureau?.turnaround.count).to.equal(2);
      expect(published.report.asOfPosition).to.be.at.most(published.position);

      const again = await h.post(`${API}/reports`, BOSS, { month: '2026-06' });
      expect(again.status).to.equal(409);
      expect(problemOf(again).type).to.match(/report-already-published$/);
      expect((await h.post(`${API}/reports`, BOSS, { month: '2026-06', revise: true })).status).to.equal(201);
      expect((await h.post(`${API}/reports`, BOSS, { month: '2026-05', revise: true })).status).to.equal(409);

      const list = bodyAs(ReportList, await h.get(`${API}/reports`, BOSS));
      expect(list.reports.map((r) => [r.month, r.revision])).to.deep.equal([['2026-06', 1]]);

      const json = await h.get(`${API}/reports/2026-06`, BOSS);
      expect(json.status).to.equal(200);
      expect(json.headers.etag).to.equal('"1"');
      expect(bodyAs(PublishedReportView, json).report.formulaVersion).to.be.a('string');

      const csv = await h.get(`${API}/reports/2026-06`, BOSS, { Accept: 'text/csv' });
      expect(csv.headers['content-type']).to.match(/^text\/csv/);
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).to.equal('month,formula_version,dimension,key,metric,numerator,denominator,value');
      expect(lines.some((l) => l.startsWith('2026-06,') && l.includes(',item,SB-014,onTimeRate,2,2,1'))).to.equal(true);
      expect((await h.get(`${API}/reports/2026-06?format=csv`, BOSS)).text).to.equal(csv.text);
    });

    it('answers 404 for a month never published, 400 for a malformed one, 422 for a month not begun', async () => {
      expect((await h.get(`${API}/reports/2026-04`, BOSS)).status).to.equal(404);
      expect((await h.get(`${API}/reports/June`, BOSS)).status).to.equal(400);
      expect((await h.post(`${API}/reports`, BOSS, { month: '2026-6' })).status).to.equal(400);
      expect((await h.post(`${API}/reports`, BOSS, { month: '2026-07' })).status).to.equal(422);
      expect((await h.get(`${API}/reports/2026-06?format=xml`, BOSS)).status).to.equal(400);
    });
  });

  it('GET /catalog/figures gives the rates of the catalog in force', async () => {
    const figures = bodyAs(CatalogFiguresView, await h.get(`${API}/catalog/figures`, BOSS));
    expect(figures).to.deep.include({ catalogVersion: 1, items: 97 });
    expect(figures.onlineCapableRate).to.deep.equal({ numerator: 97, denominator: 97, rate: 1 });
  });
});

describe('admin routes', () => {
  let h: ApiHarness;
  before(async () => {
    h = await startApi({ date: '2026-06-01' });
  });
  after(() => h.dispose());

  const revised = () => {
    const body = structuredClone(builtinCatalogData) as { items: { code: string; nameEn: string }[]; bundles: unknown[] };
    body.items[0]!.nameEn = `${body.items[0]!.nameEn} (revised)`;
    return body;
  };

  it('publishes a catalog revision as version 2, in force at once', async () => {
    const res = await h.post(`${API}/catalog/versions`, KEEPER, revised(), { 'If-Match': '"0"' });
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).to.equal(201);
    expect(res.body).to.deep.include({ catalogVersion: 2, items: 97, bundles: 10 });
    expect(res.headers.etag).to.equal('"1"');
    const items = await h.get(`${API}/catalog/items`);
    expect(items.body).to.have.property('catalogVersion', 2);
    const figures = bodyAs(CatalogFiguresView, await h.get(`${API}/catalog/figures`, KEEPER));
    expect(figures.catalogVersion).to.equal(2);
    // A form filled against version 1 is refused by the rules now.
    const stale = await h.post(`${API}/applications`, ZHANG, itemBody({ catalogVersion: 1 }));
    expect(stale.status).to.equal(409);
    expect(problemOf(stale).code).to.equal('CATALOG_VERSION_MISMATCH');
    const stalePublish = await h.post(`${API}/catalog/versions`, KEEPER, revised(), { 'If-Match': '"0"' });
    expect(stalePublish.status).to.equal(412);
    expect(stalePublish.headers.etag).to.equal('"1"');
  });

  it('refuses an invalid catalog with every problem (422) and a malformed body (400), publishing nothing', async () => {
    const head = await h.head();
    const broken = revised() as { items: Record<string, unknown>[]; bundles: unknown[] };
    broken.items[1]!.department = '';
    broken.items[2]!.committedLimit = { value: -1, unit: 'working' };
    const res = await h.post(`${API}/catalog/versions`, KEEPER, broken);
    expect(res.status).to.equal(422);
    expect((res.body as { problems: unknown[] }).problems.length).to.be.at.least(2);
    expect((await h.post(`${API}/catalog/versions`, KEEPER, { items: 'all of them' })).status).to.equal(400);
    expect(await h.head()).to.equal(head);
  });
});
