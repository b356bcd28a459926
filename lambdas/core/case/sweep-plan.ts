/**
 * What the deadline sweep does to a case, as functions of the case and the clock: which cases it
 * re-drives (stopped mid-way and not moved for a while), and which deadline flags it raises. Pure.
 */
import { AUTH_EXPIRING, authExpiringReason } from '../course/authorization.ts';
import type { CaseStatus } from '../model.ts';
import { sweepFlags } from '../payer/decision-deadlines.ts';
import type { CaseChange } from '../ports.ts';
import type { CaseRecord } from './case-record.ts';
import { remediesOwed } from './remedies-owed.ts';
import { STUCK_FLAG } from './workflow-failure.ts';

/** SubmitPriorAuth runs at most this often for one case (the first run and 4 re-drives). */
export const MAX_SUBMISSION_ATTEMPTS = 5;

export interface SweepOptions {
  /** Re-drive everything in flight, whatever its age (at local start: nothing else is running). */
  redriveAll: boolean;
  /** Otherwise, re-drive what has not moved for this long. */
  redriveAfterMs: number;
}

/** Before the payer has the case: SubmitPriorAuth is re-driven. */
export const IN_FLIGHT: CaseStatus[] = ['RECEIVED', 'PACKET_READY'];
/** A denial applied whose remedy may not have been composed: HandlePayerEvent is re-driven. */
export const REMEDY_OWED: CaseStatus[] = ['DENIED', 'APPEAL_DENIED'];
/** Cases whose deadlines the sweep watches. */
export const WATCHED: CaseStatus[] = [
  'SUBMITTED',
  'PENDED',
  'NEEDS_INFO',
  'DENIED',
  'APPEAL_READY',
  'APPEAL_DENIED',
  // AUTH_EXPIRING (core/course/authorization.ts)
  'APPROVED',
  'PARTIALLY_APPROVED',
];

/** Awaiting the payer's (next) answer: a simulated payer's may have been lost with a restart. */
export const AWAITING_PAYER: CaseStatus[] = ['SUBMITTED', 'PENDED'];

/**
 * The payer simulator's answers are still owed and may have been lost (a local execution lives in
 * memory): the sweep starts them again under their webhook-ids, which the receipt deduplicates.
 * Null when none is owed; otherwise the submission's time, which the plan is a function of.
 */
export function simulatedAnswersOwed(record: CaseRecord, now: Date, options: SweepOptions): string | null {
  const { submission } = record;
  if (!AWAITING_PAYER.includes(record.status) || submission?.transport !== 'simulator') return null;
  return isStale(record.updatedAt, now, options) ? submission.submittedAt : null;
}

/** Not moved since `at` for long enough (or everything, at a local start). */
export function isStale(at: string, now: Date, options: SweepOptions): boolean {
  return options.redriveAll || now.getTime() - Date.parse(at) >= options.redriveAfterMs;
}

export function needsSubmissionRedrive(record: CaseRecord, now: Date, options: SweepOptions): boolean {
  return IN_FLIGHT.includes(record.status) && !record.submission && isStale(record.updatedAt, now, options);
}

const attemptsOf = (record: CaseRecord) => record.workflow?.attempts ?? 1;

/**
 * Every attempt used: the case is flagged STUCK once (the dead letter the worklist shows) and no
 * longer re-driven. Null when attempts are left or the flag is up already.
 */
export function submissionRedrivesExhausted(current: CaseRecord, now: Date): CaseChange | null {
  if (attemptsOf(current) < MAX_SUBMISSION_ATTEMPTS || current.flags.includes(STUCK_FLAG)) return null;
  if (!IN_FLIGHT.includes(current.status) || current.submission) return null;
  const at = now.toISOString();
  return {
    next: { ...current, updatedAt: at, flags: [...current.flags, STUCK_FLAG] },
    history: [
      {
        at,
        status: current.status,
        source: 'sweep',
        event: 'workflow.redrive_exhausted',
        detail: `SubmitPriorAuth ran ${attemptsOf(current)} times: not re-driven again`,
      },
    ],
  };
}

/** The re-drive of SubmitPriorAuth recorded on the case, with its attempt number. */
export function submissionRedriven(
  current: CaseRecord,
  now: Date,
): { change: CaseChange; attempts: number } | null {
  if (!IN_FLIGHT.includes(current.status) || current.submission) return null;
  if (attemptsOf(current) >= MAX_SUBMISSION_ATTEMPTS) return null;
  const attempts = attemptsOf(current) + 1;
  const at = now.toISOString();
  return {
    attempts,
    change: {
      next: {
        ...current,
        updatedAt: at,
        workflow: {
          name: 'SubmitPriorAuth',
          step: current.workflow?.step ?? 'Received',
          startedAt: at,
          attempts,
        },
      },
      history: [
        {
          at,
          status: current.status,
          source: 'sweep',
          event: 'workflow.redriven',
          detail: `SubmitPriorAuth attempt ${attempts}`,
        },
      ],
    },
  };
}

/**
 * The denials whose remedy is still owed, once the case has not moved for long enough. A case
 * whose workflow failed for good (STUCK) waits for a person instead of being re-driven forever.
 */
export function remediesToRedrive(record: CaseRecord, now: Date, options: SweepOptions): string[] {
  if (record.flags.includes(STUCK_FLAG) || !isStale(record.updatedAt, now, options)) return [];
  return remediesOwed(record);
}

/** The first owed remedy to re-drive, or null (remediesToRedrive gives them all). */
export function remedyToRedrive(record: CaseRecord, now: Date, options: SweepOptions): string | null {
  return remediesToRedrive(record, now, options)[0] ?? null;
}

/** A stored payer event is re-driven until its case's workflow failed for good (STUCK). */
export function eventRedriveAllowed(record: CaseRecord | undefined): boolean {
  return record !== undefined && !record.flags.includes(STUCK_FLAG);
}

/** The earliest deadline of an appeal ready to send, else the case's appeal deadline. */
export function appealDueAtOf(record: CaseRecord): string | null {
  return (
    record.appeals
      .filter((a) => a.status === 'APPEAL_READY' && a.dueAt)
      .map((a) => a.dueAt as string)
      .sort()[0] ?? record.deadlines.appealDueAt
  );
}

/** The deadline flags the case should carry now and does not yet. */
export function flagsToRaise(record: CaseRecord, now: Date): string[] {
  const flags = sweepFlags({
    now,
    payerDecisionDueAt: record.deadlines.payerDecisionDueAt,
    appealDueAt: appealDueAtOf(record),
    status: record.status,
  });
  const expiring = authExpiringReason(record, now) ? [AUTH_EXPIRING] : [];
  return [...flags, ...expiring].filter((f) => !record.flags.includes(f));
}

/** The flags raised on the case as it is now, each with its history entry; null if none is new. */
export function flagsRaised(
  current: CaseRecord,
  raised: string[],
  appealDueAt: string | null,
  now: Date,
): CaseChange | null {
  const fresh = raised.filter((f) => !current.flags.includes(f));
  if (fresh.length === 0) return null;
  const at = now.toISOString();
  return {
    next: { ...current, flags: [...current.flags, ...fresh] },
    history: fresh.map((flag) => ({
      at,
      status: current.status,
      source: 'sweep' as const,
      event: `deadline.${flag.toLowerCase()}`,
      detail: flag.startsWith('DECISION')
        ? `payer decision was due ${current.deadlines.payerDecisionDueAt}`
        : flag === AUTH_EXPIRING
          ? (authExpiringReason(current, now) ?? AUTH_EXPIRING)
          : `appeal due ${appealDueAt}`,
    })),
  };
}
