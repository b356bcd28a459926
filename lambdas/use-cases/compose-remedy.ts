/**
 * HandlePayerEvent step 2: a denial gets its remedy without anyone asking: the analysis of the
 * denial reasons, then an appeal letter (or a corrected-claim instruction where the denial is a
 * billing error an appeal cannot fix, or a recorded "no appeal" with its reason), rendered to
 * PDF with the original packet as an enclosure, due before the appeal deadline.
 * Idempotent: ids derive from the event, so a second run finds the remedy already there.
 */

import {
  documentMetaItem,
  getClaim,
  getEventReceipt,
  requireCase,
  updateCase,
} from '#adapters/case-repository.ts';
import { documentKey, getObject, putObject } from '#adapters/document-store.ts';
import { renderPdf } from '#adapters/pdf/render.ts';
import type { CaseRecord } from '#core/case/case-record.ts';
import { findIndication } from '#core/clinical/indications.ts';
import type { TemplateSet } from '#core/documents/templates.ts';
import { NotFoundError } from '#core/errors.ts';
import { packetDocumentId, remedyIds, sha256Hex } from '#core/ids.ts';
import type { Appeal, DocumentRef, Finding } from '#core/model.ts';
import type { Clock } from '#core/ports.ts';
import { appealDeadline, isUntimely, nextAppealLevel } from '#core/remedies/appeal-deadlines.ts';
import { composeAppeal, composeCorrectedClaim } from '#core/remedies/compose-appeal.ts';
import { analyseDenial } from '#core/remedies/denials.ts';
import type { ClaimInput } from '#schemas/claim.ts';
import { domainRequest } from './assemble-packet.ts';

export async function composeRemedy(
  caseId: string,
  eventId: string,
  deps: { clock: Clock; templates: TemplateSet },
): Promise<{ caseId: string; eventId: string; appealId: string | null }> {
  const current = await requireCase(caseId);
  const ids = remedyIds(caseId, eventId);
  if (current.appeals.some((a) => a.appealId === ids.appealId))
    return { caseId, eventId, appealId: ids.appealId };
  const receipt = await getEventReceipt(eventId);
  if (!receipt) throw new NotFoundError(`payer event ${eventId} not found`);
  const event = receipt.event;
  const now = deps.clock.now();

  // Prepare: what is denied, at which level, by when.
  const subject: Appeal['subject'] = event.type === 'claim.denied' ? 'claim' : 'prior_auth';
  const storedClaim = event.claimId ? await getClaim(caseId, event.claimId) : undefined;
  const claim = storedClaim?.claim as ClaimInput | undefined;
  const previous = event.type === 'appeal.decision' ? appealAnswered(current, event.appealId) : undefined;
  const level = previous ? nextAppealLevel(current.payer.planType, previous.level) : 1;
  if (level === null) {
    await recordNoFurtherLevel(caseId, eventId, previous, now);
    return { caseId, eventId, appealId: null };
  }
  const reasons = event.type === 'appeal.decision' && previous ? reasonsOf(current, previous) : event.reasons;
  const analysis = analyseDenial({
    subject: previous?.subject ?? subject,
    reasons,
    note: event.note,
    assessment: current.assessment,
    billing: current.billing,
    claim,
    findings: current.findings,
    authorization: current.decision?.authorizationNumber
      ? {
          number: current.decision.authorizationNumber,
          approvedUnits: current.decision.approvedUnits ?? null,
          validFrom: current.decision.validFrom ?? null,
          validTo: current.decision.validTo ?? null,
        }
      : null,
    caseDiagnosisCodes: current.request.diagnosis.icd10,
    indicationIcd10: indicationCodes(current.assessment?.indication ?? null),
  });
  const deadline = appealDeadline({
    planType: current.payer.planType,
    level,
    subject: previous?.subject ?? subject,
    noticeDate: event.occurredAt.slice(0, 10),
  });
  const untimely = isUntimely(deadline.dueAt, now);
  const createdAt = new Date(receipt.receivedAt);

  // Act: the document, unless no remedy is right.
  let doc: DocumentRef | null = null;
  let s3Key = '';
  if (analysis.remedy !== 'none') {
    const decision = {
      reasons,
      note: event.note,
      payerReference: event.payerReference ?? current.decision?.payerReference ?? null,
      authorizationNumber: event.authorizationNumber ?? current.decision?.authorizationNumber ?? null,
      decidedAt: event.occurredAt,
    };
    const payer = { id: current.payer.id, name: current.payer.name, planType: current.payer.planType };
    const common = {
      caseId,
      appealId: ids.appealId,
      request: domainRequest(current),
      assessment: current.assessment,
      billing: current.billing,
      findings: current.findings,
      payer,
      decision,
      analysis,
      level,
      deadline,
      subject: previous?.subject ?? subject,
      claim,
      createdAt,
      // Past the deadline: the letter asks for good cause, which a person must state before
      // filing (regulation.md (b)); the case carries APPEAL_UNTIMELY until then.
      ...(untimely
        ? { untimely: { goodCause: '[state the good cause for late filing before sending]' } }
        : {}),
    };
    const spec =
      analysis.remedy === 'appeal'
        ? composeAppeal(common as Parameters<typeof composeAppeal>[0], deps.templates)
        : composeCorrectedClaim(common as Parameters<typeof composeCorrectedClaim>[0], deps.templates);
    const packet = current.documents.find((d) => d.documentId === packetDocumentId(caseId));
    if (packet && analysis.remedy === 'appeal') {
      const packetBytes = await getObject(documentKey(caseId, packet.documentId));
      spec.enclosures = [
        ...(spec.enclosures ?? []),
        { title: 'Original prior-authorization packet', pdf: packetBytes },
      ];
    }
    const pdf = await renderPdf(spec);
    s3Key = documentKey(caseId, ids.documentId);
    await putObject(s3Key, pdf, 'application/pdf');
    doc = {
      documentId: ids.documentId,
      kind: analysis.remedy === 'appeal' ? 'appeal' : 'corrected_claim',
      contentType: 'application/pdf',
      createdAt: now.toISOString(),
      bytes: pdf.length,
      sha256: sha256Hex(pdf),
      templateVersion: deps.templates.version,
    };
  }

  // Assess: record the remedy once.
  await updateCase(caseId, (c) => {
    if (c.appeals.some((a) => a.appealId === ids.appealId)) return null;
    const at = deps.clock.now().toISOString();
    const appeal: Appeal = {
      appealId: ids.appealId,
      status: analysis.remedy === 'none' ? 'NOT_APPEALED' : 'APPEAL_READY',
      remedy: analysis.remedy,
      subject: previous?.subject ?? subject,
      ...((event.claimId ?? previous?.claimId) ? { claimId: event.claimId ?? previous?.claimId } : {}),
      level,
      levelName: deadline.levelName,
      category: analysis.category,
      documentId: doc?.documentId ?? null,
      dueAt: deadline.dueAt,
      createdAt: at,
      eventId,
      reason: analysis.reason,
    };
    const findings: Finding[] = untimely
      ? [
          ...c.findings,
          {
            severity: 'error',
            code: 'APPEAL_UNTIMELY',
            message: `The ${deadline.levelName} deadline (${deadline.dueAt}) has passed; the letter asks for a good-cause extension.`,
          },
        ]
      : c.findings;
    const status = analysis.remedy === 'none' ? c.status : 'APPEAL_READY';
    return {
      next: {
        ...c,
        status,
        updatedAt: at,
        appeals: [...c.appeals, appeal],
        documents: doc ? [...c.documents, doc] : c.documents,
        deadlines: { ...c.deadlines, appealDueAt: deadline.dueAt },
        findings,
        pendingRemedyEventId: null,
        flags: [],
      },
      history: [
        {
          at,
          status,
          source: 'workflow',
          eventId,
          event:
            analysis.remedy === 'appeal'
              ? 'appeal.ready'
              : analysis.remedy === 'corrected_claim'
                ? 'corrected_claim.ready'
                : 'appeal.not_recommended',
          detail: `${analysis.category}: ${analysis.reason}; level ${level} (${deadline.levelName}) due ${deadline.dueAt}${doc ? `; document ${doc.documentId}` : ''}`,
        },
      ],
      puts: doc ? [documentMetaItem({ ...doc, caseId, s3Key })] : [],
    };
  });
  return { caseId, eventId, appealId: ids.appealId };
}

/** The ICD-10-CM codes and ranges of a labeled indication, as the denial analysis reads them. */
function indicationCodes(indicationId: string | null): string[] | undefined {
  const indication = indicationId ? findIndication(indicationId) : undefined;
  return indication?.diagnosisCodes.map((span) => ('code' in span ? span.code : `${span.from}-${span.to}`));
}

function appealAnswered(record: CaseRecord, appealId: string | undefined): Appeal | undefined {
  const appeals = record.appeals.filter((a) => a.remedy === 'appeal');
  return appeals.find((a) => a.appealId === appealId) ?? appeals.at(-1);
}

/** An upheld appeal is answered with the reasons of the denial it appealed. */
function reasonsOf(record: CaseRecord, appeal: Appeal) {
  return record.decision?.reasons.length
    ? record.decision.reasons
    : [{ system: 'CARC' as const, code: '50', eventId: appeal.eventId }];
}

async function recordNoFurtherLevel(
  caseId: string,
  eventId: string,
  previous: Appeal | undefined,
  now: Date,
): Promise<void> {
  await updateCase(caseId, (c) => {
    if (c.pendingRemedyEventId !== eventId) return null;
    const at = now.toISOString();
    return {
      next: { ...c, pendingRemedyEventId: null, updatedAt: at },
      history: [
        {
          at,
          status: c.status,
          source: 'workflow',
          eventId,
          event: 'appeal.no_further_level',
          detail: `appeal ${previous?.appealId ?? ''} upheld at level ${previous?.level ?? '?'}: no further level is configured for ${c.payer.planType}`,
        },
      ],
    };
  });
}
