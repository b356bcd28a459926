/**
 * The deadline sweep (EventBridge schedule on AWS, a timer locally, and once at local start):
 * - re-drives workflows that stopped mid-way (a crash, a restart, a failed execution), from what
 *   the case store says, never from memory; idempotent steps make a second run safe;
 * - flags payer decisions that are overdue and appeals nearing their deadline (14 and 3 days).
 *
 * Primary course:
 * 1. Re-drive SubmitPriorAuth for cases that stopped before the payer had them, at most
 *    MAX_SUBMISSION_ATTEMPTS runs in all; then the case is flagged STUCK once, for a person.
 * 2. Re-drive HandlePayerEvent for payer events stored but not yet applied (among them the
 *    payer's synchronous answer, recorded with the submission), unless the case is STUCK.
 * 3. Re-drive HandlePayerEvent for each denial applied whose remedy was never composed.
 * 4. Start again the payer simulator's answers owed to cases awaiting them (lost with a local
 *    restart; on AWS the same execution names are refused, so nothing is sent twice).
 * 5. Raise the deadline flags each watched case should now carry.
 * What to re-drive and flag is decided in core/case/sweep-plan.ts; a failure on one case is
 * logged and the sweep goes on.
 */
import {
  AWAITING_PAYER,
  appealDueAtOf,
  eventRedriveAllowed,
  flagsRaised,
  flagsToRaise,
  IN_FLIGHT,
  isStale,
  needsSubmissionRedrive,
  REMEDY_OWED,
  remediesToRedrive,
  type SweepOptions,
  simulatedAnswersOwed,
  submissionRedriven,
  submissionRedrivesExhausted,
  WATCHED,
} from '#core/case/sweep-plan.ts';
import type { Ports } from '#core/ports.ts';
import { plannedAnswerInput } from './deliver-simulated-answer.ts';

export type { SweepOptions };

export interface SweepSummary {
  redrivenCases: number;
  /** Payer events re-driven, the simulator's re-started answers among them. */
  redrivenEvents: number;
  flagged: number;
}

export type SweepDeps = Pick<Ports, 'cases' | 'workflows' | 'clock' | 'log' | 'registry' | 'transports'>;

export async function sweep(options: SweepOptions, deps: SweepDeps): Promise<SweepSummary> {
  const now = deps.clock.now();
  const summary: SweepSummary = { redrivenCases: 0, redrivenEvents: 0, flagged: 0 };
  const attempt = async (what: string, ids: Record<string, string>, step: () => Promise<void>) => {
    try {
      await step();
    } catch (error) {
      deps.log.warn(`${what} failed`, { ...ids, errorName: (error as Error).name });
    }
  };

  // 1. SubmitPriorAuth, for cases the payer does not have yet.
  for (const status of IN_FLIGHT) {
    for (const record of await deps.cases.listCasesByStatus(status)) {
      if (!needsSubmissionRedrive(record, now, options)) continue;
      await attempt('re-drive', { caseId: record.caseId }, async () => {
        let attempts = 0;
        await deps.cases.updateCase(record.caseId, (c) => {
          const redrive = submissionRedriven(c, now);
          attempts = redrive?.attempts ?? 0;
          return redrive?.change ?? submissionRedrivesExhausted(c, now);
        });
        if (attempts === 0) return;
        await deps.workflows.startSubmitPriorAuth(record.caseId, `${record.caseId}-r${attempts}`);
        summary.redrivenCases++;
      });
    }
  }

  // 2. Payer events stored but not yet applied.
  for (const pending of await deps.cases.listPendingEvents()) {
    if (!isStale(pending.receivedAt, now, options)) continue;
    if (!eventRedriveAllowed(await deps.cases.getCase(pending.caseId))) continue;
    await attempt('event re-drive', { caseId: pending.caseId, eventId: pending.eventId }, async () => {
      await deps.workflows.startHandlePayerEvent(
        pending.caseId,
        pending.eventId,
        `${pending.eventId}-r${now.getTime()}`,
      );
      summary.redrivenEvents++;
    });
  }

  // 3. Denials applied whose remedy was never composed (a crash between the two steps).
  for (const status of REMEDY_OWED) {
    for (const record of await deps.cases.listCasesByStatus(status)) {
      for (const eventId of remediesToRedrive(record, now, options)) {
        await attempt('remedy re-drive', { caseId: record.caseId }, async () => {
          await deps.workflows.startHandlePayerEvent(record.caseId, eventId, `${eventId}-r${now.getTime()}`);
          summary.redrivenEvents++;
        });
      }
    }
  }

  // 4. The payer simulator's answers, re-started under their webhook-ids.
  for (const status of AWAITING_PAYER) {
    for (const record of await deps.cases.listCasesByStatus(status)) {
      const submittedAt = simulatedAnswersOwed(record, now, options);
      if (!submittedAt) continue;
      await attempt('simulated answer re-drive', { caseId: record.caseId }, async () => {
        const payer = await deps.registry.get(record.payer.id);
        const input = payer && plannedAnswerInput(record, payer, submittedAt);
        if (!payer || !input) return;
        for (const delivery of deps.transports(payer).plannedDeliveries?.(input) ?? []) {
          if ((await deps.workflows.startSimulatedDelivery(delivery)).started) summary.redrivenEvents++;
        }
      });
    }
  }

  // 5. Deadline flags.
  for (const status of WATCHED) {
    for (const record of await deps.cases.listCasesByStatus(status)) {
      const raised = flagsToRaise(record, now);
      if (raised.length === 0) continue;
      const appealDueAt = appealDueAtOf(record);
      await deps.cases.updateCase(record.caseId, (c) => flagsRaised(c, raised, appealDueAt, now));
      summary.flagged += raised.length;
    }
  }
  return summary;
}
