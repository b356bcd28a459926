/**
 * DeliverSimulatedAnswer's Task: post one answer the payer simulator planned at submit. The state
 * input carries ids only; the answer's body is planned again from the case (the plan is a pure
 * function of the submission) and signed with the payer's secret from the registry.
 *
 * Primary course:
 * 1. Load the case and the payer; a case without its assessment, or a payer gone from the
 *    registry or no longer simulated, gets no answer (nothing to deliver, not a failure).
 * 2. Let the payer's transport post the planned answer under its fixed webhook-id; the webhook
 *    receipt deduplicates a redelivery, so a re-started delivery is harmless.
 */

import type { CaseRecord } from '#core/case/case-record.ts';
import { domainRequest } from '#core/case/create-case.ts';
import type {
  PayerConfig,
  PlannedAnswerInput,
  PlannedDeliveryResult,
  Ports,
  SimulatedDelivery,
} from '#core/ports.ts';

export type DeliverSimulatedAnswerDeps = Pick<Ports, 'cases' | 'registry' | 'transports' | 'log'>;

export type DeliverSimulatedAnswerResult = { caseId: string; webhookId: string } & PlannedDeliveryResult;

export async function deliverSimulatedAnswer(
  delivery: SimulatedDelivery,
  deps: DeliverSimulatedAnswerDeps,
): Promise<DeliverSimulatedAnswerResult> {
  const ids = { caseId: delivery.caseId, webhookId: delivery.webhookId };
  const skipped = (reason: string): DeliverSimulatedAnswerResult => {
    deps.log.warn('simulated answer not delivered', { ...ids, payerId: delivery.payerId, reason });
    return { ...ids, delivered: false, reason };
  };

  // 1. The case and the payer.
  const current = await deps.cases.requireCase(delivery.caseId);
  const payer = await deps.registry.get(delivery.payerId);
  if (!payer) return skipped('payer no longer in the registry');
  const transport = deps.transports(payer);
  if (!transport.deliverPlanned) return skipped('payer is not simulated');

  // 2. The planned answer, posted.
  const input = plannedAnswerInput(current, payer, delivery.submittedAt);
  if (!input) return skipped('case has no assessment');
  const result = await transport.deliverPlanned(input, delivery);
  if (!result.delivered) return skipped(result.reason);
  deps.log.info('simulated answer delivered', { ...ids, status: result.status });
  return { ...ids, ...result };
}

/** What the simulator's plan for a submission of the case is a function of; null before the packet. */
export function plannedAnswerInput(
  record: CaseRecord,
  payer: PayerConfig,
  submittedAt: string,
): PlannedAnswerInput | null {
  if (!record.assessment || !record.billing) return null;
  return {
    caseId: record.caseId,
    payer,
    request: domainRequest(record),
    assessment: record.assessment,
    billing: record.billing,
    submittedAt,
  };
}
