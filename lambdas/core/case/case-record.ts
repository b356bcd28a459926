/**
 * The case as the product stores it, and the views of it the API serves. Pure.
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { authorizationDueAt, authorizationOf } from '../course/authorization.ts';
import type { Continuation } from '../course/continuation.ts';
import { organizationOf } from '../identity/tenancy.ts';
import type {
  Appeal,
  Assessment,
  Billing,
  CaseStatus,
  Claim,
  Deadlines,
  Decision,
  DocumentRef,
  Finding,
  HistoryEntry,
  PlanType,
  WorkflowProgress,
} from '../model.ts';

export interface StoredAttachment {
  kind: string;
  title: string;
  contentType: string;
  s3Key: string;
  bytes: number;
}

/** The request as stored: attachments live in S3, not in the item. */
export type StoredRequest = Omit<PriorAuthRequest, 'attachments'> & { attachments: StoredAttachment[] };

export interface Submission {
  payerReference: string | null;
  submittedAt: string;
  transport: string;
  detail: string;
}

export interface CaseRecord {
  caseId: string;
  /**
   * The organization the case belongs to (API.md "Identity, roles and organizations"); set at
   * creation. Records stored before tenancy have none and belong to `default` (organizationOf).
   */
  organizationId?: string;
  /** The person the case is assigned to (a user id of its organization), when assigned. */
  assigneeId?: string;
  version: number;
  status: CaseStatus;
  priority: 'standard' | 'expedited';
  createdAt: string;
  updatedAt: string;
  payer: { id: string; name: string; planType: PlanType; transport: string };
  request: StoredRequest;
  assessment: Assessment | null;
  billing: Billing | null;
  findings: Finding[];
  decision: Decision | null;
  deadlines: Deadlines;
  appeals: Appeal[];
  documents: DocumentRef[];
  submission: Submission | null;
  /** occurredAt of the newest payer decision applied: an older one never rolls the case back. */
  lastEventAt: string | null;
  appliedEventIds: string[];
  workflow: WorkflowProgress | null;
  /** Deadline flags the sweep raised (DECISION_OVERDUE, APPEAL_DUE_14D, ...). */
  flags: string[];
  /** A denial applied whose remedy (appeal or corrected claim) is not composed yet. */
  pendingRemedyEventId?: string | null;
  /** Further denials whose remedy is owed, after the pending one (core/case/remedies-owed.ts). */
  queuedRemedyEventIds?: string[];
  /** A continuation's earlier case, progress notes and course so far (core/course/continuation.ts). */
  continuation?: Continuation;
  /** Units the case's administrations have used of its authorization (core/course/authorization.ts). */
  usedUnits?: number;
}

const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

/** The deadline that matters now for the case, for the worklist order. */
export function worklistDueAt(
  record: Pick<CaseRecord, 'status' | 'deadlines' | 'appeals'> &
    Partial<Pick<CaseRecord, 'decision' | 'flags'>>,
): string | null {
  switch (record.status) {
    case 'SUBMITTED':
    case 'PENDED':
    case 'NEEDS_INFO':
    case 'PACKET_READY':
    case 'RECEIVED':
    case 'SUBMISSION_FAILED':
      return record.deadlines.payerDecisionDueAt;
    case 'DENIED':
    case 'APPEAL_READY':
    case 'APPEAL_DENIED': {
      const open = record.appeals
        .filter((a) => a.status === 'APPEAL_READY' && a.dueAt)
        .map((a) => a.dueAt as string)
        .sort();
      return open[0] ?? record.deadlines.appealDueAt;
    }
    case 'APPROVED':
    case 'PARTIALLY_APPROVED':
      // An authorization flagged AUTH_EXPIRING is due on its last day.
      return authorizationDueAt({ decision: record.decision ?? null, flags: record.flags ?? [] });
    default:
      return null;
  }
}

export function worklistSortKey(record: CaseRecord): string {
  return `${worklistDueAt(record) ?? FAR_FUTURE}#${record.caseId}`;
}

export interface CaseSummary {
  caseId: string;
  organizationId: string;
  /** The user the case is assigned to (team worklist), or null. */
  assigneeId: string | null;
  /** Who the case is for, as staff look it up: the practice's MRN and the patient's name. */
  patient: { id: string; name: string };
  status: CaseStatus;
  priority: string;
  payer: { id: string; name: string; planType: PlanType };
  verdict: string | null;
  indication: string | null;
  dueAt: string | null;
  flags: string[];
  createdAt: string;
  updatedAt: string;
  links: { self: string };
}

export function toCaseSummary(record: CaseRecord): CaseSummary {
  return {
    caseId: record.caseId,
    organizationId: organizationOf(record),
    assigneeId: record.assigneeId ?? null,
    patient: {
      id: record.request.patient.id,
      name: `${record.request.patient.familyName}, ${record.request.patient.givenName}`,
    },
    status: record.status,
    priority: record.priority,
    payer: { id: record.payer.id, name: record.payer.name, planType: record.payer.planType },
    verdict: record.assessment?.verdict ?? null,
    indication: record.assessment?.indication ?? null,
    dueAt: worklistDueAt(record),
    flags: record.flags,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    links: { self: `/v1/prior-auths/${record.caseId}` },
  };
}

export function toCaseView(record: CaseRecord, history: HistoryEntry[], claims: Claim[]) {
  return {
    caseId: record.caseId,
    organizationId: organizationOf(record),
    assigneeId: record.assigneeId ?? null,
    status: record.status,
    priority: record.priority,
    payer: { id: record.payer.id, name: record.payer.name, planType: record.payer.planType },
    assessment: record.assessment,
    billing: record.billing,
    findings: record.findings,
    decision: record.decision,
    deadlines: record.deadlines,
    appeals: record.appeals,
    documents: record.documents,
    submission: record.submission,
    authorization: authorizationOf(record),
    // A continuation names the case it continues (its notes and course are in the packet).
    ...(record.continuation ? { previousCaseId: record.continuation.previousCaseId } : {}),
    claims: claims.map((c) => ({
      claimId: c.claimId,
      receivedAt: c.receivedAt,
      form: c.claim.form === 'institutional' ? 'institutional' : 'professional',
      status: c.status,
      findings: c.findings,
    })),
    flags: record.flags,
    request: record.request,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    history,
    links: {
      self: `/v1/prior-auths/${record.caseId}`,
      documents: record.documents.map((d) => `/v1/documents/${d.documentId}`),
      ...(record.continuation ? { previous: `/v1/prior-auths/${record.continuation.previousCaseId}` } : {}),
    },
  };
}
