/**
 * HandlePayerEvent step 2: a denial gets its remedy without anyone asking. Which remedy is decided
 * in core (core/remedies/plan.ts): an appeal letter, a corrected-claim instruction where the
 * denial is a billing error an appeal cannot fix, or a recorded "no appeal" with its reason, at
 * the right level and before the appeal deadline. Ids derive from the event, so a second run finds
 * the remedy there and does nothing.
 *
 * 1. Load the case; a remedy recorded for this event already ends here.
 * 2. Load the denial event and the claim it names.
 * 3. Plan the remedy; an upheld appeal with no further level is recorded as such and ends here.
 * 4. Unless no remedy is right: compose the document from the templates, enclose the original
 *    packet with an appeal, render it to PDF and store it.
 * 5. Record the remedy on the case, once.
 */
import type { CaseRecord } from '#core/case/case-record.ts';
import { withCorrectedClaim } from '#core/case/claim-scrubbed.ts';
import { domainRequest } from '#core/case/create-case.ts';
import { documentKey } from '#core/case/storage-keys.ts';
import { NotFoundError } from '#core/errors.ts';
import { packetDocumentId, remedyIds, sha256Hex } from '#core/ids.ts';
import type { DocumentRef } from '#core/model.ts';
import type { EventReceipt, Ports } from '#core/ports.ts';
import { composeAppeal, composeCorrectedClaim } from '#core/remedies/compose-appeal.ts';
import {
  planRemedy,
  type RemedyDecision,
  recordNoFurtherLevel,
  recordRemedy,
  remedyLetterInput,
} from '#core/remedies/plan.ts';
import type { ClaimInput } from '#schemas/claim.ts';

export type RemedyPorts = Pick<Ports, 'cases' | 'documents' | 'renderer' | 'clock' | 'templates' | 'metrics'>;

export async function composeRemedy(
  caseId: string,
  eventId: string,
  ports: RemedyPorts,
): Promise<{ caseId: string; eventId: string; appealId: string | null }> {
  const record = await ports.cases.requireCase(caseId);
  const { appealId, documentId } = remedyIds(caseId, eventId);
  if (record.appeals.some((a) => a.appealId === appealId)) return { caseId, eventId, appealId };
  const receipt = await ports.cases.getEventReceipt(eventId);
  if (!receipt) throw new NotFoundError(`payer event ${eventId} not found`);
  const { event } = receipt;
  const storedClaim = event.claimId ? await ports.cases.getClaim(caseId, event.claimId) : undefined;
  const claim = storedClaim?.claim as ClaimInput | undefined;

  const now = ports.clock.now();
  const plan = planRemedy({ record, event, claim, now });
  if (plan.kind === 'no_further_level') {
    await ports.cases.updateCase(caseId, (current) =>
      recordNoFurtherLevel(current, plan, { eventId, at: ports.clock.now().toISOString() }),
    );
    return { caseId, eventId, appealId: null };
  }

  const letter = { record, appealId, documentId, claim, receipt, now };
  const document = plan.remedy === 'none' ? null : await renderRemedy(plan, letter, ports);
  let recorded = false;
  await ports.cases.updateCase(caseId, (current) => {
    const change = recordRemedy(current, plan, {
      appealId,
      eventId,
      document,
      at: ports.clock.now().toISOString(),
    });
    recorded = change !== null;
    if (!change) return null;
    const s3Key = documentKey(caseId, documentId);
    const recordedChange = { ...change, documents: document ? [{ ...document, caseId, s3Key }] : [] };
    // A corrected claim is stored with the case and named on the remedy (its 837 is served).
    if (plan.remedy !== 'corrected_claim' || !claim) return recordedChange;
    return withCorrectedClaim(current, recordedChange, {
      appealId,
      eventId,
      claim,
      payerReference: event.payerReference,
      noAppealRights: plan.analysis.noAppealRights,
      at: recordedChange.next.updatedAt,
    });
  });
  if (recorded) ports.metrics.count('RemediesComposed', plan.remedy);
  return { caseId, eventId, appealId };
}

interface Letter {
  record: CaseRecord;
  appealId: string;
  documentId: string;
  claim: ClaimInput | undefined;
  receipt: EventReceipt;
  now: Date;
}

/** The appeal letter (with the original packet enclosed) or the corrected-claim instruction, stored as PDF. */
async function renderRemedy(plan: RemedyDecision, letter: Letter, ports: RemedyPorts): Promise<DocumentRef> {
  const { record, documentId } = letter;
  const input = remedyLetterInput(plan, {
    record,
    appealId: letter.appealId,
    request: domainRequest(record),
    claim: letter.claim,
    createdAt: new Date(letter.receipt.receivedAt),
  });
  // The letter lists what it encloses, so the packet is loaded before the letter is composed.
  const packet = record.documents.find((d) => d.documentId === packetDocumentId(record.caseId));
  if (packet && plan.remedy === 'appeal') {
    const packetBytes = await ports.documents.get(documentKey(record.caseId, packet.documentId));
    input.enclosures = [{ title: 'Original prior-authorization packet', pdf: packetBytes }];
  }
  const spec =
    plan.remedy === 'appeal'
      ? composeAppeal(input, ports.templates)
      : composeCorrectedClaim(input, ports.templates);
  const pdf = await ports.renderer.renderPdf(spec);
  await ports.documents.put(documentKey(record.caseId, documentId), pdf, 'application/pdf');
  return {
    documentId,
    kind: plan.remedy === 'appeal' ? 'appeal' : 'corrected_claim',
    contentType: 'application/pdf',
    createdAt: letter.now.toISOString(),
    bytes: pdf.length,
    sha256: sha256Hex(pdf),
    templateVersion: ports.templates.version,
  };
}
