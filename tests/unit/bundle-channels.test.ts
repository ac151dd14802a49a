import { expect } from 'chai';
import type { Channel } from '../../events/index.js';
import { memberApplicationId } from '../../infra/process-managers/bundle-process.js';
import { memberSubmission } from '../../infra/process-managers/reaction-commands.js';
import { bundleMaterials } from '../../infra/seed/forms.js';
import { applicationDecider, initialApplicationState } from '../../services/application/index.js';
import { bundleChannels, bundleDecider, evolveBundle, initialBundleState, readyMembers } from '../../services/bundle/index.js';
import type { BundleCommand, BundleState } from '../../services/bundle/index.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import type { Catalog, ServiceItem } from '../../services/catalog/item-schema.js';
import { loadBuiltinCatalog } from '../../services/catalog/load-catalog.js';
import type { CommandContext } from '../../services/decider.js';
import { DomainError } from '../../services/decider.js';
import { ZHANG } from '../support/application-fixtures.js';
import { bundleSpec, submitBundle } from '../support/bundle-fixtures.js';
import { testCatalog } from '../support/test-catalog.js';

const ON = '2026-06-01';
const catalog: Catalog = loadBuiltinCatalog();
const calendar = defaultCalendar();
const itemsOf = (code: string): ServiceItem[] => catalog.bundle(code)!.members.map((m) => catalog.item(m.itemCode)!);

/** The bundle's one submission, as an applicant fills it in: every material each member needs, by its source. */
function submission(code: string, channel: Channel, bundleId: string) {
  const bundle = catalog.bundle(code)!;
  const members = bundle.members.map((m) => ({ item: catalog.item(m.itemCode)!, waits: m.dependsOn.length > 0 }));
  return submitBundle(code, { bundleId, channel, catalogVersion: catalog.version, applicant: ZHANG, form: {}, materials: bundleMaterials(members, 'test'), delivery: { mode: 'electronic' } });
}

/**
 * The bundle process manager's work, done by its pure parts: submit the bundle; then, round by round, submit
 * each ready member's application from it (reaction-commands' memberSubmission through the application
 * decider), open it on the bundle, and conclude it approved so the members that wait for it open next.
 * Returns the bundle's state and each member application's channel, in the order they opened.
 */
function submitAndOpen(code: string, channel: Channel): { state: BundleState; memberChannels: [string, string][] } {
  const bundleId = '3d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
  const applicant: CommandContext = { actor: { role: 'applicant', id: ZHANG.id }, channel, today: ON };
  const system: CommandContext = { actor: { role: 'system', id: 'bundle-process' }, channel: 'system', today: ON };
  const run = (state: BundleState, command: BundleCommand): BundleState =>
    bundleDecider.decide(command, state, command.type === 'submitBundle' ? applicant : system, { catalog }).reduce(evolveBundle, state);
  let state = run(initialBundleState, submission(code, channel, bundleId));
  const memberChannels: [string, string][] = [];
  for (let ready = readyMembers(state); ready.length > 0; ready = readyMembers(state)) {
    for (const member of ready) {
      const applicationId = memberApplicationId(bundleId, member.itemCode);
      const events = applicationDecider.decide(memberSubmission(state, catalog.item(member.itemCode)!, applicationId), initialApplicationState, system, { catalog, calendar });
      const submitted = events.find((e) => e.type === 'ApplicationSubmitted');
      memberChannels.push([member.itemCode, (submitted?.data as { channel: string }).channel]);
      state = run(state, { type: 'openMember', itemCode: member.itemCode, applicationId });
    }
    for (const member of ready) {
      state = run(state, { type: 'concludeMember', itemCode: member.itemCode, applicationId: memberApplicationId(bundleId, member.itemCode), outcome: 'approved', concludedOn: ON });
    }
  }
  return { state, memberChannels };
}

describe('bundle channels: 一窗受理, every bundle at a window', () => {
  it('offers a bundle where every member is offered, and at the window whatever its members', () => {
    // 申领社会保障卡一件事: KA-012 (电子社保卡) is online only.
    expect(bundleChannels(itemsOf('YJS-10'))).to.deep.equal(['provincial-portal', 'yueshengshi', 'fs12345', 'window']);
    // 事业单位聘用: the RC- items are on the provincial portal and at the window only.
    expect(bundleChannels(itemsOf('YJS-06'))).to.deep.equal(['provincial-portal', 'window']);
    expect(bundleChannels([{ channels: ['kiosk'] }, { channels: ['kiosk', 'yueshengshi'] }])).to.deep.equal(['kiosk', 'window']);
  });

  for (const bundle of catalog.bundles) {
    it(`${bundle.code} ${bundle.nameZh}: accepted on ${bundleChannels(itemsOf(bundle.code)).join(', ')}, every member opened on the bundle's channel`, () => {
      const channels = bundleChannels(itemsOf(bundle.code));
      expect(channels).to.include('window');
      for (const channel of channels) {
        const { state, memberChannels } = submitAndOpen(bundle.code, channel);
        expect(state.status, channel).to.equal('completed');
        expect(state.members.every((m) => m.outcome === 'approved' && m.applicationId !== null), channel).to.equal(true);
        // Each member's application records the channel the applicant used (DESIGN.md §6), even where its item lacks it.
        expect(memberChannels.map(([c]) => c).sort(), channel).to.deep.equal(bundle.members.map((m) => m.itemCode).sort());
        expect(memberChannels.filter(([, c]) => c !== channel), channel).to.deep.equal([]);
      }
    });
  }

  it('opens KA-012 of a window YJS-10 as a window submission though the item has no window', () => {
    expect(catalog.item('KA-012')!.channels).not.to.include('window');
    expect(submitAndOpen('YJS-10', 'window').memberChannels).to.deep.equal([
      ['KA-001', 'window'],
      ['KA-003', 'window'],
      ['KA-012', 'window'],
    ]);
  });

  it('still refuses a channel the bundle is not offered on, naming the members that lack it', () => {
    const refusal = (() => {
      try {
        submitAndOpen('YJS-06', 'yueshengshi');
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).to.be.instanceOf(DomainError);
    expect(refusal).to.include({ code: 'CHANNEL_NOT_OFFERED' });
    expect((refusal as DomainError).message).to.contain('RC-004').and.contain('offered on provincial-portal, window');
    // The test catalog's T-CHAIN: T-D is on the portal and at the window only; the window takes the bundle.
    bundleSpec.given([]).when(submitBundle('T-CHAIN', { channel: 'yueshengshi' })).then({ refused: 'CHANNEL_NOT_OFFERED' });
    expect(bundleSpec.given([]).when(submitBundle('T-CHAIN', { channel: 'window' })).events()).to.have.length(1);
    expect(testCatalog().item('T-NOEXT')!.channels).to.deep.equal(['window']);
  });
});
