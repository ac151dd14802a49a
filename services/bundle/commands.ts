import type { Applicant, Channel, Delivery, ProvidedMaterial } from '../../events/index.js';

// Commands on a 一件事 bundle, stream `bundle-<id>`. Members are opened and concluded by the bundle process
// manager as member applications move; people only submit.

export interface SubmitBundle {
  type: 'submitBundle';
  /** Equals the id in the stream name. */
  bundleId: string;
  bundleCode: string;
  catalogVersion?: number;
  channel?: Channel;
  applicant: Applicant;
  /** One form and one material set for every member. */
  form: Record<string, unknown>;
  materials: ProvidedMaterial[];
  delivery: Delivery;
}

/** A member application was opened (its stream holds ApplicationSubmitted with this bundle's id). */
export interface OpenBundleMember {
  type: 'openMember';
  itemCode: string;
  applicationId: string;
}

/** A member application concluded: decided, intake refused or withdrawn. */
export interface ConcludeBundleMember {
  type: 'concludeMember';
  itemCode: string;
  applicationId: string;
  outcome: 'approved' | 'denied' | 'refused' | 'withdrawn';
  /** The member's conclusion date (its decision, refusal or withdrawal), whenever the bundle hears of it. */
  concludedOn: string;
}

/** A member that cannot be opened (its submission was refused); it counts as not approved. */
export interface SkipBundleMember {
  type: 'skipMember';
  itemCode: string;
  reason: string;
}

export type BundleCommand = SubmitBundle | OpenBundleMember | ConcludeBundleMember | SkipBundleMember;
