/**
 * What assembling the packet does to a case: the status the assessment leads to, and the change
 * that records the assessment, the billing and the packet document once. Pure.
 */
import type { Assessment, Billing, CaseStatus, DocumentRef, Finding, HistoryEntry } from '../model.ts';
import type { CaseChange } from '../ports.ts';
import type { CaseRecord } from './case-record.ts';
import { movedOn } from './workflow-failure.ts';

export type AssembleNext = 'submit' | 'needs_info' | 'not_required' | 'done';

/** The workflow's next step for a case in a status. */
export function nextAfterPacket(status: CaseStatus): AssembleNext {
  if (status === 'PACKET_READY' || status === 'SUBMISSION_FAILED' || status === 'RECEIVED') return 'submit';
  if (status === 'NEEDS_INFO') return 'needs_info';
  return 'done';
}

export function isPriorAuthNotRequired(findings: Finding[]): boolean {
  return findings.some((f) => f.code === 'NO_PRIOR_AUTH_REQUIRED');
}

export function packetStatus(assessment: Assessment, findings: Finding[]): CaseStatus {
  if (isPriorAuthNotRequired(findings)) return 'CLOSED';
  return assessment.verdict === 'insufficient_information' ? 'NEEDS_INFO' : 'PACKET_READY';
}

/** The change of a RECEIVED case; null when another run got there first. */
export function packetAssembled(
  current: CaseRecord,
  outcome: {
    assessment: Assessment;
    billing: Billing;
    findings: Finding[];
    document: DocumentRef;
    s3Key: string;
  },
  at: string,
): CaseChange | null {
  if (current.status !== 'RECEIVED') return null;
  const { assessment, findings, document } = outcome;
  const status = packetStatus(assessment, findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const history: HistoryEntry[] = [
    {
      at,
      status,
      source: 'workflow',
      event: 'packet.assembled',
      detail: `verdict ${assessment.verdict}${assessment.indication ? ` (${assessment.indication})` : ''}; ${errors} error finding(s); packet ${document.documentId}`,
    },
  ];
  if (isPriorAuthNotRequired(findings)) {
    history.push({
      at,
      status,
      source: 'workflow',
      event: 'prior_auth.not_required',
      detail: 'Original Medicare requires no prior authorization for a Part B drug: not submitted',
    });
  }
  return {
    next: {
      ...movedOn(current, status, at),
      assessment,
      billing: outcome.billing,
      findings,
      documents: [...current.documents.filter((d) => d.documentId !== document.documentId), document],
      workflow: {
        name: 'SubmitPriorAuth',
        step: 'AssemblePacket',
        startedAt: current.workflow?.startedAt ?? at,
        attempts: current.workflow?.attempts ?? 1,
      },
    },
    history,
    documents: [{ ...document, caseId: current.caseId, s3Key: outcome.s3Key }],
  };
}
