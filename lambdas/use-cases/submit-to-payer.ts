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
 * 3. Submit through the payer's transport with the submission's identifiers, which every attempt
 *    shares (a re-post after a crash is the same request to the payer, which deduplicates it).
 * 4. Record the submission, its decision deadline and the payer's synchronous answer in one write.
 * 5. Start HandlePayerEvent for that answer; if this process dies first, the answer is a stored
 *    pending event and the sweep re-drives it.
 */
import { domainRequest } from '#core/case/create-case.ts';
import { pasBundleKey } from '#core/case/storage-keys.ts';
import {
  decisionDue,
  immediateDecisionReceipt,
  isOwnThrottling,
  isSubmittable,
  submissionDeferred,
  submissionFailed,
  submissionIdentifiers,
  submissionRecorded,
} from '#core/case/submission.ts';
import { describeFailure } from '#core/case/workflow-failure.ts';
import { PayerRejectedError } from '#core/errors.ts';
import { packetDocumentId } from '#core/ids.ts';
import type { Ports } from '#core/ports.ts';

export type SubmitToPayerDeps = Pick<
  Ports,
  'cases' | 'documents' | 'workflows' | 'transports' | 'registry' | 'clock' | 'log' | 'metrics' | 'pauseAt'
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

  // 3. One request to the payer, the same on every attempt.
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
    identifiers: submissionIdentifiers(current),
  });
  await deps.pauseAt?.('after-payer-post', caseId);

  // 4. The submission, its deadline and the payer's synchronous answer, at once; a decision that
  // already arrived stays.
  const due = decisionDue(current, payer, submittedAt);
  const receipt = immediateDecisionReceipt(caseId, payer, result, deps.clock.now().toISOString());
  let recorded = false;
  const updated = await deps.cases.updateCase(caseId, (c) => {
    const change = submissionRecorded(
      c,
      { payer, result, submittedAt, due, immediate: receipt },
      deps.clock.now().toISOString(),
    );
    recorded = change !== null;
    return change;
  });
  await deps.pauseAt?.('after-submission-record', caseId);
  if (recorded) deps.metrics.count('CasesSubmitted');

  // 5. The synchronous decision, handled like a webhook.
  if (receipt && recorded) {
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
 * 1. Record SUBMISSION_FAILED with the reason, unless the case was submitted meanwhile; a failure
 *    of our own limits (throttling, the store's 503) leaves the case for the sweep to re-drive.
 */
export async function markSubmissionFailed(
  caseId: string,
  error: { Error?: string; Cause?: string } | undefined,
  deps: Pick<Ports, 'cases' | 'clock' | 'metrics'>,
): Promise<{ caseId: string; status: string }> {
  const reason = describeFailure(error);
  const record = isOwnThrottling(error) ? submissionDeferred : submissionFailed;
  let failed = false;
  const updated = await deps.cases.updateCase(caseId, (c) => {
    const change = record(c, reason, deps.clock.now().toISOString());
    failed = change !== null && record === submissionFailed;
    return change;
  });
  if (failed) deps.metrics.count('SubmissionsFailed');
  return { caseId, status: updated.status };
}
