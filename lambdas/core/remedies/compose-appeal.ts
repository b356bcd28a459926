/**
 * The appeal letter and the corrected-claim instruction, as DocumentSpecs: the case's facts
 * gathered into one view (appeal-view.ts), rendered through the editable templates
 * (templates/appeal/<category>, templates/corrected-claim). Pure: no clock, no I/O; the same
 * input gives the same document.
 */
import type { ClaimInput } from '#schemas/claim.ts';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { DURVALUMAB } from '../billing/coding.ts';
import type { DocumentSpec, EmbeddedFile } from '../documents/document-model.ts';
import type { TemplateSet } from '../documents/templates.ts';
import { ValidationError } from '../errors.ts';
import type { Billing } from '../model.ts';
import { payerFacingBlocks } from '../packet/letter-text.ts';
import { type AppealInput, appealView, contactLine, reasonLabel } from './appeal-view.ts';
import { lineView } from './case-view.ts';
import { correctedClaimLines } from './claim-corrections.ts';
import { denialCategoryRule } from './denial-codes.ts';

export { type AppealInput, reasonLabel } from './appeal-view.ts';

export type CorrectedClaimInput = AppealInput;

export const CORRECTED_CLAIM_TEMPLATE = 'corrected-claim';

/** The appeal letter for a denial whose remedy is an appeal. */
export function composeAppeal(input: AppealInput, templates: TemplateSet): DocumentSpec {
  if (input.analysis.remedy !== 'appeal') {
    throw new ValidationError(
      `appeal ${input.appealId}: the denial's remedy is ${input.analysis.remedy}, not an appeal letter`,
      [{ path: 'analysis.remedy', message: 'must be appeal' }],
    );
  }
  const rule = denialCategoryRule(input.analysis.category);
  return remedyDocument(input, templates, 'appeal', {
    title: `Request for ${input.deadline.levelName}: durvalumab (IMFINZI), HCPCS ${DURVALUMAB.hcpcs}`,
    subject: `${rule.title} denial ${input.decision.payerReference ?? input.claim?.claimId ?? input.caseId}: ${input.deadline.levelName}`,
    blocks: templates.render(rule.template, appealView(input)),
    footer: `Case ${input.caseId} · Appeal ${input.appealId} · ${input.payer.name}`,
  });
}

/** The corrected-claim instruction for a denial an appeal cannot fix. */
export function composeCorrectedClaim(input: CorrectedClaimInput, templates: TemplateSet): DocumentSpec {
  if (input.analysis.remedy !== 'corrected_claim') {
    throw new ValidationError(
      `appeal ${input.appealId}: the denial's remedy is ${input.analysis.remedy}, not a corrected claim`,
      [{ path: 'analysis.remedy', message: 'must be corrected_claim' }],
    );
  }
  if (!input.claim) {
    throw new ValidationError(`appeal ${input.appealId}: a corrected claim needs the denied claim`, [
      { path: 'claim', message: 'required for a corrected claim' },
    ]);
  }
  const view = { ...appealView(input), correctedLines: correctedLines(input.claim, input.billing) };
  return remedyDocument(input, templates, 'corrected_claim', {
    title: `Corrected claim instruction: claim ${input.claim.claimId}, durvalumab (HCPCS ${DURVALUMAB.hcpcs})`,
    subject: `Corrected claim (frequency code ${input.analysis.noAppealRights ? '1' : '7'}) for claim ${input.claim.claimId}`,
    blocks: templates.render(CORRECTED_CLAIM_TEMPLATE, view),
    footer: `Case ${input.caseId} · Remedy ${input.appealId} · ${input.payer.name}`,
  });
}

type RemedyKind = 'appeal' | 'corrected_claim';

/** The document of either remedy: its own title, subject, blocks and footer; the same author, letterhead, keywords and embedded facts. */
function remedyDocument(
  input: AppealInput,
  templates: TemplateSet,
  kind: RemedyKind,
  own: Pick<DocumentSpec, 'title' | 'subject' | 'blocks' | 'footer'>,
): DocumentSpec {
  return {
    title: own.title,
    subject: own.subject,
    author: input.request.provider.name,
    keywords: keywords(input, templates, kind),
    createdAt: input.createdAt,
    letterhead: letterhead(input.request),
    blocks: payerFacingBlocks(own.blocks),
    footer: own.footer,
    ...(kind === 'appeal' && input.enclosures?.length ? { enclosures: input.enclosures } : {}),
    attachments: [caseFacts(input, templates, kind)],
  };
}

/** The claim's lines as they should be billed, as the corrected-claim template shows them. */
export function correctedLines(claim: ClaimInput, billing: Billing | null) {
  return correctedClaimLines(claim, billing).map((l, i) => lineView(l, i + 1));
}

function keywords(input: AppealInput, templates: TemplateSet, kind: RemedyKind): string[] {
  return [
    kind,
    input.analysis.category,
    DURVALUMAB.hcpcs,
    'durvalumab',
    ...input.decision.reasons.map(reasonLabel),
    `template:${templates.version.slice(0, 16)}`,
  ];
}

function letterhead(request: PriorAuthRequest): DocumentSpec['letterhead'] {
  const p = request.provider;
  return {
    name: p.name,
    lines: [
      [`NPI ${p.npi}`, p.tin && `TIN ${p.tin}`].filter(Boolean).join(' · '),
      contactLine(request),
    ].filter((l): l is string => Boolean(l)),
  };
}

/** The case's facts as JSON inside the PDF: ids, codes, units and dates; no names, birth dates or member ids. */
function caseFacts(input: AppealInput, templates: TemplateSet, kind: RemedyKind): EmbeddedFile {
  const facts = {
    kind,
    caseId: input.caseId,
    appealId: input.appealId,
    payerId: input.payer.id,
    planType: input.payer.planType,
    subject: input.subject,
    level: input.level,
    levelName: input.deadline.levelName,
    dueAt: input.deadline.dueAt,
    deadlineUnverified: input.deadline.unverified,
    untimely: Boolean(input.untimely),
    category: input.analysis.category,
    remedy: input.analysis.remedy,
    reasons: input.decision.reasons,
    payerReference: input.decision.payerReference,
    indication: input.assessment?.indication ?? null,
    verdict: input.assessment?.verdict ?? null,
    billing: input.billing
      ? {
          hcpcs: input.billing.hcpcs,
          unitsPerAdministration: input.billing.unitsPerAdministration,
          vials: input.billing.vials,
          wasteModifier: input.billing.wasteModifier,
          discardedUnits: input.billing.discardedUnits,
          administrationsRequested: input.billing.administrationsRequested,
          unitsRequested: input.billing.unitsRequested,
        }
      : null,
    claim: input.claim
      ? {
          claimId: input.claim.claimId,
          serviceDate: input.claim.serviceDate,
          lines: input.claim.lines.map((l) => ({
            hcpcs: l.hcpcs,
            modifiers: l.modifiers,
            units: l.units,
            ndc11: l.ndc11 ?? null,
          })),
        }
      : null,
    corrections: input.analysis.corrections,
    templateVersion: templates.version,
  };
  return {
    name: `case-facts-${input.appealId}.json`,
    mimeType: 'application/json',
    description: 'Case facts: ids, codes, units and dates',
    content: new TextEncoder().encode(`${JSON.stringify(facts, null, 2)}\n`),
  };
}
