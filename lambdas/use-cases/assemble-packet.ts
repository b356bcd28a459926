/**
 * SubmitPriorAuth step 1: assess the request against the label, compute billing, render the
 * packet PDF (letter of medical necessity + the attached clinical documents) and record it.
 * Idempotent: a case already past this step is left as it is.
 */

import { documentMetaItem, requireCase, updateCase } from '#adapters/case-repository.ts';
import { documentKey, getObject, putObject } from '#adapters/document-store.ts';
import { renderPdf } from '#adapters/pdf/render.ts';
import { assessRequest } from '#core/clinical/assess-request.ts';
import { packetDocumentId, sha256Hex } from '#core/ids.ts';
import type { CaseStatus, DocumentRef, HistoryEntry } from '#core/model.ts';
import { composePacketLetter } from '#core/packet/letter.ts';
import type { Clock, PayerRegistry } from '#core/ports.ts';
import { domainRequest } from './domain-request.ts';
import { assessmentOptions } from './receive-prior-auth.ts';

export type AssembleNext = 'submit' | 'needs_info' | 'not_required' | 'done';

export { domainRequest };

function nextFor(status: CaseStatus): AssembleNext {
  if (status === 'PACKET_READY' || status === 'SUBMISSION_FAILED') return 'submit';
  if (status === 'NEEDS_INFO') return 'needs_info';
  if (status === 'RECEIVED') return 'submit';
  return 'done';
}

export async function assemblePacket(
  caseId: string,
  deps: { clock: Clock; registry: PayerRegistry },
): Promise<{ caseId: string; next: AssembleNext }> {
  const current = await requireCase(caseId);
  if (current.status !== 'RECEIVED') return { caseId, next: nextFor(current.status) };

  // Prepare: the domain's view of the request, with the payer's rules.
  const request = domainRequest(current);
  const payer = await deps.registry.get(current.payer.id);
  const options = payer ? assessmentOptions(payer) : { planType: current.payer.planType };
  const { assessment, billing, findings } = assessRequest(request, options);
  const notRequired = findings.some((f) => f.code === 'NO_PRIOR_AUTH_REQUIRED');
  const createdAt = new Date(current.createdAt);
  const attachments = await Promise.all(
    current.request.attachments.map(async (a) => ({ title: a.title, pdf: await getObject(a.s3Key) })),
  );

  // Act: the packet PDF, deterministic for the same case.
  const spec = composePacketLetter({
    caseId,
    request,
    assessment,
    billing,
    findings,
    payer: { id: current.payer.id, name: current.payer.name, planType: current.payer.planType },
    createdAt,
    attachments,
  });
  const pdf = await renderPdf(spec);
  const documentId = packetDocumentId(caseId);
  const s3Key = documentKey(caseId, documentId);
  await putObject(s3Key, pdf, 'application/pdf');
  const doc: DocumentRef = {
    documentId,
    kind: 'packet',
    contentType: 'application/pdf',
    createdAt: deps.clock.now().toISOString(),
    bytes: pdf.length,
    sha256: sha256Hex(pdf),
  };

  // Assess: record the outcome once.
  const status: CaseStatus = notRequired
    ? 'CLOSED'
    : assessment.verdict === 'insufficient_information'
      ? 'NEEDS_INFO'
      : 'PACKET_READY';
  const updated = await updateCase(caseId, (c) => {
    if (c.status !== 'RECEIVED') return null;
    const at = deps.clock.now().toISOString();
    const history: HistoryEntry[] = [
      {
        at,
        status,
        source: 'workflow',
        event: 'packet.assembled',
        detail: `verdict ${assessment.verdict}${assessment.indication ? ` (${assessment.indication})` : ''}; ${findings.filter((f) => f.severity === 'error').length} error finding(s); packet ${documentId}`,
      },
    ];
    if (notRequired) {
      history.push({
        at,
        status,
        source: 'workflow',
        event: 'prior_auth.not_required',
        detail: 'Original Medicare requires no prior authorization for a Part B drug: not submitted',
      });
    }
    return {
      next: {
        ...c,
        status,
        updatedAt: at,
        assessment,
        billing,
        findings,
        documents: [...c.documents.filter((d) => d.documentId !== documentId), doc],
        workflow: {
          name: 'SubmitPriorAuth',
          step: 'AssemblePacket',
          startedAt: c.workflow?.startedAt ?? at,
          attempts: c.workflow?.attempts ?? 1,
        },
      },
      history,
      puts: [documentMetaItem({ ...doc, caseId, s3Key })],
    };
  });
  return {
    caseId,
    next: updated.status === 'CLOSED' && notRequired ? 'not_required' : nextFor(updated.status),
  };
}
