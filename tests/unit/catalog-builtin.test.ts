import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { canonicalJson, catalogChecksum } from '../../services/catalog/catalog-checksum.js';
import { builtinCatalogPublication, catalogFromPublishedEvent } from '../../services/catalog/catalog-publication.js';
import { auditBundles, auditItems, auditUniqueCodes } from '../../services/catalog/consistency-rules.js';
import { isOnlineCapable, isZeroSubmissionCapable, promisedSpeedUp } from '../../services/catalog/item-facts.js';
import { CatalogValidationError } from '../../services/catalog/catalog-validation-error.js';
import { loadBuiltinCatalog } from '../../services/catalog/load-catalog.js';

const catalog = loadBuiltinCatalog();
const item = (code: string) => {
  const found = catalog.item(code);
  if (!found) throw new Error(`no item ${code}`);
  return found;
};

describe('built-in catalog: counts (Foshan 2020 report, domain-brief §0)', () => {
  it('is version 1 with 97 items, every one online-capable', () => {
    expect(catalog.version).to.equal(1);
    expect(catalog.items).to.have.length(97);
    expect(catalog.items.filter(isOnlineCapable)).to.have.length(97);
  });

  it('holds the ten national bundles of 人社部发〔2020〕26号 by name', () => {
    expect(catalog.bundles.map((b) => b.nameZh)).to.deep.equal([
      '企业招用员工一件事', '企业与员工解除终止劳动合同一件事', '失业一件事', '创业一件事', '高校毕业生就业一件事',
      '事业单位聘用工作人员一件事', '职工退休一件事', '申领工亡人员有关待遇一件事', '退休人员过世一件事', '申领社会保障卡一件事',
    ]);
  });

  it('has ten fast-track items, each cutting the statutory limit by at least half', () => {
    const fast = catalog.items.filter((i) => i.fastTrack);
    expect(fast.map((i) => i.code)).to.deep.equal(['JY-001', 'JY-013', 'SB-009', 'SB-011', 'SB-019', 'SB-021', 'SB-022', 'SB-023', 'SB-025', 'KA-001']);
    for (const i of fast) expect(promisedSpeedUp(i), i.code).to.be.at.least(0.5);
  });

  it('covers the six business lines and names every item and bundle in Chinese and English', () => {
    expect(new Set(catalog.items.map((i) => i.category)).size).to.equal(6);
    const cjk = /[\u4e00-\u9fff]/;
    for (const x of [...catalog.items, ...catalog.bundles]) {
      expect(x.nameZh, x.code).to.match(cjk);
      expect(x.nameEn, x.code).to.match(/^[\x20-\x7e]+$/);
    }
  });
});

describe('built-in catalog: realistic limits', () => {
  it('carries the limits the law sets', () => {
    expect(item('SB-022').statutoryLimit).to.deep.equal({ value: 60, unit: 'working' }); // 工伤保险条例 Art 20
    expect(item('SB-022').committedLimit).to.deep.equal({ value: 15, unit: 'working' });
    expect([item('SB-023').statutoryLimit.value, item('SB-023').extensionDays]).to.deep.equal([60, 30]); // Art 25
    expect([item('JY-019').statutoryLimit.value, item('JY-019').extensionDays, item('JY-019').itemType]).to.deep.equal([20, 10, '01']);
    expect([item('JY-018').statutoryLimit.value, item('JY-018').extensionDays, item('JY-018').itemType]).to.deep.equal([20, 10, '01']);
    expect(item('LD-006').statutoryLimit).to.deep.equal({ value: 45, unit: 'natural' }); // 劳动争议调解仲裁法 Art 43
    expect(item('LD-006').extensionDays).to.equal(15);
  });

  it('differs from item to item, not one number copied everywhere', () => {
    expect(new Set(catalog.items.map((i) => i.statutoryLimit.value)).size).to.be.at.least(6);
    expect(new Set(catalog.items.map((i) => i.committedLimit.value)).size).to.be.at.least(8);
    expect(catalog.items.some((i) => i.statutoryLimit.unit === 'natural')).to.equal(true);
  });

  it('commits 0 exactly on its immediate items', () => {
    const immediate = catalog.items.filter((i) => i.projectType === 'immediate');
    expect(immediate.length).to.be.greaterThan(10);
    for (const i of catalog.items) expect(i.committedLimit.value === 0, i.code).to.equal(i.projectType === 'immediate');
  });

  it('asks for an on-site visit only with a reason, and rarely', () => {
    const visiting = catalog.items.filter((i) => i.onSiteVisits > 0);
    expect(visiting.map((i) => i.code)).to.include.members(['KA-002', 'SB-023']);
    expect(visiting.length).to.be.below(10);
    for (const i of visiting) expect(i.onSiteReason, i.code).to.be.a('string').and.not.empty;
  });
});

describe('built-in catalog: channels, materials and 秒批', () => {
  it('offers every item on the provincial portal, most on 粤省事 and the hall window, card items at kiosks', () => {
    for (const i of catalog.items) expect(i.channels, i.code).to.include('provincial-portal');
    expect(catalog.items.filter((i) => i.channels.includes('yueshengshi')).length).to.be.greaterThan(60);
    expect(catalog.items.filter((i) => i.channels.includes('window')).length).to.be.greaterThan(90);
    const cards = catalog.items.filter((i) => i.category === 'social-security-card');
    expect(cards.filter((i) => i.channels.includes('kiosk')).length).to.be.at.least(cards.length - 2);
  });

  it('has several 零提交 items and 秒批 rules resting on e-licence materials of the item', () => {
    expect(catalog.items.filter(isZeroSubmissionCapable).length).to.be.at.least(10);
    const rules = catalog.items.filter((i) => i.instantApproval);
    expect(rules.map((i) => i.code)).to.include.members(['JY-003', 'JY-001', 'KA-004', 'SB-032', 'SB-013', 'SB-007']);
    for (const i of rules) {
      const fromLicence = i.instantApproval!.conditions.filter((c) => c.kind === 'material-from-e-licence');
      expect(fromLicence.length, i.code).to.be.at.least(1);
      for (const c of fromLicence) expect(i.materials.find((m) => m.code === c.material)?.source, i.code).to.equal('e-licence');
      expect(i.instantApproval!.conditions.some((c) => c.kind === 'field'), i.code).to.equal(true);
    }
  });
});

describe('built-in catalog: bundles', () => {
  const bundle = (code: string) => catalog.bundle(code)!;
  const deps = (b: string, member: string) => bundle(b).members.find((m) => m.itemCode === member)?.dependsOn;

  it('orders retirement: approval, then pension calculation, then the card payment account', () => {
    expect(bundle('YJS-07').members.map((m) => m.itemCode)).to.deep.equal(['SB-011', 'SB-012', 'KA-013']);
    expect(deps('YJS-07', 'SB-012')).to.deep.equal(['SB-011']);
    expect(deps('YJS-07', 'KA-013')).to.deep.equal(['SB-012']);
  });

  it('pays work-death benefits only after the 工伤（亡）认定', () => {
    for (const m of bundle('YJS-08').members.filter((x) => x.itemCode !== 'SB-022')) expect(m.dependsOn).to.deep.equal(['SB-022']);
  });

  it('has members that exist, and stop-or-continue policies of both kinds', () => {
    for (const b of catalog.bundles) for (const m of b.members) expect(catalog.item(m.itemCode), `${b.code} ${m.itemCode}`).to.not.equal(undefined);
    expect(new Set(catalog.bundles.map((b) => b.onMemberDenied))).to.deep.equal(new Set(['continue', 'stop']));
  });
});

describe('built-in catalog: every auditor rule holds', () => {
  it('passes the item rules, the bundle rules and the uniqueness rules with no problem', () => {
    expect(auditItems(catalog.items)).to.deep.equal([]);
    expect(auditBundles(catalog.bundles, new Set(catalog.items.map((i) => i.code)))).to.deep.equal([]);
    expect(auditUniqueCodes(catalog.items.map((i) => i.code), 'item')).to.deep.equal([]);
    expect(auditUniqueCodes(catalog.bundles.map((b) => b.code), 'bundle')).to.deep.equal([]);
  });

  it('is frozen, so no reader can change a version others share', () => {
    expect(Object.isFrozen(item('SB-022').statutoryLimit)).to.equal(true);
    expect(Object.isFrozen(catalog.items)).to.equal(true);
  });
});

describe('catalog checksum', () => {
  it('is the SHA-256 of the canonical JSON, the same value the hand-written hash gave (README)', () => {
    const body = { items: [...catalog.items], bundles: [...catalog.bundles] };
    expect(catalogChecksum(body)).to.equal(`sha256:${createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex')}`);
    // Pinned: stored CatalogVersionPublished events carry these, so a change here would reject them.
    expect(catalogChecksum(body)).to.equal('sha256:863d5fe886e29eae16e685525ed334b0880402ed60bcaa8cd325e74ad8693fb1');
    expect(catalogChecksum({ items: [], bundles: [] })).to.equal('sha256:1da3f11ce8cd3aae42e1915e4fa633039062436bbc4aab962c3a03f166eabd1b');
  });

  it('ignores key order and changes with any value', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).to.equal('{"a":[2,{"c":4,"d":3}],"b":1}');
    const body = { items: [...catalog.items], bundles: [...catalog.bundles] };
    const again = catalogChecksum(JSON.parse(JSON.stringify(body)) as typeof body);
    expect(catalogChecksum(body)).to.equal(again).and.match(/^sha256:[0-9a-f]{64}$/);
    const changed = structuredClone(body);
    changed.items[0] = { ...changed.items[0]!, committedLimit: { value: 1, unit: 'working' } };
    expect(catalogChecksum(changed)).to.not.equal(again);
  });

  it('publishes the built-in catalog as version 1 and reads it back from the event', () => {
    const published = builtinCatalogPublication();
    expect(published).to.include({ version: 1, source: 'builtin', itemCount: 97, bundleCount: 10 });
    const back = catalogFromPublishedEvent(published);
    expect(back.version).to.equal(1);
    expect(back.items).to.deep.equal(catalog.items);
    expect(() => catalogFromPublishedEvent({ ...published, checksum: 'sha256:00' })).to.throw(CatalogValidationError, /checksum/);
    expect(() => catalogFromPublishedEvent({ ...published, itemCount: 96 })).to.throw(CatalogValidationError, /itemCount/);
  });
});
