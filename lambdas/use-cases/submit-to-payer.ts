/**
 * SubmitPriorAuth step 2: send the packet through the payer's transport and record the
 * submission with the payer's decision deadline. A payer that is down throws
 * PayerUnavailableError, which the state machine retries with backoff before
 * MarkSubmissionFailed. A payer that answers at once (PAS, 278) has its answer stored as a payer
 * event and handled like a webhook.
 */

import { requireCase, storeEventOnce, updateCase } from '#adapters/case-repository.ts';
import { getObject } from '#adapters/document-store.ts';
import { logger } from '#adapters/logger.ts';
import { createTransport } from '#adapters/transports/index.ts';
import { startHandlePayerEvent } from '#adapters/workflow-starter.ts';
import { canTransition } from '#core/case/status-transitions.ts';
import { describeFailure } from '#core/case/workflow-failure.ts';
import { PayerRejectedError } from '#core/errors.ts';
import { digest, packetDocumentId } from '#core/ids.ts';
import { buildPasBundle } from '#core/packet/pas-bundle.ts';
import { payerDecisionDueAt } from '#core/payer/decision-deadlines.ts';
import type { Clock, PayerRegistry } from '#core/ports.ts';
import { domainRequest } from './domain-request.ts';

const SUBMITTABLE = new Set(['PACKET_READY', 'SUBMISSION_FAILED']);

export async function submitToPayer(
  caseId: string,
  deps: { registry: PayerRegistry; clock: Clock; publicUrl: string },
): Promise<{ caseId: string; status: string }> {
  const current = await requireCase(caseId);
  if (!SUBMITTABLE.has(current.status) || current.submission) return { caseId, status: current.status };
  if (!current.assessment || !current.billing)
    throw new Error(`case ${caseId} has no assessment: packet step missing`);

  // Prepare: the payer, its transport and the PAS Bundle of the packet.
  const payer = await deps.registry.get(current.payer.id);
  if (!payer) throw new PayerRejectedError(`payer ${current.payer.id} is no longer in the registry`);
  const request = domainRequest(current);
  const attachments = await Promise.all(
    current.request.attachments.map(async (a) => ({ title: a.title, pdf: await getObject(a.s3Key) })),
  );
  const packetId = packetDocumentId(caseId);
  const payerRef = { id: current.payer.id, name: current.payer.name, planType: current.payer.planType };
  const pasBundle = buildPasBundle({
    caseId,
    request,
    assessment: current.assessment,
    billing: current.billing,
    findings: current.findings,
    payer: payerRef,
    createdAt: new Date(current.createdAt),
    attachments,
    packetDocumentId: packetId,
  });

  // Act: one call to the payer.
  const submittedAt = deps.clock.now().toISOString();
  const transport = createTransport(payer, { publicUrl: deps.publicUrl, clock: deps.clock });
  const result = await transport.submit({
    caseId,
    payer,
    request,
    assessment: current.assessment,
    billing: current.billing,
    pasBundle,
    packetDocumentId: packetId,
    submittedAt,
  });

  // Assess: record the submission and its deadline; a decision that already arrived stays.
  const options = payer.options ?? {};
  const due = payerDecisionDueAt({
    planType: current.payer.planType,
    priority: current.priority,
    submittedAt,
    ...(typeof options.state === 'string' ? { state: options.state } : {}),
    ...(options.decisionClocks ? { overrides: options.decisionClocks as never } : {}),
  });
  const updated = await updateCase(caseId, (c) => {
    if (c.submission) return null;
    const at = deps.clock.now().toISOString();
    const moves = canTransition(c.status, 'SUBMITTED');
    return {
      next: {
        ...c,
        status: moves ? 'SUBMITTED' : c.status,
        updatedAt: at,
        submission: {
          payerReference: result.payerReference,
          submittedAt,
          transport: payer.transport,
          detail: result.detail,
        },
        deadlines: { ...c.deadlines, payerDecisionDueAt: due?.dueAt ?? null },
        workflow: c.workflow ? { ...c.workflow, step: 'SubmitToPayer' } : null,
      },
      history: [
        {
          at,
          status: moves ? 'SUBMITTED' : c.status,
          source: 'workflow',
          event: 'prior_auth.submitted',
          detail: `${result.detail}${due ? `; decision due ${due.dueAt} (${due.basis})` : ''}`,
        },
      ],
    };
  });

  if (result.immediateDecision) {
    const event = result.immediateDecision;
    const eventId = `evt_${digest('sync', caseId, result.payerReference ?? '', event.outcome, event.occurredAt).slice(0, 32)}`;
    const stored = await storeEventOnce({
      eventId,
      payerId: payer.id,
      webhookId: eventId,
      caseId,
      channel: payer.transport === 'x12-278' ? 'x12-278' : 'fhir-pas',
      receivedAt: deps.clock.now().toISOString(),
      event: { ...event, caseId },
      raw: JSON.stringify(event),
    });
    if (stored) {
      try {
        await startHandlePayerEvent(caseId, eventId);
      } catch (error) {
        logger.warn('could not start HandlePayerEvent; the sweep will re-drive it', {
          caseId,
          eventId,
          errorName: (error as Error).name,
        });
      }
    }
  }
  return { caseId, status: updated.status };
}

export async function markSubmissionFailed(
  caseId: string,
  error: { Error?: string; Cause?: string } | undefined,
  deps: { clock: Clock },
): Promise<{ caseId: string; status: string }> {
  const reason = describeFailure(error);
  const updated = await updateCase(caseId, (c) => {
    if (c.submission || !canTransition(c.status, 'SUBMISSION_FAILED')) return null;
    const at = deps.clock.now().toISOString();
    return {
      next: {
        ...c,
        status: 'SUBMISSION_FAILED',
        updatedAt: at,
        workflow: c.workflow ? { ...c.workflow, step: 'MarkSubmissionFailed' } : null,
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
  });
  return { caseId, status: updated.status };
}
