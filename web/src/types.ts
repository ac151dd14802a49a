// The shapes the console reads, as the served OpenAPI document (/api/v1/openapi.json) describes them. Written
// here rather than imported from the server's zod schemas: the console is built on the public HTTP API only,
// and importing server code would pull zod and the server's modules into the browser bundle.

export type Role = 'applicant' | 'clerk' | 'supervisor' | 'admin';
export interface Principal {
  role: Role;
  sub: string;
  department?: string;
  hall?: string;
}

export interface Bilingual {
  zh: string;
  en: string;
}

export interface TimelineStep {
  step: string;
  on: string;
  detail?: string;
  zh: string;
  en: string;
}

export interface ApplicationStatus {
  applicationId: string;
  itemCode: string;
  department: string;
  channel: string;
  bundleId: string | null;
  state: string;
  stateText: Bilingual;
  outcome: string | null;
  timeline: TimelineStep[];
  nextNeed: (Bilingual & { kind: 'supplement' | 'pickup'; materials?: { code: string; reason: string }[] }) | null;
  committedDeadline: string | null;
  statutoryDeadline: string | null;
  provisional: boolean;
  provisionalNote: Bilingual | null;
  workingDaysLeft: number | null;
  clockRunning: boolean;
  express: { carrier: string | null; waybillNo: string | null } | null;
  rating: number | null;
  review: { status: string; statusText: Bilingual; openedOn: string; closedOn: string | null } | null;
}

export interface BundleMember {
  itemCode: string;
  dependsOn: string[];
  applicationId: string | null;
  status: string;
  outcome: string | null;
  concludedOn: string | null;
  application: { state: string; stateText: Bilingual; department: string; committedDeadline: string | null; provisional: boolean } | null;
}

export interface BundleProgress {
  bundleId: string;
  bundleCode: string;
  channel: string;
  submittedOn: string;
  state: 'open' | 'completed';
  outcome: string | null;
  completedOn: string | null;
  members: BundleMember[];
  blockedBy: { itemCode: string; kind: string; committedDeadline?: string | null; provisional?: boolean }[];
}

export interface QueueEntry {
  applicationId: string;
  department: string;
  hall: string | null;
  itemCode: string;
  bundleId: string | null;
  section: string;
  waitingFor: string | null;
  accepted: boolean;
  submittedOn: string;
  dueKind: string | null;
  dueOn: string | null;
  provisional: boolean;
  provisionalNote: Bilingual | null;
  overdue: boolean;
  dueSoon: boolean;
  overdueReason: Bilingual | null;
}

export interface WorkQueue {
  department: string;
  scope: 'hall' | 'department';
  hall: string | null;
  today: string;
  open: QueueEntry[];
  waitingForApplicant: QueueEntry[];
  bundles: { bundleId: string; bundleCode: string | null; nextDue: string | null; provisional: boolean; overdue: boolean; dueSoon: boolean; applicationIds: string[] }[];
  counts: { open: number; overdue: number; dueSoon: number; waitingForApplicant: number; bundles: number };
  /** Each list's next-page token (pass back as openAfter, waitingAfter, bundlesAfter); null at its end. */
  next: { open: string | null; waitingForApplicant: string | null; bundles: string | null };
}

export interface HistoryEvent {
  revision: number;
  position: number;
  type: string;
  data: Record<string, unknown>;
  metadata: { actor: { role: string; id: string }; channel: string; occurredAt: string };
}

export interface Material {
  code: string;
  nameZh: string;
  nameEn: string;
  required: boolean;
  source: string;
}

export interface Limit {
  value: number;
  unit: 'working' | 'natural';
}

export interface ItemSummary {
  code: string;
  nameZh: string;
  nameEn: string;
  department: string;
  departmentName: string;
  statutoryLimit: Limit;
  committedLimit: Limit;
  fastTrack: boolean;
  expressSupported: boolean;
  materials?: Material[];
}

export interface BundleSummary {
  code: string;
  nameZh: string;
  nameEn: string;
  memberCount: number;
}

export interface Ratio {
  numerator: number;
  denominator: number;
  rate: number | null;
}
export interface Distribution {
  count: number;
  p50: number | null;
  p90: number | null;
  mean: number | null;
}
export type Figures = Record<string, Record<string, number | null>>;

export interface MetricsRow {
  dimension: string;
  key: string;
  month: string | null;
  figures: Figures;
  includesProvisionalDays: boolean;
}
export interface Metrics {
  dimension: string;
  key: string | null;
  from: string | null;
  to: string | null;
  rows: MetricsRow[];
  includesProvisionalDays: boolean;
  provisionalNote: Bilingual | null;
}

export interface ReviewTicket {
  ticketId: string;
  applicationId: string;
  itemCode: string;
  department: string;
  level: number;
  tags: string[];
  openedOn: string;
  dueOn: string;
  provisional: boolean;
  status: 'open' | 'resolved' | 'void';
  statusText: Bilingual;
  callbacks: { note: string; calledOn: string }[];
  appealState: string;
  resolution: { resolution: string; note: string; resolvedOn: string; onTime: boolean } | null;
  overdue: boolean;
  dueSoon: boolean;
  nextStep: 'callback' | 'resolve' | 'appeal-decision' | null;
}

export interface OverdueWatch {
  today: string;
  departments: { department: string; overdue: number; dueSoon: number; provisional: number }[];
  entries: QueueEntry[];
}

export interface ReportSummary {
  month: string;
  revision: number;
  publishedAt: string;
  publishedBy: { role: string; id: string };
}
export interface PublishedReport extends ReportSummary {
  report: { month: string; formulaVersion: string; asOf: string; bureau: Figures | null; overdue: { department: string; overdue: number; dueSoon: number }[] };
}

export interface FieldError {
  field: string;
  message: string;
}
