/**
 * The case status model as one table of allowed transitions. Every write of a status goes
 * through `assertTransition`; anything not in the table is refused (and recorded by the caller),
 * never applied. A self-transition is allowed only where a payer may legitimately revise its
 * own answer (an updated pend, an amended approval, another claim denial).
 */
import { TransitionError, ValidationError } from '../errors.ts';
import type { CaseStatus } from '../model.ts';

/** The payer's answers to a prior-auth request, in any order a payer may send them. */
const PA_DECISIONS = ['PENDED', 'NEEDS_INFO', 'APPROVED', 'PARTIALLY_APPROVED', 'DENIED'] as const;

export const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  // A new request is assembled into a packet, or stops for missing information, or cannot even
  // be sent (no transport, payer unknown), or is withdrawn by staff.
  RECEIVED: ['PACKET_READY', 'NEEDS_INFO', 'SUBMISSION_FAILED', 'CLOSED'],
  // The packet goes to the payer. A fast payer (the simulator, a synchronous PAS endpoint) may
  // answer before SUBMITTED is recorded, so every decision is reachable from here as well.
  PACKET_READY: ['SUBMITTED', 'SUBMISSION_FAILED', 'CLOSED', ...PA_DECISIONS],
  // Missing information: either our own gap (back to PACKET_READY once supplied) or the payer's
  // request for documents (resubmitted, or the payer decides on what it has). A repeated request
  // for documents updates the list. A resubmission may fail to reach the payer.
  NEEDS_INFO: ['PACKET_READY', 'SUBMITTED', 'SUBMISSION_FAILED', 'CLOSED', ...PA_DECISIONS],
  // Submitted: waiting for the payer, whose answer may be any decision.
  SUBMITTED: [...PA_DECISIONS, 'CLOSED'],
  // The submission failed for good: retried by staff or the re-drive (SUBMITTED), rebuilt
  // (PACKET_READY), or closed. A payer that did receive it despite a timeout may still decide.
  SUBMISSION_FAILED: ['SUBMITTED', 'PACKET_READY', 'CLOSED', ...PA_DECISIONS],
  // Pended is the one non-final answer: a final decision follows, the payer may pend again or
  // ask for documents, and we may resubmit with more documentation.
  PENDED: [...PA_DECISIONS, 'SUBMITTED', 'CLOSED'],
  // Approved: the case ends, the payer re-issues the approval, modifies it to less than
  // requested (A6 modified: PARTIALLY_APPROVED), or a claim for the approved drug is denied
  // later (a claim denial on an approved case starts the remedy).
  APPROVED: ['APPROVED', 'PARTIALLY_APPROVED', 'DENIED', 'CLOSED'],
  // A partial approval is a partial denial: it can be appealed (APPEAL_READY), amended to a full
  // approval (after a peer-to-peer), revised again, or a claim under it is denied.
  PARTIALLY_APPROVED: ['APPEAL_READY', 'APPROVED', 'PARTIALLY_APPROVED', 'DENIED', 'CLOSED'],
  // Denied: the remedy (appeal or corrected claim) is composed, or the case is closed. Another
  // denial (a second claim, or a payer's re-issued notice) is recorded on the same status.
  DENIED: ['APPEAL_READY', 'DENIED', 'CLOSED'],
  // The remedy is ready: filed (APPEAL_SUBMITTED), or the payer's appeal decision arrives
  // first (filed outside the system, by fax or portal), or the case is closed (not appealed).
  // A further denial (another claim) composes another remedy while this one waits.
  APPEAL_READY: ['APPEAL_SUBMITTED', 'APPEAL_APPROVED', 'APPEAL_DENIED', 'APPEAL_READY', 'DENIED', 'CLOSED'],
  // Filed: only the payer's appeal decision (or closing) moves it.
  APPEAL_SUBMITTED: ['APPEAL_APPROVED', 'APPEAL_DENIED', 'CLOSED'],
  // Overturned: the case ends, or a claim billed under the reversed decision is denied.
  APPEAL_APPROVED: ['DENIED', 'CLOSED'],
  // Upheld: the next appeal level is prepared (reconsideration, IRE, external review), or closed.
  APPEAL_DENIED: ['APPEAL_READY', 'CLOSED'],
  // Closed is terminal: late events are recorded in the history but never reopen a case.
  CLOSED: [],
};

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: CaseStatus, to: CaseStatus): void {
  if (!canTransition(from, to)) {
    throw new TransitionError(`status transition ${from} -> ${to} is not allowed`);
  }
}

/**
 * True when an event that occurred at `eventOccurredAt` is strictly newer than the last event
 * applied to the case, so that an older event arriving late never rolls a case back. An event
 * with the same instant as the last applied one is not newer (ties keep what is there).
 */
export function isNewer(eventOccurredAt: string, lastAppliedAt: string | null | undefined): boolean {
  const event = Date.parse(eventOccurredAt);
  if (Number.isNaN(event)) {
    throw new ValidationError('occurredAt is not a date-time', [
      { path: 'occurredAt', message: 'must be an ISO 8601 date-time' },
    ]);
  }
  if (lastAppliedAt === null || lastAppliedAt === undefined) return true;
  const last = Date.parse(lastAppliedAt);
  if (Number.isNaN(last)) {
    throw new ValidationError('lastAppliedAt is not a date-time', [
      { path: 'lastAppliedAt', message: 'must be an ISO 8601 date-time' },
    ]);
  }
  return event > last;
}
