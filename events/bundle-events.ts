import { z } from 'zod';
import { defineEvent } from './registry.js';
import { Applicant, Channel, Delivery, LocalDate, ProvidedMaterial } from './common.js';

// 一件事 bundle, stream `bundle-<uuid>`: one form and one material set fanned out to member applications.

export const BundleSubmitted = defineEvent(
  'BundleSubmitted',
  z.object({
    bundleId: z.uuid(),
    bundleCode: z.string().min(1),
    catalogVersion: z.number().int().min(1),
    channel: Channel,
    applicant: Applicant,
    form: z.record(z.string(), z.unknown()),
    materials: z.array(ProvidedMaterial),
    delivery: Delivery,
    submittedOn: LocalDate,
    /** Member items, each with the members whose approval it waits for. */
    members: z.array(z.object({ itemCode: z.string().min(1), dependsOn: z.array(z.string()) })).min(1),
    /** The catalog's rule as submitted: when a member is denied the others carry on, or those not yet opened stop. */
    onMemberDenied: z.enum(['continue', 'stop']).optional(),
  }),
);

export const BundleMemberOpened = defineEvent(
  'BundleMemberOpened',
  z.object({ itemCode: z.string().min(1), applicationId: z.uuid(), openedOn: LocalDate }),
);

export const BundleMemberConcluded = defineEvent(
  'BundleMemberConcluded',
  z.object({
    itemCode: z.string().min(1),
    applicationId: z.uuid(),
    outcome: z.enum(['approved', 'denied', 'refused', 'withdrawn']),
    concludedOn: LocalDate,
  }),
);

/** A member that will not open because a member it depends on, or the bundle's stop rule, ended it. */
export const BundleMemberSkipped = defineEvent(
  'BundleMemberSkipped',
  z.object({ itemCode: z.string().min(1), reason: z.string().min(1), skippedOn: LocalDate }),
);

export const BundleCompleted = defineEvent(
  'BundleCompleted',
  z.object({
    outcome: z.enum(['complete', 'partial', 'failed']),
    approved: z.array(z.string()),
    notApproved: z.array(z.string()),
    skipped: z.array(z.string()),
    completedOn: LocalDate,
  }),
);

export const bundleEvents = [BundleSubmitted, BundleMemberOpened, BundleMemberConcluded, BundleMemberSkipped, BundleCompleted] as const;
