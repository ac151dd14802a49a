import { expect } from 'chai';
import { bundleDecider, bundleEvent, dependencyOrder, memberMaterials, readyMembers } from '../../services/bundle/index.js';
import { createCatalog } from '../../services/catalog/load-catalog.js';
import { deciderSpec } from '../support/decider-spec.js';
import {
  BUNDLE_ID,
  BUNDLE_SET,
  SUBMITTED_ON,
  appIdOf,
  bundleSpec,
  bundleSubmitted,
  conclude,
  concluded,
  opened,
  skipped,
  submitBundle,
  system,
} from '../support/bundle-fixtures.js';
import { CHAIN_BUNDLE, MEMBER_B, TEST_ITEMS } from '../support/test-catalog.js';

const { given, fold } = bundleSpec;
const open = (code: string) => ({ type: 'openMember', itemCode: code, applicationId: appIdOf(code) }) as const;

describe('bundle: 打包一件事 submission', () => {
  it('records one form and one material set with the members, their order and the catalog\'s denial rule', () => {
    given([]).when(submitBundle()).then([bundleSubmitted()]);
    const stop = given([]).when(submitBundle('T-STOP')).events();
    expect(stop[0]?.data).to.deep.include({ bundleCode: 'T-STOP', onMemberDenied: 'stop' });
  });

  it('refuses a bundle the catalog does not have, or a form for another catalog version', () => {
    given([]).when(submitBundle('T-NONE')).then({ refused: 'UNKNOWN_BUNDLE', state: 'none' });
    given([]).when(submitBundle('T-CHAIN', { catalogVersion: 1 })).then({ refused: 'CATALOG_VERSION_MISMATCH' });
  });

  it('refuses a channel one of the members is not offered on', () => {
    given([]).when(submitBundle('T-CHAIN', { channel: 'yueshengshi' })).then({ refused: 'CHANNEL_NOT_OFFERED' });
  });

  it('refuses a set that lacks a material a member needs, but lets a waiting member pull its e-licence materials later', () => {
    // T-B needs a-result (from e-licences), which T-A produces: not asked for at submission.
    given([]).when(submitBundle('T-CHAIN', { materials: BUNDLE_SET.filter((m) => m.code !== 'contract') })).then({ refused: 'MATERIALS_MISSING' });
    given([]).when(submitBundle('T-CHAIN', { materials: BUNDLE_SET.filter((m) => m.code !== 'id-card') })).then({ refused: 'MATERIALS_MISSING' });
  });

  it('refuses e-licence misuse and a material no member lists', () => {
    const asELicence = BUNDLE_SET.map((m) => (m.code === 'form' ? { ...m, source: 'e-licence' as const } : m));
    given([]).when(submitBundle('T-CHAIN', { materials: asELicence })).then({ refused: 'MATERIAL_NOT_FROM_E_LICENCE' });
    given([]).when(submitBundle('T-CHAIN', { materials: [...BUNDLE_SET, { code: 'diploma', source: 'upload' }] })).then({ refused: 'UNKNOWN_MATERIAL' });
  });

  it('refuses free express when a member has none, and express without an address', () => {
    given([]).when(submitBundle('T-CHAIN', { delivery: { mode: 'express', address: '佛山' } })).then({ refused: 'EXPRESS_NOT_SUPPORTED' });
    given([]).when(submitBundle('T-PAIR', { delivery: { mode: 'express' } })).then({ refused: 'DELIVERY_ADDRESS_MISSING' });
    expect(given([]).when(submitBundle('T-PAIR', { delivery: { mode: 'express', address: '佛山' } })).events()).to.have.length(1);
  });

  it('refuses members whose order is circular (a catalog that skipped validation)', () => {
    const circular = createCatalog(
      { items: TEST_ITEMS, bundles: [{ ...CHAIN_BUNDLE, members: [{ itemCode: 'T-A', dependsOn: ['T-B'] }, { itemCode: 'T-B', dependsOn: ['T-A'] }] }] },
      3,
    );
    const spec = deciderSpec(bundleDecider, { catalog: circular }, system);
    spec.given([]).when(submitBundle()).then({ refused: 'BUNDLE_ORDER_INVALID' });
  });

  it('refuses a second submission', () => {
    given([bundleSubmitted()]).when(submitBundle()).then({ refused: 'ALREADY_SUBMITTED', state: 'open' });
  });
});

describe('bundle: member order', () => {
  it('opens members with no dependencies first, then those whose dependencies are approved', () => {
    expect(readyMembers(fold([bundleSubmitted()])).map((m) => m.itemCode)).to.deep.equal(['T-A', 'T-D']);
    expect(readyMembers(fold([bundleSubmitted(), opened('T-A'), opened('T-D')]))).to.deep.equal([]);
    const aApproved = fold([bundleSubmitted(), opened('T-A'), opened('T-D'), concluded('T-A', 'approved', '2020-10-09')]);
    expect(readyMembers(aApproved).map((m) => m.itemCode)).to.deep.equal(['T-B']);
  });

  it('orders members after those they depend on, and finds unknown or circular dependencies', () => {
    expect(dependencyOrder([{ itemCode: 'C', dependsOn: ['B'] }, { itemCode: 'B', dependsOn: ['A'] }, { itemCode: 'A', dependsOn: [] }])).to.deep.equal(['A', 'B', 'C']);
    expect(dependencyOrder([{ itemCode: 'A', dependsOn: ['Z'] }])).to.equal(null);
    expect(dependencyOrder([{ itemCode: 'A', dependsOn: ['B'] }, { itemCode: 'B', dependsOn: ['A'] }])).to.equal(null);
  });

  it('opens a ready member', () => {
    given([bundleSubmitted()]).when(open('T-A')).then([opened('T-A')]);
  });

  it('refuses to open a member before its dependencies are approved, twice, or one the bundle does not have', () => {
    given([bundleSubmitted()]).when(open('T-B')).then({ refused: 'DEPENDENCIES_NOT_MET' });
    given([bundleSubmitted(), opened('T-A')]).when(open('T-A')).then({ refused: 'MEMBER_NOT_WAITING' });
    given([bundleSubmitted()]).when(open('T-X')).then({ refused: 'UNKNOWN_MEMBER' });
    given([]).when(open('T-A')).then({ refused: 'INVALID_TRANSITION', state: 'none' });
  });

  it('gives a waiting member the bundle\'s set cut to its item, and pulls its e-licence materials at opening', () => {
    expect(memberMaterials(MEMBER_B, BUNDLE_SET, BUNDLE_ID)).to.deep.equal([
      { code: 'id-card', source: 'e-licence' },
      { code: 'a-result', source: 'e-licence', reference: `bundle-${BUNDLE_ID}` },
    ]);
  });
});

describe('bundle: member conclusions and completion', () => {
  const running = [bundleSubmitted(), opened('T-A'), opened('T-D')];

  it('records an approved member', () => {
    given(running).when(conclude('T-A', 'approved', '2020-10-09')).then([concluded('T-A', 'approved', '2020-10-09')]);
  });

  it('skips the members that need a denied one, directly or through another, and lets the others run on (continue)', () => {
    given(running)
      .when(conclude('T-A', 'denied', '2020-10-09'))
      .then([
        concluded('T-A', 'denied', '2020-10-09'),
        skipped('T-B', 'needs T-A, which was denied', '2020-10-09'),
        skipped('T-C', 'needs T-A, which was denied', '2020-10-09'),
      ]);
  });

  it('completes as partial once the last member concludes after a denial', () => {
    const history = [...running, concluded('T-A', 'denied', '2020-10-09'), skipped('T-B', 'x', '2020-10-09'), skipped('T-C', 'x', '2020-10-09')];
    given(history)
      .when(conclude('T-D', 'approved', '2020-10-12'))
      .then([
        concluded('T-D', 'approved', '2020-10-12'),
        bundleEvent('BundleCompleted', { outcome: 'partial', approved: ['T-D'], notApproved: ['T-A'], skipped: ['T-B', 'T-C'], completedOn: '2020-10-12' }),
      ]);
  });

  it('stops the members not yet opened under the stop rule; opened ones run on', () => {
    const stopRunning = [bundleSubmitted('T-STOP', 'stop'), opened('T-A'), opened('T-D'), concluded('T-A', 'approved', '2020-10-09'), opened('T-B', '2020-10-09')];
    given(stopRunning)
      .when(conclude('T-D', 'refused', '2020-10-10'))
      .then([concluded('T-D', 'refused', '2020-10-10'), skipped('T-C', 'the bundle stops: T-D was refused', '2020-10-10')]);
    // Under `continue`, T-C would wait for T-B.
    const continueRunning = [bundleSubmitted(), opened('T-A'), opened('T-D'), concluded('T-A', 'approved', '2020-10-09'), opened('T-B', '2020-10-09')];
    given(continueRunning).when(conclude('T-D', 'refused', '2020-10-10')).then([concluded('T-D', 'refused', '2020-10-10')]);
  });

  it('completes when every member is approved', () => {
    const history = [
      ...running,
      concluded('T-A', 'approved', '2020-10-09'),
      opened('T-B', '2020-10-09'),
      concluded('T-D', 'approved', '2020-10-09'),
      concluded('T-B', 'approved', '2020-10-12'),
      opened('T-C', '2020-10-12'),
    ];
    given(history)
      .when(conclude('T-C', 'approved', '2020-10-13'))
      .then([
        concluded('T-C', 'approved', '2020-10-13'),
        bundleEvent('BundleCompleted', { outcome: 'complete', approved: ['T-A', 'T-B', 'T-C', 'T-D'], notApproved: [], skipped: [], completedOn: '2020-10-13' }),
      ]);
  });

  it('fails when no member is approved', () => {
    const history = [...running, concluded('T-D', 'withdrawn', '2020-10-09')];
    const events = given(history).when(conclude('T-A', 'denied', '2020-10-12')).events();
    expect(events.at(-1)).to.deep.equal(
      bundleEvent('BundleCompleted', { outcome: 'failed', approved: [], notApproved: ['T-A', 'T-D'], skipped: ['T-B', 'T-C'], completedOn: '2020-10-12' }),
    );
    expect(fold([...history, ...events]).status).to.equal('completed');
  });

  it('refuses the conclusion of a member not opened, of another application, twice, or after completion', () => {
    given(running).when(conclude('T-B', 'approved', '2020-10-09')).then({ refused: 'MEMBER_NOT_OPEN' });
    given(running).when({ ...conclude('T-A', 'approved', '2020-10-09'), applicationId: appIdOf('T-D') }).then({ refused: 'APPLICATION_MISMATCH' });
    given([...running, concluded('T-A', 'approved', '2020-10-09')]).when(conclude('T-A', 'approved', '2020-10-09')).then({ refused: 'MEMBER_NOT_OPEN' });
    const completed = [...running, bundleEvent('BundleCompleted', { outcome: 'failed', approved: [], notApproved: [], skipped: [], completedOn: '2020-10-12' })];
    given(completed).when(conclude('T-A', 'approved', '2020-10-12')).then({ refused: 'INVALID_TRANSITION', state: 'completed' });
  });

  it('skips a member whose submission could not be made, with those that need it', () => {
    given([bundleSubmitted(), opened('T-D')])
      .when({ type: 'skipMember', itemCode: 'T-A', reason: 'submission refused: MATERIALS_MISSING' })
      .then([
        skipped('T-A', 'submission refused: MATERIALS_MISSING', SUBMITTED_ON),
        skipped('T-B', 'needs T-A, which was skipped', SUBMITTED_ON),
        skipped('T-C', 'needs T-A, which was skipped', SUBMITTED_ON),
      ]);
    given([bundleSubmitted(), opened('T-A')]).when({ type: 'skipMember', itemCode: 'T-A', reason: 'x' }).then({ refused: 'MEMBER_NOT_WAITING' });
  });
});
