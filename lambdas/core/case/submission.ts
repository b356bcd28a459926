/**
 * What submitting to the payer does to a case: the submission and its decision deadline recorded
 * once, a failed submission recorded, and a decision the payer gave at once turned into a stored
 * payer event like any webhook. Pure.
 */
import { digest } from '../ids.ts';
import type { CaseStatus } from '../model.ts';
import { payerDecisionDueAt } from '../payer/decision-deadlines.ts';
import type {
  CaseChange,
  EventReceipt,
  PayerConfig,
  SubmissionIdentifiers,
  SubmissionResult,
} from '../ports.ts';
import type { CaseRecord } from './case-record.ts';
import { canTransition } from './status-transitions.ts';
import { movedOn } from './workflow-failure.ts';

const SUBMITTABLE = new Set<CaseStatus>(['PACKET_READY', 'SUBMISSION_FAILED']);

/** A case goes to the payer once, from a ready packet or after a failed try. */
export function isSubmittable(record: CaseRecord): boolean {
  return SUBMITTABLE.has(record.status) && !record.submission;
}

/**
 * The identifiers of the case's one submission, from the case alone: every attempt (a retry, a
 * re-drive after a crash after the POST) sends the same control numbers and idempotency key, so
 * the payer sees one request sent again, never a second request.
 */
export function submissionIdentifiers(
  record: Pick<CaseRecord, 'caseId' | 'createdAt'>,
): SubmissionIdentifiers {
  const hash = digest('submission', record.caseId);
  return {
    idempotencyKey: `pa-submission-${hash.slice(0, 32)}`,
    controlNumber: (Number.parseInt(hash.slice(0, 8), 16) % 999_999_999) + 1,
    preparedAt: record.createdAt,
  };
}

/** When the payer owes its decision, by plan type, priority, state and the payer's own clocks. */
export function decisionDue(record: CaseRecord, payer: PayerConfig, submittedAt: string) {
  const options = payer.options ?? {};
  return payerDecisionDueAt({
    planType: record.payer.planType,
    priority: record.priority,
    submittedAt,
    ...(typeof options.state === 'string' ? { state: options.state } : {}),
    ...(options.decisionClocks ? { overrides: options.decisionClocks as never } : {}),
  });
}

/**
 * Records the submission; a decision that already arrived keeps its status. The payer's
 * synchronous answer (`immediate`) is stored in the same write, pending until HandlePayerEvent
 * applies it: no crash between the two can lose it.
 */
export function submissionRecorded(
  current: CaseRecord,
  input: {
    payer: PayerConfig;
    result: SubmissionResult;
    submittedAt: string;
    due: { dueAt: string; basis: string } | null;
    immediate?: EventReceipt | null;
  },
  at: string,
): CaseChange | null {
  if (current.submission) return null;
  const { result, due, immediate } = input;
  const status = canTransition(current.status, 'SUBMITTED') ? 'SUBMITTED' : current.status;
  return {
    next: {
      ...movedOn(current, status, at),
      submission: {
        payerReference: result.payerReference,
        submittedAt: input.submittedAt,
        transport: input.payer.transport,
        detail: result.detail,
      },
      deadlines: { ...current.deadlines, payerDecisionDueAt: due?.dueAt ?? null },
      workflow: current.workflow ? { ...current.workflow, step: 'SubmitToPayer' } : null,
    },
    history: [
      {
        at,
        status,
        source: 'workflow',
        event: 'prior_auth.submitted',
        detail: `${result.detail}${due ? `; decision due ${due.dueAt} (${due.basis})` : ''}`,
      },
    ],
    ...(immediate ? { storedEvents: [immediate] } : {}),
  };
}

/**
 * Our own limits, not the payer's answer: our throttling (ThrottledError), the store's 503 after
 * too many concurrent writers (ConflictError in this step) and the AWS throttling errors.
 */
const OWN_THROTTLING = new Set([
  'ThrottledError',
  'ConflictError',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
]);

export function isOwnThrottling(error: { Error?: string } | undefined): boolean {
  return OWN_THROTTLING.has(error?.Error ?? '');
}

/**
 * A submission our own limits stopped is not the payer's failure: the case stays where it was,
 * with the reason in its history, and the sweep re-drives it (within its attempt cap).
 */
export function submissionDeferred(current: CaseRecord, reason: string, at: string): CaseChange | null {
  if (current.submission) return null;
  return {
    next: { ...current, updatedAt: at },
    history: [
      {
        at,
        status: current.status,
        source: 'workflow',
        event: 'prior_auth.submission_deferred',
        detail: `${reason}; the sweep submits it again`,
      },
    ],
  };
}

/** Records that the payer could not be reached after the state machine's retries. */
export function submissionFailed(current: CaseRecord, reason: string, at: string): CaseChange | null {
  if (current.submission || !canTransition(current.status, 'SUBMISSION_FAILED')) return null;
  return {
    next: {
      ...current,
      status: 'SUBMISSION_FAILED',
      updatedAt: at,
      workflow: current.workflow ? { ...current.workflow, step: 'MarkSubmissionFailed' } : null,
    },
    history: [
      {
        at,
        status: 'SUBMISSION_FAILED',
        source: 'workflow',
        event: 'prior_auth.submission_failed',
        detail: reason,
      },
    ],
  };
}

/** The payer's synchronous answer (PAS, 278) as a payer event, with an id derived from it. */
export function immediateDecisionReceipt(
  caseId: string,
  payer: PayerConfig,
  result: SubmissionResult,
  receivedAt: string,
): EventReceipt | null {
  const event = result.immediateDecision;
  if (!event) return null;
  const eventId = `evt_${digest('sync', caseId, result.payerReference ?? '', event.outcome, event.occurredAt).slice(0, 32)}`;
  return {
    eventId,
    payerId: payer.id,
    webhookId: eventId,
    caseId,
    channel: payer.transport === 'x12-278' ? 'x12-278' : 'fhir-pas',
    receivedAt,
    event: { ...event, caseId },
    raw: JSON.stringify(event),
  };
}
