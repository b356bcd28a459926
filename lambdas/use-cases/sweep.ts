/**
 * The deadline sweep (EventBridge schedule on AWS, a timer locally, and once at local start):
 * - re-drives workflows that stopped mid-way (a crash, a restart, a failed execution), from what
 *   DynamoDB says, never from memory; idempotent steps make a second run safe;
 * - flags payer decisions that are overdue and appeals nearing their deadline (14 and 3 days).
 */

import { listCasesByStatus, listPendingEvents, updateCase } from '#adapters/case-repository.ts';
import { logger } from '#adapters/logger.ts';
import { startHandlePayerEvent, startSubmitPriorAuth } from '#adapters/workflow-starter.ts';
import type { CaseRecord } from '#core/case/case-record.ts';
import type { CaseStatus } from '#core/model.ts';
import { sweepFlags } from '#core/payer/decision-deadlines.ts';
import type { Clock } from '#core/ports.ts';

export interface SweepOptions {
  /** Re-drive everything in flight, whatever its age (at local start: nothing else is running). */
  redriveAll: boolean;
  /** Otherwise, re-drive what has not moved for this long. */
  redriveAfterMs: number;
}

export interface SweepSummary {
  redrivenCases: number;
  redrivenEvents: number;
  flagged: number;
}

const IN_FLIGHT: CaseStatus[] = ['RECEIVED', 'PACKET_READY'];
const AWAITING_DECISION: CaseStatus[] = ['SUBMITTED', 'PENDED', 'NEEDS_INFO'];
const APPEAL_OPEN: CaseStatus[] = ['DENIED', 'APPEAL_READY', 'APPEAL_DENIED'];

function stale(record: { updatedAt: string }, now: Date, options: SweepOptions): boolean {
  return options.redriveAll || now.getTime() - Date.parse(record.updatedAt) >= options.redriveAfterMs;
}

async function redriveSubmission(record: CaseRecord, now: Date): Promise<boolean> {
  let attempts = 0;
  await updateCase(record.caseId, (c) => {
    if (!IN_FLIGHT.includes(c.status) || c.submission) return null;
    attempts = (c.workflow?.attempts ?? 1) + 1;
    const at = now.toISOString();
    return {
      next: {
        ...c,
        updatedAt: at,
        workflow: { name: 'SubmitPriorAuth', step: c.workflow?.step ?? 'Received', startedAt: at, attempts },
      },
      history: [
        {
          at,
          status: c.status,
          source: 'sweep',
          event: 'workflow.redriven',
          detail: `SubmitPriorAuth attempt ${attempts}`,
        },
      ],
    };
  });
  if (attempts === 0) return false;
  await startSubmitPriorAuth(record.caseId, `${record.caseId}-r${attempts}`);
  return true;
}

export async function sweep(options: SweepOptions, deps: { clock: Clock }): Promise<SweepSummary> {
  const now = deps.clock.now();
  const summary: SweepSummary = { redrivenCases: 0, redrivenEvents: 0, flagged: 0 };

  // Re-drive SubmitPriorAuth for cases that stopped before the payer had them.
  for (const status of IN_FLIGHT) {
    for (const record of await listCasesByStatus(status)) {
      if (record.submission || !stale(record, now, options)) continue;
      try {
        if (await redriveSubmission(record, now)) summary.redrivenCases++;
      } catch (error) {
        logger.warn('re-drive failed', { caseId: record.caseId, errorName: (error as Error).name });
      }
    }
  }

  // Re-drive payer events stored but not yet applied.
  for (const pending of await listPendingEvents()) {
    if (!options.redriveAll && now.getTime() - Date.parse(pending.receivedAt) < options.redriveAfterMs)
      continue;
    try {
      await startHandlePayerEvent(pending.caseId, pending.eventId, `${pending.eventId}-r${now.getTime()}`);
      summary.redrivenEvents++;
    } catch (error) {
      logger.warn('event re-drive failed', {
        caseId: pending.caseId,
        eventId: pending.eventId,
        errorName: (error as Error).name,
      });
    }
  }

  // Denials applied whose remedy was never composed (a crash between the two steps).
  for (const status of ['DENIED', 'APPEAL_DENIED'] as const) {
    for (const record of await listCasesByStatus(status)) {
      const eventId = record.pendingRemedyEventId;
      if (!eventId || !stale(record, now, options)) continue;
      try {
        await startHandlePayerEvent(record.caseId, eventId, `${eventId}-r${now.getTime()}`);
        summary.redrivenEvents++;
      } catch (error) {
        logger.warn('remedy re-drive failed', { caseId: record.caseId, errorName: (error as Error).name });
      }
    }
  }

  // Deadline flags.
  for (const status of [...AWAITING_DECISION, ...APPEAL_OPEN]) {
    for (const record of await listCasesByStatus(status)) {
      const appealDueAt =
        record.appeals
          .filter((a) => a.status === 'APPEAL_READY' && a.dueAt)
          .map((a) => a.dueAt as string)
          .sort()[0] ?? record.deadlines.appealDueAt;
      const flags = sweepFlags({
        now,
        payerDecisionDueAt: record.deadlines.payerDecisionDueAt,
        appealDueAt,
        status: record.status,
      });
      const raised = flags.filter((f) => !record.flags.includes(f));
      if (raised.length === 0) continue;
      await updateCase(record.caseId, (c) => {
        const fresh = raised.filter((f) => !c.flags.includes(f));
        if (fresh.length === 0) return null;
        const at = now.toISOString();
        return {
          next: { ...c, flags: [...c.flags, ...fresh] },
          history: fresh.map((flag) => ({
            at,
            status: c.status,
            source: 'sweep' as const,
            event: `deadline.${flag.toLowerCase()}`,
            detail: flag.startsWith('DECISION')
              ? `payer decision was due ${c.deadlines.payerDecisionDueAt}`
              : `appeal due ${appealDueAt}`,
          })),
        };
      });
      summary.flagged += raised.length;
    }
  }
  return summary;
}
