import type { ApplicationRated, DataOf, DecisionMade } from '../../events/index.js';
import type { SubmitApplication } from '../../services/application/index.js';
import { memberMaterials } from '../../services/bundle/index.js';
import type { BundleState, ConcludeBundleMember, MemberOutcome, SkipBundleMember } from '../../services/bundle/index.js';
import type { ServiceItem } from '../../services/catalog/item-schema.js';
import type { DomainError } from '../../services/decider.js';
import type { OpenReviewTicket } from '../../services/review/index.js';
import type { RecordedEvent } from '../store/port.js';

// What the bundle and review process managers send, built in one place: the live managers (bundle-process.ts,
// review-process.ts) and the seed's mirror of them (infra/seed/process-mirrors.ts) must write the same history.

/** How a member application's event concludes it, or null when it does not. */
export function memberConclusionOf(event: RecordedEvent): { outcome: MemberOutcome; on: string } | null {
  switch (event.type) {
    case 'DecisionMade': {
      const d = event.data as DataOf<typeof DecisionMade>;
      return { outcome: d.outcome, on: d.decidedOn };
    }
    case 'IntakeRefused':
      return { outcome: 'refused', on: (event.data as { refusedOn: string }).refusedOn };
    case 'ApplicationWithdrawn':
      return { outcome: 'withdrawn', on: (event.data as { withdrawnOn: string }).withdrawnOn };
    default:
      return null;
  }
}

/**
 * The member's application, from the bundle's one form and material set. It records the bundle's channel even
 * where its item lacks it (KA-012 of 申领社会保障卡一件事 has no window): that is how the applicant came, so
 * DESIGN.md §6 counts a window bundle's every member as a window submission (an implicit visit, not online
 * intake), and the back office works the member on its item's own channels.
 */
export function memberSubmission(bundle: BundleState, item: ServiceItem, applicationId: string): SubmitApplication {
  const bundleId = bundle.bundleId!;
  return {
    type: 'submitApplication',
    applicationId,
    itemCode: item.code,
    channel: bundle.channel!,
    applicant: bundle.applicant!,
    form: bundle.form,
    materials: memberMaterials(item, bundle.materials, bundleId),
    delivery: bundle.delivery!,
    bundleId,
  };
}

/** A member whose submission was refused cannot run (rare: the catalog changed since the bundle was submitted). */
export function skipRefusedMember(itemCode: string, refusal: DomainError): SkipBundleMember {
  return { type: 'skipMember', itemCode, reason: `submission refused: ${refusal.code}: ${refusal.message}` };
}

export function concludeMember(
  member: { itemCode: string; applicationId: string },
  conclusion: { outcome: MemberOutcome; on: string },
): ConcludeBundleMember {
  return { type: 'concludeMember', itemCode: member.itemCode, applicationId: member.applicationId, outcome: conclusion.outcome, concludedOn: conclusion.on };
}

/** 差评工单 for a rating of 1–2 stars, or null for a better one. */
export function reviewTicketFor(
  rating: DataOf<typeof ApplicationRated>,
  ticketId: string,
  application: { applicationId: string; itemCode: string; department: string },
): OpenReviewTicket | null {
  if (rating.level > 2) return null;
  return { type: 'openReviewTicket', ticketId, ...application, level: rating.level, tags: rating.tags, openedOn: rating.ratedOn };
}
