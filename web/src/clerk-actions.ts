// The clerk's lifecycle actions (POST /applications/{id}/<action>), each a form: its fields as the API's
// request bodies name them, and the actions that fit each state (the server decides; this only orders them).

export type FieldKind = 'text' | 'textarea' | 'select' | 'number' | 'missing' | 'provided';

export interface ActionField {
  name: string;
  kind: FieldKind;
  options?: readonly string[];
  required?: boolean;
  /** Shown only when another field has one of these values (dispatch: carrier and waybill for express). */
  when?: { field: string; is: readonly string[] };
}

const DOCUMENT_TYPES = ['certificate', 'document', 'e-licence'] as const;

export const ACTION_FIELDS: Record<string, readonly ActionField[]> = {
  'pre-review': [
    { name: 'outcome', kind: 'select', options: ['passed', 'needs-supplement'], required: true },
    { name: 'note', kind: 'textarea' },
  ],
  'request-supplement': [{ name: 'missing', kind: 'missing', required: true }],
  'receive-supplement': [{ name: 'materials', kind: 'provided', required: true }],
  accept: [],
  refuse: [
    { name: 'reason', kind: 'textarea', required: true },
    { name: 'legalBasis', kind: 'text' },
  ],
  'check-deemed-acceptance': [],
  suspend: [
    { name: 'reason', kind: 'select', options: ['hearing', 'test', 'appraisal', 'expert-review', 'awaiting-judicial', 'applicant-supplement'], required: true },
    { name: 'legalBasis', kind: 'text', required: true },
  ],
  resume: [],
  extend: [
    { name: 'days', kind: 'number', required: true },
    { name: 'approver', kind: 'text', required: true },
    { name: 'reason', kind: 'textarea', required: true },
  ],
  decide: [
    { name: 'outcome', kind: 'select', options: ['approved', 'denied'], required: true },
    { name: 'legalBasis', kind: 'text', required: true },
    { name: 'reason', kind: 'textarea' },
  ],
  'handle-on-the-spot': [
    { name: 'outcome', kind: 'select', options: ['approved', 'denied'], required: true },
    { name: 'legalBasis', kind: 'text', required: true },
    { name: 'reason', kind: 'textarea' },
  ],
  issue: [
    { name: 'documentType', kind: 'select', options: DOCUMENT_TYPES, required: true },
    { name: 'documentNo', kind: 'text', required: true },
  ],
  dispatch: [
    { name: 'mode', kind: 'select', options: ['electronic', 'express', 'pickup'], required: true },
    { name: 'carrier', kind: 'text', when: { field: 'mode', is: ['express'] } },
    { name: 'waybillNo', kind: 'text', when: { field: 'mode', is: ['express'] } },
  ],
  receipt: [],
  visit: [{ name: 'purpose', kind: 'select', options: ['submit', 'supplement', 'paper-materials', 'pickup', 'consult', 'other'], required: true }],
};

/** The actions that fit an application's state, most usual first. */
export const ACTIONS_BY_STATE: Record<string, readonly string[]> = {
  submitted: ['accept', 'request-supplement', 'pre-review', 'refuse', 'handle-on-the-spot', 'check-deemed-acceptance', 'visit'],
  'awaiting-supplement': ['receive-supplement', 'refuse', 'visit'],
  accepted: ['decide', 'suspend', 'extend', 'visit'],
  suspended: ['resume', 'visit'],
  decided: ['issue', 'visit'],
  'result-issued': ['dispatch', 'visit'],
  'result-dispatched': ['receipt', 'visit'],
  'result-received': [],
  refused: [],
  withdrawn: [],
  closed: [],
};

/** The request body from the form's values: empty optional fields left out, numbers as numbers. */
export function actionBody(action: string, values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of ACTION_FIELDS[action] ?? []) {
    const shownBy = field.when ? values[field.when.field] : undefined;
    if (field.when && (typeof shownBy !== 'string' || !field.when.is.includes(shownBy))) continue;
    const value = values[field.name];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0 && !field.required) continue;
    body[field.name] = field.kind === 'number' ? Number(value) : value;
  }
  return body;
}
