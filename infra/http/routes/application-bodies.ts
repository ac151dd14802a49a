import { z } from 'zod';
import { tooDeep } from '../body-depth.js';
import { Channel, DeliveryMode, MaterialSource, SuspensionReason, VisitPurpose } from '../../../events/index.js';

/**
 * Request bodies of the application routes. Each is at least as strict as the event it leads to, so a
 * body that passes can never be refused by the store's event schema; unknown fields are refused, so a
 * misspelt field is a 400 instead of being silently dropped.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const code = text(64);

/** Where an applicant can act from: every channel but `system`. */
export const ApplicantChannel = Channel.exclude(['system']).meta({
  id: 'ApplicantChannel',
  description: 'provincial-portal 广东政务服务网, yueshengshi 粤省事, fs12345 佛山12345, window 窗口, kiosk 自助终端',
});

const channelField = ApplicantChannel.default('provincial-portal');

export const MaterialBody = z
  .strictObject({ code, source: MaterialSource, reference: text(256).optional() })
  .meta({ id: 'ProvidedMaterial', description: 'A material: uploaded, pulled from e-licences (电子证照) or paper' });

export const ApplicantBody = z
  .strictObject({
    kind: z.enum(['individual', 'employer']),
    name: text(200),
    /** Kept in the event; read models hold it hashed, logs masked, other roles never see it. */
    idNumber: text(64).optional(),
    phone: text(32).optional(),
  })
  .meta({ id: 'ApplicantDetails', description: 'The applicant; the applicant id is the token subject' });

export const DeliveryBody = z
  .strictObject({ mode: DeliveryMode, address: text(500).optional() })
  .meta({ id: 'Delivery', description: 'electronic, free express (免费快递, needs an address) or window pickup' });

/** A form needs a few levels (a field, a list of rows, a row's cells), not thousands. */
const FORM_DEPTH = 6;
const FORM_BYTES = 64 * 1024;
const Form = z
  .record(z.string().max(128), z.unknown())
  .superRefine((form, ctx) => {
    const deep = tooDeep(form, FORM_DEPTH);
    if (deep) ctx.addIssue({ code: 'custom', path: deep.slice(0, FORM_DEPTH), message: `a form is at most ${FORM_DEPTH} levels deep` });
    else if (JSON.stringify(form).length > FORM_BYTES) ctx.addIssue({ code: 'custom', message: `a form is at most ${FORM_BYTES / 1024} KiB of JSON` });
  })
  .meta({ description: `The form fields, as the item defines them: at most ${FORM_DEPTH} levels deep and ${FORM_BYTES / 1024} KiB` });

const submission = {
  catalogVersion: z.number().int().min(1).optional(),
  channel: channelField,
  applicant: ApplicantBody,
  form: Form.default({}),
  materials: z.array(MaterialBody).max(100).default([]),
  delivery: DeliveryBody,
};

export const SubmitApplicationBody = z.strictObject({ itemCode: code, ...submission }).meta({ id: 'SubmitApplication' });
export type SubmitApplicationBody = z.infer<typeof SubmitApplicationBody>;

export const SubmitBundleBody = z.strictObject({ bundleCode: code, ...submission }).meta({ id: 'SubmitBundle' });
export type SubmitBundleBody = z.infer<typeof SubmitBundleBody>;

// Applicant actions on their own application.

export const SupplementBody = z
  .strictObject({ materials: z.array(MaterialBody).min(1).max(100), requestId: text(64).optional(), channel: channelField })
  .meta({ id: 'ProvideSupplement' });

export const WithdrawBody = z.strictObject({ reason: text(1000), channel: channelField }).meta({ id: 'Withdraw' });

export const RatingBody = z
  .strictObject({
    level: z.number().int().min(1).max(5),
    indicators: z.record(text(64), z.number().int().min(1).max(5)).default({}),
    tags: z.array(text(64)).max(20).default([]),
    comment: text(1000).optional(),
    channel: channelField,
  })
  .meta({ id: 'Rating', description: '好差评: 5 非常满意 … 1 非常不满意; 1–2 stars open a review ticket' });

// Clerk actions: a body-less action takes no body or an empty object.

export const NoBody = z.strictObject({}).optional();

export const PreReviewBody = z.strictObject({ outcome: z.enum(['passed', 'needs-supplement']), note: text(1000).optional() });

export const RequestSupplementBody = z.strictObject({
  requestId: text(64).optional(),
  missing: z.array(z.strictObject({ code, reason: text(500) })).min(1).max(100),
});

export const ReceiveSupplementBody = z.strictObject({ requestId: text(64).optional(), materials: z.array(MaterialBody).min(1).max(100) });

export const RefuseBody = z.strictObject({ reason: text(1000), legalBasis: text(500).optional() });

export const SuspendBody = z.strictObject({ reason: SuspensionReason, legalBasis: text(500) });

export const ExtendBody = z.strictObject({ days: z.number().int().min(1).max(365), approver: text(200), reason: text(1000) });

const decision = { outcome: z.enum(['approved', 'denied']), legalBasis: text(500), reason: text(1000).optional() };

export const DecideBody = z.strictObject(decision);

const ResultDocument = z.strictObject({ documentType: z.enum(['certificate', 'document', 'e-licence']), documentNo: text(128) });

export const OnTheSpotBody = z.strictObject({ ...decision, result: ResultDocument.optional() });

export const IssueBody = ResultDocument;

export const DispatchBody = z.strictObject({
  mode: z.enum(['electronic', 'express', 'pickup']),
  carrier: text(64).optional(),
  waybillNo: text(64).optional(),
});

export const VisitBody = z.strictObject({
  purpose: VisitPurpose,
  /** Defaults to the clerk's own hall. */
  hall: text(64).optional(),
});
