/**
 * SubmitPriorAuth step 1: assess the request against the label, compute billing, render the
 * packet PDF (letter of medical necessity + the attached clinical documents) and record it.
 * Idempotent: a case already past this step is left as it is.
 *
 * Primary course:
 * 1. Load the case; a case past RECEIVED answers with its next step.
 * 2. Assess the request with the payer's rules: the assessment, billing and findings, once.
 * 3. Read the attachments once; render the packet PDF and build the PAS Bundle from them, and
 *    store both, so the submission step reads what it needs and computes nothing again.
 * 4. Record the outcome on the case (status, assessment, billing, packet document) once.
 */

import { assessmentOptions, domainRequest } from '#core/case/create-case.ts';
import {
  type AssembleNext,
  isPriorAuthNotRequired,
  nextAfterPacket,
  packetAssembled,
} from '#core/case/packet-assembled.ts';
import { documentKey, pasBundleKey } from '#core/case/storage-keys.ts';
import { assessRequest } from '#core/clinical/assess-request.ts';
import { packetDocumentId, sha256Hex } from '#core/ids.ts';
import type { DocumentRef } from '#core/model.ts';
import { composePacketLetter } from '#core/packet/letter.ts';
import { buildPasBundle } from '#core/packet/pas-bundle.ts';
import type { Ports } from '#core/ports.ts';

export type { AssembleNext };
export { domainRequest };

export type AssemblePacketDeps = Pick<
  Ports,
  'cases' | 'documents' | 'renderer' | 'templates' | 'registry' | 'clock'
>;

export async function assemblePacket(
  caseId: string,
  deps: AssemblePacketDeps,
): Promise<{ caseId: string; next: AssembleNext }> {
  // 1. The case, still RECEIVED.
  const current = await deps.cases.requireCase(caseId);
  if (current.status !== 'RECEIVED') return { caseId, next: nextAfterPacket(current.status) };

  // 2. The assessment with the payer's rules.
  const request = domainRequest(current);
  const payer = await deps.registry.get(current.payer.id);
  const course = current.continuation ? { course: current.continuation } : {};
  const { assessment, billing, findings } = assessRequest(request, {
    ...(payer ? assessmentOptions(payer) : { planType: current.payer.planType }),
    ...course,
  });

  // 3. The packet PDF and the PAS Bundle, from one read of the attachments.
  const attachments = await Promise.all(
    current.request.attachments.map(async (a) => ({
      title: a.title,
      pdf: await deps.documents.get(a.s3Key),
    })),
  );
  const documentId = packetDocumentId(caseId);
  const packet = {
    caseId,
    request,
    assessment,
    billing,
    findings,
    payer: { id: current.payer.id, name: current.payer.name, planType: current.payer.planType },
    createdAt: new Date(current.createdAt),
    attachments,
    ...(current.continuation ? { continuation: current.continuation } : {}),
  };
  const pdf = await deps.renderer.renderPdf(composePacketLetter(packet, deps.templates));
  const s3Key = documentKey(caseId, documentId);
  await deps.documents.put(s3Key, pdf, 'application/pdf');
  const pasBundle = buildPasBundle({ ...packet, packetDocumentId: documentId, packetPdf: pdf });
  await deps.documents.put(
    pasBundleKey(caseId),
    Buffer.from(JSON.stringify(pasBundle)),
    'application/fhir+json',
  );
  const document: DocumentRef = {
    documentId,
    kind: 'packet',
    contentType: 'application/pdf',
    createdAt: deps.clock.now().toISOString(),
    bytes: pdf.length,
    sha256: sha256Hex(pdf),
  };

  // 4. The outcome, once.
  const updated = await deps.cases.updateCase(caseId, (c) =>
    packetAssembled(c, { assessment, billing, findings, document, s3Key }, deps.clock.now().toISOString()),
  );
  const notRequired = updated.status === 'CLOSED' && isPriorAuthNotRequired(findings);
  return { caseId, next: notRequired ? 'not_required' : nextAfterPacket(updated.status) };
}
