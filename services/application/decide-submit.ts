import type { CommandContext } from '../decider.js';
import type { ServiceItem } from '../catalog/item-schema.js';
import type { SubmitApplication } from './commands.js';
import { computeDeadlines } from './deadlines.js';
import type { ApplicationDeps } from './deps.js';
import { applicationEvent } from './events.js';
import type { ApplicationPendingEvent } from './events.js';
import { itemOf, refuse } from './guards.js';
import { evaluateInstantApproval } from './instant-approval.js';
import { materialProblems, materialsFor } from './materials.js';
import type { ApplicationState } from './state.js';

function checkSubmission(command: SubmitApplication, state: ApplicationState, item: ServiceItem, deps: ApplicationDeps, ctx: CommandContext): void {
  if (command.catalogVersion !== undefined && command.catalogVersion !== deps.catalog.version) {
    refuse('CATALOG_VERSION_MISMATCH', command, state, `the form was filled against catalog version ${command.catalogVersion}, version ${deps.catalog.version} is in force`);
  }
  const channel = command.channel ?? ctx.channel;
  // A bundle member records the channel the applicant used for the bundle, which the bundle decider judged
  // (services/bundle/channels.ts: the window takes any bundle); its item's own channels do not limit it.
  if (command.bundleId === undefined && !(item.channels as readonly string[]).includes(channel)) {
    refuse('CHANNEL_NOT_OFFERED', command, state, `item ${item.code} is not offered on ${channel} (offered: ${item.channels.join(', ')})`);
  }
  const problems = materialProblems(item, command.materials);
  if (problems.missing.length > 0) {
    refuse('MATERIALS_MISSING', command, state, `required materials missing: ${problems.missing.join(', ')}`);
  }
  if (problems.notFromELicence.length > 0) {
    refuse('MATERIAL_NOT_FROM_E_LICENCE', command, state, `not available from e-licences for this item: ${problems.notFromELicence.join(', ')}`);
  }
  if (command.bundleId === undefined && problems.unknown.length > 0) {
    refuse('UNKNOWN_MATERIAL', command, state, `item ${item.code} does not list: ${problems.unknown.join(', ')}`);
  }
  if (command.delivery.mode === 'express') {
    if (!item.expressSupported) refuse('EXPRESS_NOT_SUPPORTED', command, state, `item ${item.code} offers no free express delivery`);
    if (!command.delivery.address) refuse('DELIVERY_ADDRESS_MISSING', command, state, 'express delivery needs an address');
  }
}

/** A pure, stable document number for a result issued by rule. */
function ruleDocumentNo(item: ServiceItem, applicationId: string, on: string): string {
  return `${item.code}-${on.replaceAll('-', '')}-${applicationId.slice(0, 8)}`;
}

/**
 * Submission, and 秒批 on the spot: when the item's rule holds on the form and the e-licence materials, the same
 * command accepts, approves by rule and issues the e-licence; when not, the reasons are recorded and the
 * application waits in the normal queue.
 */
export function decideSubmit(command: SubmitApplication, state: ApplicationState, ctx: CommandContext, deps: ApplicationDeps): ApplicationPendingEvent[] {
  if (state.status !== 'none') refuse('ALREADY_SUBMITTED', command, state, 'this application was submitted already');
  const item = itemOf(command, state, deps, command.itemCode);
  checkSubmission(command, state, item, deps, ctx);
  const materials = command.bundleId === undefined ? command.materials : materialsFor(item, command.materials);
  const today = ctx.today;
  const events: ApplicationPendingEvent[] = [
    applicationEvent('ApplicationSubmitted', {
      applicationId: command.applicationId,
      itemCode: item.code,
      catalogVersion: deps.catalog.version,
      department: item.department,
      channel: command.channel ?? ctx.channel,
      applicant: command.applicant,
      form: command.form,
      materials,
      delivery: command.delivery,
      submittedOn: today,
      ...(command.bundleId === undefined ? {} : { bundleId: command.bundleId }),
      committedLimit: item.committedLimit,
      statutoryLimit: item.statutoryLimit,
      fastTrack: item.fastTrack,
    }),
  ];
  const rule = item.instantApproval;
  if (!rule) return events;
  const verdict = evaluateInstantApproval(rule, command.form, materials);
  if (!verdict.holds) return [...events, applicationEvent('InstantApprovalDeclined', { ruleId: rule.ruleId, reasons: verdict.reasons })];
  return [
    ...events,
    applicationEvent('ApplicationAccepted', {
      ...computeDeadlines(deps.calendar, today, item.committedLimit, item.statutoryLimit),
      acceptedOn: today,
      committedLimit: item.committedLimit,
      statutoryLimit: item.statutoryLimit,
    }),
    applicationEvent('DecisionMade', { outcome: 'approved', decidedBy: 'rule', legalBasis: rule.legalBasis, ruleId: rule.ruleId, decidedOn: today }),
    applicationEvent('ResultIssued', { documentType: 'e-licence', documentNo: ruleDocumentNo(item, command.applicationId, today), issuedOn: today }),
  ];
}
