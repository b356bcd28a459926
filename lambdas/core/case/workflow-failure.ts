/**
 * What a workflow that failed for good does to its case: the failure goes into the history (ids
 * and error names, no data) and the case carries the STUCK flag, the dead letter the worklist
 * shows, until someone (or a later run that succeeds) moves it on.
 */
import type { CaseChange } from '../ports.ts';
import type { CaseRecord } from './case-record.ts';

/** The flag of a case whose workflow failed after every retry (the dead letter). */
export const STUCK_FLAG = 'STUCK';

/** The flags once a later run got the case further: a workflow that succeeds lowers STUCK. */
export function withoutStuck(flags: string[]): string[] {
  return flags.includes(STUCK_FLAG) ? flags.filter((flag) => flag !== STUCK_FLAG) : flags;
}

/** The case moved on by a workflow step that succeeded: its new status and time, STUCK lowered. */
export function movedOn(current: CaseRecord, status: CaseRecord['status'], at: string): CaseRecord {
  return { ...current, status, updatedAt: at, flags: withoutStuck(current.flags) };
}

/** The error name and the first line of its message, from a Step Functions Catch. */
export function describeFailure(error: { Error?: string; Cause?: string } | undefined): string {
  if (!error) return 'unknown error';
  let message = error.Cause ?? '';
  try {
    const cause = JSON.parse(message) as { errorMessage?: string };
    message = cause.errorMessage ?? message;
  } catch {
    // a plain-text cause
  }
  return `${error.Error ?? 'Error'}: ${message.split('\n')[0]?.slice(0, 300) ?? ''}`;
}

/** The failure recorded on the case as it is now: its history entry, and STUCK raised once. */
export function workflowFailed(
  current: CaseRecord,
  workflow: string,
  error: { Error?: string; Cause?: string } | undefined,
  now: Date,
): CaseChange {
  const flags = current.flags.includes(STUCK_FLAG) ? current.flags : [...current.flags, STUCK_FLAG];
  return {
    next: { ...current, flags },
    history: [
      {
        at: now.toISOString(),
        status: current.status,
        source: 'workflow',
        event: 'workflow.failed',
        detail: `${workflow}: ${describeFailure(error)}`,
      },
    ],
  };
}
