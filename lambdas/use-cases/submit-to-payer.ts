/**
 * SubmitPriorAuth step 2: send the packet through the payer's transport and record the
 * submission with the payer's decision deadline. A payer that is down throws
 * PayerUnavailableError, which the state machine retries with backoff before
 * MarkSubmissionFailed. A payer that answers at once (PAS, 278) has its answer stored as a payer
 * event and handled like a webhook.
 *
 * Primary course:
 * 1. Load the case; only a ready packet (or a failed try) not yet submitted goes on.
 * 2. Find the payer and read the PAS Bundle stored with the packet.
 * 3. Submit through the payer's transport, once.
 * 4. Record the submission and the payer's decision deadline.
 * 5. A decision the payer gave at once is stored as a payer event and HandlePayerEvent started.
 */
import { domainRequest } from '#core/case/create-case.ts';
import { pasBundleKey } from '#core/case/storage-keys.ts';
import {
  decisionDue,
  immediateDecisionReceipt,
  isSubmittable,
  submissionFailed,
  submissionRecorded,
} from '#core/case/submission.ts';
import { describeFailure } from '#core/case/workflow-failure.ts';
import { PayerRejectedError } from '#core/errors.ts';
import { packetDocumentId } from '#core/ids.ts';
import type { Ports } from '#core/ports.ts';

export type SubmitToPayerDeps = Pick<
  Ports,
  'cases' | 'documents' | 'workflows' | 'transports' | 'registry' | 'clock' | 'log'
>;

export async function submitToPayer(
  caseId: string,
  deps: SubmitToPayerDeps,
): Promise<{ caseId: string; status: string }> {
  // 1. The case, ready to go.
  const current = await deps.cases.requireCase(caseId);
  if (!isSubmittable(current)) return { caseId, status: current.status };
  if (!current.assessment || !current.billing)
    throw new Error(`case ${caseId} has no assessment: packet step missing`);

  // 2. The payer and the PAS Bundle of the packet.
  const payer = await deps.registry.get(current.payer.id);
  if (!payer) throw new PayerRejectedError(`payer ${current.payer.id} is no longer in the registry`);
  const pasBundle = JSON.parse(Buffer.from(await deps.documents.get(pasBundleKey(caseId))).toString('utf8'));

  // 3. One call to the payer.
  const submittedAt = deps.clock.now().toISOString();
  const result = await deps.transports(payer).submit({
    caseId,
    payer,
    request: domainRequest(current),
    assessment: current.assessment,
    billing: current.billing,
    pasBundle,
    packetDocumentId: packetDocumentId(caseId),
    submittedAt,
  });

  // 4. The submission and its deadline; a decision that already arrived stays.
  const due = decisionDue(current, payer, submittedAt);
  const updated = await deps.cases.updateCase(caseId, (c) =>
    submissionRecorded(c, { payer, result, submittedAt, due }, deps.clock.now().toISOString()),
  );

  // 5. A synchronous decision, handled like a webhook.
  const receipt = immediateDecisionReceipt(caseId, payer, result, deps.clock.now().toISOString());
  if (receipt && (await deps.cases.storeEventOnce(receipt))) {
    try {
      await deps.workflows.startHandlePayerEvent(caseId, receipt.eventId);
    } catch (error) {
      deps.log.warn('could not start HandlePayerEvent; the sweep will re-drive it', {
        caseId,
        eventId: receipt.eventId,
        errorName: (error as Error).name,
      });
    }
  }
  return { caseId, status: updated.status };
}

/**
 * MarkSubmissionFailed (the Catch after the retries):
 * 1. Record SUBMISSION_FAILED with the reason, unless the case was submitted meanwhile.
 */
export async function markSubmissionFailed(
  caseId: string,
  error: { Error?: string; Cause?: string } | undefined,
  deps: Pick<Ports, 'cases' | 'clock'>,
): Promise<{ caseId: string; status: string }> {
  const reason = describeFailure(error);
  const updated = await deps.cases.updateCase(caseId, (c) =>
    submissionFailed(c, reason, deps.clock.now().toISOString()),
  );
  return { caseId, status: updated.status };
}
