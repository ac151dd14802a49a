import { expect } from 'chai';
import { catalogFigures } from '../../services/catalog/catalog-figures.js';
import { loadBuiltinCatalog, validateCatalogBody } from '../../services/catalog/load-catalog.js';
import { anItem } from './catalog-fixtures.js';

const W = (value: number) => ({ value, unit: 'working' as const });
const N = (value: number) => ({ value, unit: 'natural' as const });

describe('catalog figures (DESIGN.md §6 catalog rates)', () => {
  it('counts and averages a small catalog as defined', () => {
    const upload = { code: 'form', nameZh: '申请表', nameEn: 'Form', required: true, source: 'upload' as const };
    const body = validateCatalogBody({
      bundles: [],
      items: [
        anItem({ code: 'A', statutoryLimit: W(20), committedLimit: W(5), materials: [upload] }), // 0.75
        anItem({ code: 'B', statutoryLimit: W(0), committedLimit: W(0), projectType: 'immediate' }), // no statutory limit: left out
        anItem({ code: 'C', statutoryLimit: N(45), committedLimit: N(45), onSiteVisits: 1, onSiteReason: 'hearing', onlineDepth: [1, 2, 3, 4] }), // 0
        anItem({ code: 'D', statutoryLimit: N(90), committedLimit: W(30), onlineDepth: [1, 2, 3, 6], expressSupported: true }), // (90 − 42) ÷ 90
        anItem({ code: 'E', statutoryLimit: W(60), committedLimit: W(15), fastTrack: true }), // 0.75
        anItem({ code: 'F', statutoryLimit: W(5), committedLimit: W(0), projectType: 'immediate', fastTrack: true }), // 1
      ],
    });
    const f = catalogFigures(body);
    expect(f).to.deep.include({
      items: 6, onlineCapable: 5, fullyOnline: 4, zeroVisitCapable: 5, zeroSubmissionCapable: 5, expressSupported: 1,
      bundles: 0, fastTrack: 2, immediateItems: 2, itemsWithStatutoryLimit: 5, instantApproval: 0,
    });
    expect(f.meanPromisedSpeedUp).to.be.closeTo((0.75 + 0 + 48 / 90 + 0.75 + 1) / 5, 1e-12);
    expect(f.meanFastTrackSpeedUp).to.be.closeTo((0.75 + 1) / 2, 1e-12);
  });

  it('gives zero means, not NaN, for a catalog without limits', () => {
    const f = catalogFigures({ items: [], bundles: [] });
    expect([f.meanPromisedSpeedUp, f.meanFastTrackSpeedUp]).to.deep.equal([0, 0]);
  });

  it('reports the built-in catalog figures the README quotes', () => {
    const catalog = loadBuiltinCatalog();
    const f = catalogFigures(catalog);
    expect(f).to.deep.include({
      items: 97, onlineCapable: 97, fullyOnline: 92, zeroVisitCapable: 92, zeroSubmissionCapable: 38, instantApproval: 8,
      expressSupported: 27, bundles: 10, fastTrack: 10, immediateItems: 26, itemsWithStatutoryLimit: 73,
    });
    // Recomputed here from the limits: every built-in pair shares a unit except ZN-006 (90 natural vs 30 working).
    const cuts = catalog.items
      .filter((i) => i.statutoryLimit.value > 0)
      .map((i) => (i.code === 'ZN-006' ? (90 - 42) / 90 : (i.statutoryLimit.value - i.committedLimit.value) / i.statutoryLimit.value));
    expect(f.meanPromisedSpeedUp).to.be.closeTo(cuts.reduce((a, b) => a + b, 0) / cuts.length, 1e-12);
    expect(f.meanPromisedSpeedUp.toFixed(4)).to.equal('0.5583');
    expect(f.meanFastTrackSpeedUp.toFixed(4)).to.equal('0.7183');
  });
});
