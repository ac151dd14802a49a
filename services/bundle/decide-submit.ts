import { DomainError } from '../decider.js';
import type { CommandContext } from '../decider.js';
import type { Bundle, ServiceItem } from '../catalog/item-schema.js';
import { materialProblems } from '../application/materials.js';
import type { SubmitBundle } from './commands.js';
import { bundleChannels } from './channels.js';
import type { BundleDeps } from './deps.js';
import { bundleEvent } from './events.js';
import type { BundlePendingEvent } from './events.js';
import { missingForMember } from './member-materials.js';
import { dependencyOrder } from './ordering.js';
import type { BundleState } from './state.js';

function refuse(code: string, state: BundleState, message: string): never {
  throw new DomainError(code, 'submitBundle', state.status, message);
}

function memberItems(bundle: Bundle, state: BundleState, deps: BundleDeps): ServiceItem[] {
  return bundle.members.map((m) => deps.catalog.item(m.itemCode) ?? refuse('UNKNOWN_ITEM', state, `member ${m.itemCode} of ${bundle.code} is not in the catalog`));
}

/** Every check a member's own submission would make, done once for all, so the fan-out cannot fail half-way. */
function checkAgainstMembers(command: SubmitBundle, state: BundleState, bundle: Bundle, items: readonly ServiceItem[], ctx: CommandContext): void {
  // The bundle's channels, not each member's: a member whose item has no window is still taken at one
  // (一窗受理) and worked in the back office.
  const channel = command.channel ?? ctx.channel;
  const offered = bundleChannels(items);
  if (!(offered as readonly string[]).includes(channel)) {
    const lacking = items.filter((i) => !(i.channels as readonly string[]).includes(channel)).map((i) => i.code);
    refuse('CHANNEL_NOT_OFFERED', state, `${bundle.code} is not offered on ${channel} (${lacking.join(', ')} lack it); it is offered on ${offered.join(', ')}`);
  }
  const problems = items.map((item) => ({ item, ...materialProblems(item, command.materials) }));
  const missing = bundle.members.flatMap((m, i) =>
    missingForMember(items[i]!, command.materials, m.dependsOn.length > 0).map((code) => `${code} (${m.itemCode})`),
  );
  if (missing.length > 0) refuse('MATERIALS_MISSING', state, `required materials missing: ${missing.join(', ')}`);
  const notFromELicence = [...new Set(problems.flatMap((p) => p.notFromELicence))];
  if (notFromELicence.length > 0) refuse('MATERIAL_NOT_FROM_E_LICENCE', state, `not available from e-licences: ${notFromELicence.join(', ')}`);
  const unknown = command.materials.map((m) => m.code).filter((code) => problems.every((p) => p.unknown.includes(code)));
  if (unknown.length > 0) refuse('UNKNOWN_MATERIAL', state, `no member lists: ${unknown.join(', ')}`);
  if (command.delivery.mode === 'express') {
    const noExpress = items.filter((i) => !i.expressSupported).map((i) => i.code);
    if (noExpress.length > 0) refuse('EXPRESS_NOT_SUPPORTED', state, `no free express for: ${noExpress.join(', ')}`);
    if (!command.delivery.address) refuse('DELIVERY_ADDRESS_MISSING', state, 'express delivery needs an address');
  }
}

/** 打包一件事: one form and one material set for all members, checked against each member item. */
export function decideSubmitBundle(command: SubmitBundle, state: BundleState, ctx: CommandContext, deps: BundleDeps): BundlePendingEvent[] {
  if (state.status !== 'none') refuse('ALREADY_SUBMITTED', state, 'this bundle was submitted already');
  const bundle = deps.catalog.bundle(command.bundleCode) ?? refuse('UNKNOWN_BUNDLE', state, `bundle ${command.bundleCode} is not in catalog version ${deps.catalog.version}`);
  if (command.catalogVersion !== undefined && command.catalogVersion !== deps.catalog.version) {
    refuse('CATALOG_VERSION_MISMATCH', state, `the form was filled against catalog version ${command.catalogVersion}, version ${deps.catalog.version} is in force`);
  }
  if (!dependencyOrder(bundle.members)) refuse('BUNDLE_ORDER_INVALID', state, `the members of ${bundle.code} depend on unknown members or on each other in a circle`);
  checkAgainstMembers(command, state, bundle, memberItems(bundle, state, deps), ctx);
  return [
    bundleEvent('BundleSubmitted', {
      bundleId: command.bundleId,
      bundleCode: bundle.code,
      catalogVersion: deps.catalog.version,
      channel: command.channel ?? ctx.channel,
      applicant: command.applicant,
      form: command.form,
      materials: command.materials,
      delivery: command.delivery,
      submittedOn: ctx.today,
      members: bundle.members.map((m) => ({ itemCode: m.itemCode, dependsOn: [...m.dependsOn] })),
      onMemberDenied: bundle.onMemberDenied,
    }),
  ];
}
