import type { ProvidedMaterial } from '../../events/index.js';
import { bundleDecider, bundleEvent } from '../../services/bundle/index.js';
import type { SubmitBundle } from '../../services/bundle/index.js';
import type { CommandContext } from '../../services/decider.js';
import { ZHANG } from './application-fixtures.js';
import { deciderSpec } from './decider-spec.js';
import { testCatalog } from './test-catalog.js';

export const BUNDLE_ID = '3d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
export const SUBMITTED_ON = '2020-09-28';
export const bundleCatalog = testCatalog();

export const system: CommandContext = { actor: { role: 'system', id: 'bundle-process' }, channel: 'system', today: SUBMITTED_ON };

export const BUNDLE_SET: ProvidedMaterial[] = [
  { code: 'id-card', source: 'e-licence' },
  { code: 'form', source: 'upload' },
  { code: 'contract', source: 'paper' },
];

export const bundleSpec = deciderSpec(bundleDecider, { catalog: bundleCatalog }, system);

export function submitBundle(code = 'T-CHAIN', overrides: Partial<SubmitBundle> = {}): SubmitBundle {
  return {
    type: 'submitBundle',
    bundleId: BUNDLE_ID,
    bundleCode: code,
    channel: 'provincial-portal',
    applicant: ZHANG,
    form: { name: '张三' },
    materials: BUNDLE_SET,
    delivery: { mode: 'electronic' },
    ...overrides,
  };
}

export function bundleSubmitted(code = 'T-CHAIN', onMemberDenied: 'continue' | 'stop' = 'continue') {
  return bundleEvent('BundleSubmitted', {
    bundleId: BUNDLE_ID,
    bundleCode: code,
    catalogVersion: bundleCatalog.version,
    channel: 'provincial-portal',
    applicant: ZHANG,
    form: { name: '张三' },
    materials: BUNDLE_SET,
    delivery: { mode: 'electronic' },
    submittedOn: SUBMITTED_ON,
    members: [
      { itemCode: 'T-A', dependsOn: [] },
      { itemCode: 'T-B', dependsOn: ['T-A'] },
      { itemCode: 'T-C', dependsOn: ['T-B'] },
      { itemCode: 'T-D', dependsOn: [] },
    ],
    onMemberDenied,
  });
}

/** The application id of a member in these stories: the item code in a fixed uuid. */
export const appIdOf = (code: string): string => `00000000-0000-4000-8000-0000000000${code.slice(-1).charCodeAt(0).toString(16)}`;

export const opened = (code: string, on = SUBMITTED_ON) => bundleEvent('BundleMemberOpened', { itemCode: code, applicationId: appIdOf(code), openedOn: on });
export const concluded = (code: string, outcome: 'approved' | 'denied' | 'refused' | 'withdrawn', on: string) =>
  bundleEvent('BundleMemberConcluded', { itemCode: code, applicationId: appIdOf(code), outcome, concludedOn: on });
export const skipped = (code: string, reason: string, on: string) => bundleEvent('BundleMemberSkipped', { itemCode: code, reason, skippedOn: on });
export const conclude = (code: string, outcome: 'approved' | 'denied' | 'refused' | 'withdrawn', on: string) =>
  ({ type: 'concludeMember', itemCode: code, applicationId: appIdOf(code), outcome, concludedOn: on }) as const;
