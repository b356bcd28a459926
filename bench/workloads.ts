/**
 * The documents and assessments the bench measures, built as the use cases build them
 * (lambdas/use-cases/assemble-packet.ts, compose-remedy.ts) from the shared fixtures: the
 * example request sent to the manual commercial payer, its packet with the request's attachment,
 * and the appeal of a CARC 50 / N386 denial with the packet as its enclosure.
 */
import { renderPdf } from '#adapters/pdf/render.ts';
import { loadTemplates } from '#adapters/templates.ts';
import { assessRequest } from '#core/clinical/assess-request.ts';
import type { DocumentSpec } from '#core/documents/document-model.ts';
import type { TemplateSet } from '#core/documents/templates.ts';
import type { PlanType } from '#core/model.ts';
import { composePacketLetter } from '#core/packet/letter.ts';
import { composeAppeal, composeCorrectedClaim } from '#core/remedies/compose-appeal.ts';
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { appealInput, authorization, claim, claimWithDrugLine } from '../test/unit/support/appeal-case.ts';
import { benchRequest } from './http.ts';

export const templates: TemplateSet = loadTemplates();

/** The request as the domain takes it (attachments apart) and its attachments' PDF bytes. */
export function parsedRequest(planType?: PlanType) {
  const raw = benchRequest();
  if (planType) raw.coverage.planType = planType;
  const request = PriorAuthRequest.parse(raw);
  const attachments = request.attachments.map((a) => ({
    title: a.title,
    pdf: new Uint8Array(Buffer.from(String((a as { data?: string }).data ?? ''), 'base64')),
  }));
  return { request: { ...request, attachments: [] } as PriorAuthRequest, attachments };
}

export function assessOnce(request: PriorAuthRequest) {
  return assessRequest(request, { planType: request.coverage.planType });
}

/** The packet of a case: assessment, billing and letter, with the request's attachments. */
export function packetSpec(caseId: string, planType?: PlanType): DocumentSpec {
  const { request, attachments } = parsedRequest(planType);
  const { assessment, billing, findings } = assessOnce(request);
  return composePacketLetter(
    {
      caseId,
      request,
      assessment,
      billing,
      findings,
      payer: {
        id: request.coverage.payerId,
        name: 'Manual Commercial Plan',
        planType: request.coverage.planType,
      },
      createdAt: new Date('2026-11-01T09:00:00Z'),
      attachments,
    },
    templates,
  );
}

/** The appeals a denial produces: the CARC 50 / N386 appeal with the packet enclosed, and variants. */
export function appealSpecs(packetPdf: Uint8Array): Array<{ name: string; spec: DocumentSpec }> {
  return APPEAL_VARIANTS.map((name, i) => ({ name, spec: appealSpec(packetPdf, i) }));
}

export const APPEAL_VARIANTS = [
  'medical necessity (commercial), packet enclosed',
  'medical necessity (Medicare Advantage), packet enclosed',
  'claim units (Medicare)',
  'corrected claim (J9376 billed)',
] as const;

/** One appeal variant (index into APPEAL_VARIANTS), composed as ComposeRemedy composes it. */
export function appealSpec(packetPdf: Uint8Array, variant: number): DocumentSpec {
  const withPacket = (spec: DocumentSpec): DocumentSpec => ({
    ...spec,
    enclosures: [
      ...(spec.enclosures ?? []),
      { title: 'Original prior-authorization packet', pdf: packetPdf },
    ],
  });
  switch (variant % APPEAL_VARIANTS.length) {
    case 0:
      return withPacket(
        composeAppeal(
          appealInput({
            planType: 'commercial',
            reasons: [
              { system: 'CARC', code: '50' },
              { system: 'RARC', code: 'N386' },
            ],
          }),
          templates,
        ),
      );
    case 1:
      return withPacket(composeAppeal(appealInput({ planType: 'medicare_advantage' }), templates));
    case 2:
      return composeAppeal(
        appealInput({
          planType: 'medicare',
          subject: 'claim',
          claim: claim(),
          authorization,
          reasons: [{ system: 'CARC', code: '153', group: 'CO' }],
          note: 'Units billed exceed the expected dosage.',
        }),
        templates,
      );
    default:
      return composeCorrectedClaim(
        appealInput({
          planType: 'commercial',
          subject: 'claim',
          claim: claimWithDrugLine(
            { hcpcs: 'J9376', units: 1500, modifiers: [] },
            { authorizationNumber: null },
          ),
          authorization,
          reasons: [
            { system: 'CARC', code: '16', group: 'CO' },
            { system: 'RARC', code: 'N657' },
          ],
          note: 'Procedure code inconsistent with the NDC billed.',
        }),
        templates,
      );
  }
}

/** The denial's appeal exactly as the e2e floor renders it (the first of appealSpecs). */
export function e2eAppealSpec(packetPdf: Uint8Array): DocumentSpec {
  return appealSpec(packetPdf, 0);
}

export { renderPdf };
