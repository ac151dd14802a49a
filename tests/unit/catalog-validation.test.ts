import { expect } from 'chai';
import { CatalogValidationError } from '../../services/catalog/catalog-validation-error.js';
import type { CatalogProblem } from '../../services/catalog/catalog-validation-error.js';
import { limitAtMost, promisedSpeedUp } from '../../services/catalog/item-facts.js';
import { loadCatalog, validateCatalogBody } from '../../services/catalog/load-catalog.js';
import { aBundle, anItem, builtinRaw } from './catalog-fixtures.js';

function problemsOf(raw: unknown): CatalogProblem[] {
  try {
    validateCatalogBody(raw);
  } catch (e) {
    if (e instanceof CatalogValidationError) return [...e.problems];
    throw e;
  }
  expect.fail('the catalog was accepted');
}

const key = (p: CatalogProblem): string => `${p.itemCode ?? p.bundleCode ?? '-'} | ${p.field} | ${p.rule}`;
const keysOf = (raw: unknown): string[] => problemsOf(raw).map(key).sort();

describe('catalog validation: a catalog broken in many ways at once', () => {
  it('lists every problem with its item or bundle code and field, and nothing else', () => {
    const raw = builtinRaw();
    const it = (code: string) => raw.items.find((i) => i.code === code)!;
    const b = (code: string) => raw.bundles.find((x) => x.code === code) as { code: string; members: { itemCode: string; dependsOn: string[] }[] };

    it('SB-022').committedLimit = { value: 70, unit: 'working' }; // over statutory 60; also no longer a fast-track cut
    delete it('KA-002').onSiteReason; // a visit without a reason
    it('JY-003').projectType = 'committed'; // committed 0 but not 即办件
    it('JY-013').committedLimit = { value: 20, unit: 'working' }; // fast-track at the statutory limit
    it('LD-010').code = 'LD-009'; // duplicate item code
    it('RC-001').nameEn = ''; // schema
    it('RC-002').onSiteVisits = -1; // schema
    (it('KA-004').instantApproval as { conditions: unknown[] }).conditions.push({ kind: 'material-from-e-licence', material: 'photo', reason: 'x' });
    it('ZN-004').onlineDepth = [1, 2, 3, 4, 5]; // full online depth while a visit is required
    it('RC-004').channels = ['window']; // online depth without an online channel
    it('SB-011').expressSupported = false; // paper, no visit, no express
    it('RC-013').departmentName = '另一个科'; // SYDW named two ways
    b('YJS-07').members.push({ itemCode: 'SB-999', dependsOn: [] }); // member missing
    b('YJS-03').members.push({ itemCode: 'SB-020', dependsOn: [] }); // duplicate member
    b('YJS-10').members[0]!.dependsOn = ['KA-012']; // KA-001 → KA-012 → KA-003 → KA-001
    b('YJS-06').members[1]!.dependsOn.push('JY-001'); // not a member of this bundle
    raw.bundles.push({ ...raw.bundles[0]! }); // duplicate bundle code

    expect(keysOf(raw)).to.deep.equal([
      'JY-003 | projectType | immediate-iff-committed-0',
      'JY-013 | fastTrack | fast-track-below-statutory',
      'KA-002 | onSiteReason | visits-need-reason',
      'KA-004 | instantApproval.conditions.3.material | instant-approval-material',
      'LD-009 | code | unique-item-code',
      'RC-001 | nameEn | schema',
      'RC-002 | onSiteVisits | schema',
      'RC-004 | channels | online-capable-offers-online-channel',
      'RC-013 | departmentName | department-name-consistent',
      'SB-011 | expressSupported | paper-without-visit-needs-express',
      'SB-022 | committedLimit | committed-within-statutory',
      'SB-022 | fastTrack | fast-track-below-statutory',
      'YJS-01 | code | unique-bundle-code',
      'YJS-03 | members.4.itemCode | bundle-member-unique',
      'YJS-06 | members.1.dependsOn | bundle-depends-on-member',
      'YJS-07 | members.3.itemCode | bundle-member-exists',
      'YJS-10 | members | bundle-no-cycle',
      'ZN-004 | onSiteVisits | full-online-means-zero-visits',
    ]);
  });

  it('says what is wrong in the error message, one line per problem', () => {
    const raw = builtinRaw();
    raw.items[1]!.committedLimit = { value: 9, unit: 'working' };
    raw.items[2]!.nameZh = '';
    expect(() => validateCatalogBody(raw)).to.throw(
      CatalogValidationError,
      /2 problem\(s\):\n {2}item JY-003 · nameZh: .+ \[schema\]\n {2}item JY-002 · committedLimit: committed 9 working day\(s\) exceeds statutory 5 working day\(s\) \[committed-within-statutory\]$/,
    );
  });

  it('names the cycle it found', () => {
    const members = [
      { itemCode: 'A', dependsOn: ['C'] },
      { itemCode: 'B', dependsOn: ['A'] },
      { itemCode: 'C', dependsOn: ['B'] },
      { itemCode: 'D', dependsOn: ['A'] },
    ];
    const items = ['A', 'B', 'C', 'D'].map((code) => anItem({ code }));
    const problems = problemsOf({ items, bundles: [aBundle({ members })] });
    expect(problems).to.have.length(1);
    expect(problems[0]!.message).to.match(/cycle among [ABC] → [ABC] → [ABC]$/);
  });

  it('locates rows without a code by position and rejects a body that is not a catalog', () => {
    expect(keysOf({ items: [{ nameZh: 'x' }], bundles: [] })).to.include('items[0] | code | schema');
    expect(keysOf('nope')).to.deep.equal(['- | (catalog) | schema']);
    expect(keysOf({ items: {}, bundles: [] })).to.deep.equal(['- | items | schema']);
  });
});

describe('catalog validation: single rules', () => {
  const one = (overrides: Parameters<typeof anItem>[0]) => keysOf({ items: [anItem(overrides)], bundles: [] });

  it('accepts the fixture item', () => {
    expect(loadCatalog({ items: [anItem()], bundles: [] }, 3).item('T-001')?.code).to.equal('T-001');
  });

  it('wants committed 0 on an immediate item', () => {
    expect(one({ projectType: 'immediate' })).to.deep.equal(['T-001 | projectType | immediate-iff-committed-0']);
  });

  it('compares limits of different units in nominal natural days (5 working = 7 natural)', () => {
    expect(limitAtMost({ value: 30, unit: 'working' }, { value: 90, unit: 'natural' })).to.equal(true); // 42 ≤ 90
    expect(limitAtMost({ value: 65, unit: 'working' }, { value: 90, unit: 'natural' })).to.equal(false); // 91 > 90
    expect(limitAtMost({ value: 20, unit: 'natural' }, { value: 15, unit: 'working' })).to.equal(true); // 20 ≤ 21
    expect(one({ statutoryLimit: { value: 90, unit: 'natural' }, committedLimit: { value: 65, unit: 'working' } })).to.deep.equal([
      'T-001 | committedLimit | committed-within-statutory',
    ]);
    expect(promisedSpeedUp({ statutoryLimit: { value: 90, unit: 'natural' }, committedLimit: { value: 30, unit: 'working' } })).to.be.closeTo(48 / 90, 1e-12);
  });

  it('allows no commitment where the law wants it on the spot, and no extension without a limit', () => {
    expect(one({ statutoryLimit: { value: 0, unit: 'working' }, extensionDays: 10 })).to.deep.equal([
      'T-001 | committedLimit | committed-within-statutory',
      'T-001 | extensionDays | extension-needs-statutory-limit',
    ]);
  });

  it('keeps a 0-visit offline item reachable by express (Wenzhou)', () => {
    expect(one({ onlineDepth: [1, 2, 3], channels: ['provincial-portal', 'window'] })).to.deep.equal([
      'T-001 | expressSupported | zero-visit-needs-online-or-express',
    ]);
    expect(validateCatalogBody({ items: [anItem({ onlineDepth: [1, 2, 3], expressSupported: true })], bundles: [] }).items).to.have.length(1);
  });

  it('checks 秒批 conditions: well-formed values, no visit, no required paper', () => {
    const paper = { code: 'form', nameZh: '纸质表', nameEn: 'Paper form', required: true, source: 'paper' as const };
    expect(one({
      onSiteVisits: 1,
      onSiteReason: 'photo',
      onlineDepth: [1, 2, 3, 4],
      expressSupported: true,
      materials: [anItem().materials[0]!, paper],
      instantApproval: {
        ruleId: 'r', description: 'd', legalBasis: 'l',
        conditions: [
          { kind: 'field', field: 'age', op: 'gte', value: 'sixteen', reason: 'x' },
          { kind: 'field', field: 'status', op: 'in', value: [], reason: 'x' },
          { kind: 'field', field: 'period', op: 'present', reason: 'x' },
          { kind: 'material-from-e-licence', material: 'form', reason: 'x' },
        ],
      },
    })).to.deep.equal([
      'T-001 | instantApproval | instant-approval-no-paper',
      'T-001 | instantApproval.conditions.0.value | instant-approval-condition',
      'T-001 | instantApproval.conditions.1.value | instant-approval-condition',
      'T-001 | instantApproval.conditions.3.material | instant-approval-material',
      'T-001 | onSiteVisits | instant-approval-zero-visit',
    ]);
  });

  it('refuses a material listed twice', () => {
    const m = anItem().materials[0]!;
    expect(one({ materials: [m, m] })).to.deep.equal(['T-001 | materials.1.code | unique-material-code']);
  });

  it('refuses a member that depends on itself', () => {
    const bundle = aBundle({ members: [{ itemCode: 'T-001', dependsOn: ['T-001'] }, { itemCode: 'T-002', dependsOn: [] }] });
    expect(keysOf({ items: [anItem(), anItem({ code: 'T-002' })], bundles: [bundle] })).to.deep.equal(['B-1 | members.0.dependsOn | bundle-depends-on-member']);
  });
});
