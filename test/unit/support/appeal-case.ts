/**
 * Hand-built case facts for the appeal, denial and scrub tests: the example request (PACIFIC,
 * meets_label, 1500 mg q4w x13, 3 x 500 mg vials, 150 units/administration, JZ, 1950 units)
 * with its assessment and billing, and builders for variants.
 */

import type { Assessment, Billing, PlanType, Reason } from '#core/model.ts';
import { appealDeadline } from '#core/remedies/appeal-deadlines.ts';
import type { AppealInput } from '#core/remedies/compose-appeal.ts';
import { analyseDenial, type DenialInput } from '#core/remedies/denials.ts';
import { ClaimInput, type ClaimInputRaw } from '#schemas/claim.ts';
import claimJson from '#schemas/examples/claim.json' with { type: 'json' };
import requestJson from '#schemas/examples/prior-auth-request.json' with { type: 'json' };
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';

export const request = PriorAuthRequest.parse(requestJson);

export const pacificAssessment: Assessment = {
  verdict: 'meets_label',
  indication: 'NSCLC_STAGE3_UNRESECTABLE_PACIFIC',
  indicationTitle:
    'Unresectable stage III non-small cell lung cancer after concurrent platinum-based chemoradiation',
  trial: 'PACIFIC (NCT02125461)',
  labelSummary:
    'Single agent; adults with unresectable Stage III NSCLC whose disease has not progressed following concurrent platinum-based chemotherapy and radiation therapy.',
  labelSource: 'IMFINZI PI Table 1 (prescriberpoint.com, 2026-01-02)',
  criteria: [
    {
      id: 'histology',
      description: 'Non-small cell lung cancer',
      met: true,
      evidence: 'diagnosis.histology = adenocarcinoma',
    },
    {
      id: 'stage',
      description: 'Stage III, unresectable',
      met: true,
      evidence: 'diagnosis.stage = IIIB; resectable = false',
    },
    {
      id: 'prior_crt',
      description: 'No progression after concurrent platinum-based chemoradiation',
      met: true,
      evidence: 'cisplatin/etoposide with 60 Gy, 2026-06-01 to 2026-07-13; response stable disease',
    },
  ],
  supportingEvidence: null,
};

export const alkPositiveAegean: Assessment = {
  verdict: 'not_supported',
  indication: 'NSCLC_RESECTABLE_PERIOP_AEGEAN',
  indicationTitle: 'Resectable NSCLC, perioperative (AEGEAN)',
  trial: 'AEGEAN (NCT03800134)',
  labelSummary: 'Resectable NSCLC without known EGFR mutations or ALK rearrangements.',
  labelSource: 'IMFINZI PI',
  criteria: [
    { id: 'resectable', description: 'Resectable tumor', met: true, evidence: 'diagnosis.resectable = true' },
    {
      id: 'alk',
      description: 'No known ALK rearrangement',
      met: false,
      evidence: 'biomarkers.ALK = positive',
    },
  ],
};

export const compendiaAssessment: Assessment = {
  verdict: 'compendia_supported',
  indication: null,
  indicationTitle: 'Non-muscle-invasive bladder cancer with BCG',
  trial: null,
  labelSummary: null,
  labelSource: null,
  criteria: [],
  supportingEvidence: 'NCCN Bladder Cancer category 2A, version 2026.3 (2026-09-01)',
};

export const pacificBilling: Billing = {
  hcpcs: 'J9173',
  unitMg: 10,
  dosePerAdministrationMg: 1500,
  unitsPerAdministration: 150,
  vials: [{ ndc11: '00310-4611-50', strengthMg: 500, count: 3 }],
  discardedMg: 0,
  discardedUnits: 0,
  wasteModifier: 'JZ',
  administrationsRequested: 13,
  unitsRequested: 1950,
  labeledDose: '1500 mg every 4 weeks',
};

/** 75 kg at 10 mg/kg = 750 mg: 7 x 120 mg vials, 75 units + JW 9. */
export const weightBasedBilling: Billing = {
  ...pacificBilling,
  labeledDose: undefined,
  dosePerAdministrationMg: 750,
  unitsPerAdministration: 75,
  vials: [{ ndc11: '00310-4500-12', strengthMg: 120, count: 7 }],
  discardedMg: 90,
  discardedUnits: 9,
  wasteModifier: 'JW',
  administrationsRequested: 26,
  unitsRequested: 1950,
};

/** A CARC reason, with its group code when given ("CO", "PR", "OA"). */
export const carc = (code: string, group?: string): Reason => ({
  system: 'CARC',
  code,
  ...(group ? { group } : {}),
});
export const rarc = (code: string): Reason => ({ system: 'RARC', code });

export const authorization = {
  number: 'PA-55120',
  approvedUnits: 1950,
  validFrom: '2026-08-01',
  validTo: '2027-07-31',
};

export function claim(overrides: Partial<ClaimInputRaw> = {}): ClaimInput {
  return ClaimInput.parse({ ...claimJson, payerClaimNumber: 'ICN-26250-0042', ...overrides });
}

/** The fixture claim with its drug line replaced. */
export function claimWithDrugLine(
  line: Partial<ClaimInputRaw['lines'][number]>,
  extra: Partial<ClaimInputRaw> = {},
) {
  const [drug, admin] = claimJson.lines as ClaimInputRaw['lines'];
  return claim({ ...extra, lines: [{ ...drug!, ...line }, ...(extra.lines ?? [admin!])] });
}

export function denialInput(overrides: Partial<DenialInput> = {}): DenialInput {
  return {
    subject: 'prior_auth',
    reasons: [{ system: 'CARC', code: '50' }],
    note: 'Documentation does not establish that disease has not progressed after chemoradiation.',
    assessment: pacificAssessment,
    billing: pacificBilling,
    findings: [],
    caseDiagnosisCodes: ['C34.12'],
    ...overrides,
  };
}

const PAYER_NAMES: Record<PlanType, string> = {
  medicare: 'Demo Medicare Part B (MAC)',
  medicare_advantage: 'Demo Medicare Advantage Plan',
  commercial: 'Demo Commercial Health',
  medicaid: 'Demo State Medicaid',
};

export function appealInput(
  overrides: Partial<DenialInput> & {
    planType?: PlanType;
    level?: number;
    untimely?: { goodCause: string };
  } = {},
): AppealInput {
  const { planType = 'medicare_advantage', level = 1, untimely, ...denial } = overrides;
  const input = denialInput(denial);
  const analysis = analyseDenial(input);
  const reasons: Reason[] = input.reasons;
  const deadline = appealDeadline({ planType, level, subject: input.subject, noticeDate: '2026-11-20' });
  return {
    caseId: 'case-01JD0000000000000000000000',
    appealId: 'apl-01JD0000000000000000000001',
    request,
    assessment: input.assessment,
    billing: input.billing,
    findings: input.findings,
    payer: { id: `demo-${planType.replace('_', '-')}`, name: PAYER_NAMES[planType], planType },
    decision: {
      reasons,
      note: input.note,
      payerReference: 'ACME-PA-7781',
      authorizationNumber: input.authorization?.number ?? null,
      approvedUnits: input.authorization?.approvedUnits ?? null,
      validFrom: input.authorization?.validFrom ?? null,
      validTo: input.authorization?.validTo ?? null,
      decidedAt: '2026-11-20T15:04:05Z',
    },
    analysis,
    level,
    deadline,
    subject: input.subject,
    ...(input.claim ? { claim: input.claim } : {}),
    createdAt: new Date('2026-11-21T09:00:00Z'),
    ...(untimely ? { untimely } : {}),
  };
}

/** The document's blocks as plain text, one block a line, for assertions on what the letter says. */
export function flattenBlocks(spec: { blocks: import('#core/documents/document-model.ts').Block[] }): string {
  return spec.blocks
    .map((b) => {
      switch (b.kind) {
        case 'heading':
        case 'paragraph':
          return b.text;
        case 'list':
          return b.items.map((i) => `- ${i}`).join('\n');
        case 'table':
          return [b.header, ...b.rows].map((r) => r.join(' | ')).join('\n');
        case 'keyValue':
          return b.rows.map(([k, v]) => `${k}: ${v}`).join('\n');
        case 'signature':
          return b.lines.join('\n');
        default:
          return '';
      }
    })
    .join('\n');
}

/** The denial of the claim above, with its authorization: what most claim-denial tests answer. */
export const onClaim = { subject: 'claim' as const, claim: claim(), authorization };
