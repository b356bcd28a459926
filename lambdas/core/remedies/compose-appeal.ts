/**
 * The appeal letter and the corrected-claim instruction, as DocumentSpecs: the case's facts
 * gathered into one view, rendered through the editable templates (templates/appeal/<category>,
 * templates/corrected-claim). Pure: no clock, no I/O; the same input gives the same document.
 */
import type { ClaimInput, ClaimLine } from '#schemas/claim.ts';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import {
  administeredUnits,
  DURVALUMAB,
  describeHcpcs,
  documentedDoseMg,
  durvalumabLines,
  expectedDiscardedUnits,
  isDurvalumabNdc,
  leastWasteVialCombination,
} from '../billing/claim-scrub.ts';
import { readableEvidence } from '../clinical/evidence-text.ts';
import type { DocumentSpec, EmbeddedFile } from '../documents/document-model.ts';
import { formatLetterDate, type TemplateSet } from '../documents/templates.ts';
import { ValidationError } from '../errors.ts';
import type { Assessment, Billing, Finding, PlanType, Reason } from '../model.ts';
import type { AppealDeadline } from './appeal-deadlines.ts';
import { type DenialAnalysis, denialCategoryRule } from './denials.ts';

export interface AppealInput {
  caseId: string;
  appealId: string;
  request: PriorAuthRequest;
  assessment: Assessment | null;
  billing: Billing | null;
  findings: Finding[];
  payer: { id: string; name: string; planType: PlanType };
  decision: {
    reasons: Reason[];
    note: string | null;
    payerReference: string | null;
    authorizationNumber: string | null;
    decidedAt: string;
    approvedUnits?: number | null;
    validFrom?: string | null;
    validTo?: string | null;
  };
  analysis: DenialAnalysis;
  level: number;
  deadline: AppealDeadline;
  subject: 'prior_auth' | 'claim';
  claim?: ClaimInput;
  /** The document's date (the letter is dated this day). */
  createdAt: Date;
  untimely?: { goodCause: string };
}

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
  const view = appealView(input);
  const blocks = templates.render(rule.template, view);
  const title = `Request for ${input.deadline.levelName}: durvalumab (IMFINZI), HCPCS ${DURVALUMAB.hcpcs}`;
  return {
    title,
    subject: `${rule.title} denial ${input.decision.payerReference ?? input.claim?.claimId ?? input.caseId}: ${input.deadline.levelName}`,
    author: input.request.provider.name,
    keywords: keywords(input, templates, 'appeal'),
    createdAt: input.createdAt,
    letterhead: letterhead(input.request),
    blocks,
    footer: `Case ${input.caseId} · Appeal ${input.appealId} · ${input.payer.name}`,
    attachments: [caseFacts(input, templates, 'appeal')],
  };
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
  const blocks = templates.render(CORRECTED_CLAIM_TEMPLATE, view);
  return {
    title: `Corrected claim instruction: claim ${input.claim.claimId}, durvalumab (HCPCS ${DURVALUMAB.hcpcs})`,
    subject: `Corrected claim (frequency code ${input.analysis.noAppealRights ? '1' : '7'}) for claim ${input.claim.claimId}`,
    author: input.request.provider.name,
    keywords: keywords(input, templates, 'corrected_claim'),
    createdAt: input.createdAt,
    letterhead: letterhead(input.request),
    blocks,
    footer: `Case ${input.caseId} · Remedy ${input.appealId} · ${input.payer.name}`,
    attachments: [caseFacts(input, templates, 'corrected_claim')],
  };
}

function keywords(input: AppealInput, templates: TemplateSet, kind: string): string[] {
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
  const contact = [p.contact?.phone && `Phone ${p.contact.phone}`, p.contact?.fax && `Fax ${p.contact.fax}`]
    .filter(Boolean)
    .join(' · ');
  return {
    name: p.name,
    lines: [[`NPI ${p.npi}`, p.tin && `TIN ${p.tin}`].filter(Boolean).join(' · '), contact].filter(
      (l): l is string => Boolean(l),
    ),
  };
}

export function reasonLabel(reason: Reason): string {
  if (reason.system === 'CARC') return `CARC ${reason.group ? `${reason.group}-` : ''}${reason.code}`;
  return `${reason.system} ${reason.code}`;
}

const PLAN_NAMES: Record<PlanType, string> = {
  medicare: 'Original Medicare',
  medicare_advantage: 'Medicare Advantage',
  medicaid: 'Medicaid',
  commercial: 'Commercial',
};

const VERDICT_TEXT: Record<Assessment['verdict'], string> = {
  meets_label: 'FDA-labeled indication',
  compendia_supported: 'Medically accepted off-label indication (compendium-supported)',
  not_supported: 'Not supported',
  insufficient_information: 'Documentation incomplete',
};

const MET_TEXT = (met: boolean | null) =>
  met === true ? 'Met' : met === false ? 'Not met' : 'Not documented';

function doseView(request: PriorAuthRequest, billing: Billing | null) {
  const dose = request.treatmentPlan.dose;
  const weight = request.patient.weightKg;
  const doseMg = billing?.dosePerAdministrationMg ?? ('mg' in dose ? dose.mg : dose.mgPerKg * weight);
  const doseText =
    'mg' in dose
      ? `${dose.mg.toLocaleString('en-US')} mg fixed dose`
      : `${dose.mgPerKg} mg/kg x ${weight} kg = ${doseMg.toLocaleString('en-US')} mg`;
  const vials = billing?.vials ?? leastWasteVialCombination(doseMg).vials;
  const openedMg = vials.reduce((s, v) => s + v.count * v.strengthMg, 0);
  const units = billing?.unitsPerAdministration ?? administeredUnits(doseMg);
  const discardedUnits =
    billing?.discardedUnits ?? Math.max(0, Math.floor(openedMg / DURVALUMAB.unitMg) - units);
  const modifier = billing?.wasteModifier ?? (discardedUnits > 0 ? 'JW' : 'JZ');
  const lines =
    modifier === 'JZ'
      ? [`${DURVALUMAB.hcpcs}-JZ x ${units} units`]
      : [`${DURVALUMAB.hcpcs} x ${units} units`, `${DURVALUMAB.hcpcs}-JW x ${discardedUnits} units`];
  return {
    doseMg,
    doseText,
    mgPerKg: 'mgPerKg' in dose ? dose.mgPerKg : null,
    weightKg: weight,
    weightDate: request.patient.weightDate ?? null,
    unitMg: DURVALUMAB.unitMg,
    units,
    unitsFormula: DURVALUMAB.unitsFormula,
    roundingRule: DURVALUMAB.roundingRule,
    vialSelectionRule: DURVALUMAB.vialSelectionRule,
    vials: vials.map((v) => ({
      count: v.count,
      strengthMg: v.strengthMg,
      ndc11: v.ndc11,
      text: `${v.count} x ${v.strengthMg} mg (NDC ${v.ndc11})`,
    })),
    vialsText: vials.map((v) => `${v.count} x ${v.strengthMg} mg (NDC ${v.ndc11})`).join(' + '),
    openedMg,
    discardedMg: openedMg - doseMg,
    discardedUnits,
    wasteModifier: modifier,
    jw: modifier === 'JW',
    lines,
    linesText: lines.join('; '),
    labeledDose: billing?.labeledDose ?? null,
    intervalWeeks: request.treatmentPlan.intervalWeeks,
    administrations: billing?.administrationsRequested ?? request.treatmentPlan.administrations,
    unitsRequested: billing?.unitsRequested ?? units * request.treatmentPlan.administrations,
    discardedUnitsRequested: billing?.discardedUnitsRequested ?? null,
  };
}

function claimView(claim: ClaimInput | undefined) {
  if (!claim) return null;
  return {
    claimId: claim.claimId,
    payerClaimNumber: claim.payerClaimNumber ?? null,
    originalClaimNumber: claim.payerClaimNumber ?? claim.claimId,
    serviceDate: claim.serviceDate,
    placeOfService: claim.placeOfService ?? null,
    authorizationNumber: claim.authorizationNumber ?? null,
    diagnosisCodes: claim.diagnosisCodes.join(', '),
    administeredMg: claim.administeredMg ?? null,
    discardedMg: claim.discardedMg ?? null,
    frequencyCode: claim.frequencyCode,
    lines: claim.lines.map((l, i) => lineView(l, i + 1)),
  };
}

function lineView(l: ClaimLine, n: number) {
  return {
    n,
    hcpcs: l.hcpcs,
    modifiers: l.modifiers.join(' ') || '-',
    units: l.units,
    ndc11: l.ndc11 ?? '-',
    ndcQuantity: l.ndcQuantity !== undefined ? `${l.ndcQuantity} ${l.ndcUnit ?? ''}`.trim() : '-',
  };
}

/** The claim's lines as they should be billed: J9173, the dose's units, JZ or a JW line, a durvalumab NDC. */
export function correctedLines(claim: ClaimInput, billing: Billing | null) {
  const drug = durvalumabLines(claim);
  const doseMg = documentedDoseMg(claim, billing);
  const least = doseMg !== null ? leastWasteVialCombination(doseMg) : null;
  const vialNdc = billing?.vials[0]?.ndc11 ?? least?.vials[0]?.ndc11 ?? DURVALUMAB.vials[0]?.ndc11 ?? '';
  const waste = doseMg !== null ? expectedDiscardedUnits(claim, doseMg) : null;
  const out: ClaimLine[] = [];
  const firstAdmin = drug.administered[0]?.index;
  claim.lines.forEach((line, index) => {
    const isWaste = drug.waste.some((w) => w.index === index);
    const isAdmin = drug.administered.some((a) => a.index === index);
    if (!isWaste && !isAdmin) {
      out.push(line);
      return;
    }
    if (isAdmin && index !== firstAdmin) return;
    if (isWaste && waste !== null && (waste === 0 || claim.discardedMg !== undefined)) {
      if (waste > 0) out.push({ ...fixDrug(line, vialNdc), modifiers: ['JW'], units: waste });
      return;
    }
    if (isWaste) {
      out.push(fixDrug(line, vialNdc));
      return;
    }
    const others = line.modifiers.filter((m) => m !== 'JW' && m !== 'JZ');
    out.push({
      ...fixDrug(line, vialNdc),
      units: doseMg !== null ? administeredUnits(doseMg) : line.units,
      modifiers: waste === 0 ? [...others, 'JZ'] : others,
    });
    if (waste !== null && waste > 0 && drug.waste.length === 0) {
      out.push({ hcpcs: DURVALUMAB.hcpcs, modifiers: ['JW'], units: waste, ndc11: vialNdc });
    }
  });
  return out.map((l, i) => lineView(l, i + 1));
}

function fixDrug(line: ClaimLine, vialNdc: string): ClaimLine {
  const ndcOk = line.ndc11 !== undefined && isDurvalumabNdc(line.ndc11);
  return {
    ...line,
    hcpcs: DURVALUMAB.hcpcs,
    ndc11: ndcOk ? line.ndc11 : vialNdc,
    ...(ndcOk ? {} : { ndcQuantity: undefined, ndcUnit: undefined }),
  };
}

function enclosures(input: AppealInput): string[] {
  const { analysis, request, assessment, decision } = input;
  const out: string[] = [
    `Denial notice dated ${formatLetterDate(decision.decidedAt)}${decision.payerReference ? ` (reference ${decision.payerReference})` : ''}`,
  ];
  if (input.subject === 'claim' && input.claim) {
    out.push(`Claim ${input.claim.claimId} and its remittance advice`);
  }
  out.push('Letter of medical necessity and prior-authorization packet for this case');
  for (const a of request.attachments) out.push(a.title);
  if (assessment?.labelSummary)
    out.push('IMFINZI (durvalumab) prescribing information: indications and dosage sections');
  for (const e of request.treatmentPlan.supportingEvidence) {
    out.push(
      e.type === 'compendium'
        ? `${e.source} compendium listing, category ${e.category}${e.version ? `, version ${e.version}` : ''}${e.citation ? `: ${e.citation}` : ''}`
        : `Peer-reviewed publication: ${e.citation}`,
    );
  }
  const cat = analysis.category;
  if (cat === 'dosage_units' || cat === 'modifier' || cat === 'authorization_exceeded' || cat === 'coding') {
    out.push('Medication administration record (dose, vials, NDC and lot numbers) and drug waste log');
  }
  if ((cat === 'authorization_absent' || cat === 'authorization_exceeded') && decision.authorizationNumber) {
    out.push(`Authorization approval ${decision.authorizationNumber}`);
  }
  if (cat === 'timely_filing')
    out.push('Clearinghouse acceptance reports (999/277CA) for the original submission');
  if (input.payer.planType === 'medicare' || input.payer.planType === 'medicare_advantage') {
    out.push(
      "Appointment of representative form, where the plan requires one for a provider appeal on the patient's behalf",
    );
  }
  return out;
}

function appealView(input: AppealInput) {
  const { request, assessment, billing, analysis, deadline, decision } = input;
  const rule = denialCategoryRule(analysis.category);
  const plan = request.treatmentPlan;
  const dose = doseView(request, billing);
  const contact = request.provider.contact;
  const isClaim = input.subject === 'claim';
  const authorization =
    decision.authorizationNumber || decision.approvedUnits != null
      ? {
          number: decision.authorizationNumber ?? null,
          approvedUnits: decision.approvedUnits ?? null,
          validFrom: decision.validFrom ?? null,
          validTo: decision.validTo ?? null,
        }
      : null;
  const reasonCodes = decision.reasons.map(reasonLabel).join(', ');
  const datesOfService =
    isClaim && input.claim
      ? input.claim.serviceDate
      : `${plan.administrations} administrations every ${plan.intervalWeeks} weeks from ${formatLetterDate(plan.startDate)}`;
  const remedyAsked = isClaim
    ? rule.remedyAsked
    : analysis.category === 'medical_necessity' || analysis.category === 'experimental_off_label'
      ? `overturn the denial and authorize durvalumab (${DURVALUMAB.hcpcs}) ${dose.doseText} every ${plan.intervalWeeks} weeks, ${dose.administrations} administrations (${dose.unitsRequested.toLocaleString('en-US')} units) from ${formatLetterDate(plan.startDate)}`
      : rule.remedyAsked;

  return {
    caseId: input.caseId,
    appealId: input.appealId,
    letterDate: input.createdAt.toISOString().slice(0, 10),
    payer: {
      id: input.payer.id,
      name: input.payer.name,
      planType: input.payer.planType,
      planTypeName: PLAN_NAMES[input.payer.planType],
      isMedicare: input.payer.planType === 'medicare' || input.payer.planType === 'medicare_advantage',
      isCommercial: input.payer.planType === 'commercial',
    },
    patient: {
      name: `${request.patient.givenName} ${request.patient.familyName}`,
      birthDate: request.patient.birthDate,
      memberId: request.coverage.memberId,
      groupNumber: request.coverage.groupNumber ?? null,
      planName: request.coverage.planName ?? null,
      weightKg: request.patient.weightKg,
    },
    provider: {
      name: request.provider.name,
      npi: request.provider.npi,
      tin: request.provider.tin ?? null,
      siteOfCare: request.provider.siteOfCare,
      specialty: request.provider.specialty ?? null,
      contactName: contact?.name ?? null,
      phone: contact?.phone ?? null,
      fax: contact?.fax ?? null,
    },
    subject: input.subject,
    isClaim,
    isPriorAuth: !isClaim,
    subjectText: isClaim ? 'claim' : 'prior-authorization request',
    decision: {
      noticeDate: decision.decidedAt.slice(0, 10),
      payerReference: decision.payerReference,
      authorizationNumber: decision.authorizationNumber,
      note: decision.note,
      reasonCodes,
    },
    claim: claimView(input.claim),
    service: {
      drug: 'durvalumab (IMFINZI)',
      hcpcs: DURVALUMAB.hcpcs,
      hcpcsDescriptor: `Injection, durvalumab, ${DURVALUMAB.unitMg} mg`,
      ndcs: dose.vials.map((v) => v.ndc11).join(', '),
      datesOfService,
      startDate: plan.startDate,
      regimen: plan.regimen,
      combination: plan.combination.join(', ') || null,
    },
    level: {
      number: input.level,
      name: deadline.levelName,
      reviewer: deadline.reviewer,
      legalBasis: deadline.legalBasis,
      decisionTime: deadline.decisionTime,
    },
    deadline: {
      dueDate: deadline.dueDate,
      noticeDate: deadline.noticeDate,
      receivedDate: deadline.receivedDate,
      fromReceipt: deadline.countsFrom === 'receipt',
      windowDays: deadline.windowDays,
      windowVerified:
        !deadline.unverifiedParts.includes('window') && !deadline.unverifiedParts.includes('state_rules'),
    },
    untimely: input.untimely ? { goodCause: input.untimely.goodCause } : null,
    analysis: {
      category: analysis.category,
      categoryTitle: rule.title,
      reason: analysis.reason,
      remedy: analysis.remedy,
      remedyAsked,
      noAppealRights: analysis.noAppealRights,
      frequencyCode: analysis.noAppealRights ? '1' : '7',
    },
    rebuttals: analysis.rebuttals.map((r, i) => ({
      n: i + 1,
      code: reasonLabel(r.reason),
      description: r.description,
      answer: readableEvidence(r.answer),
      evidence: r.evidence.map(readableEvidence),
    })),
    corrections: analysis.corrections,
    indication: assessment
      ? {
          id: assessment.indication,
          title: assessment.indicationTitle ?? assessment.indication,
          trial: assessment.trial ?? null,
          labelSummary: assessment.labelSummary ?? null,
          labelSource: assessment.labelSource ?? null,
          verdict: assessment.verdict,
          verdictText: VERDICT_TEXT[assessment.verdict],
          onLabel: assessment.verdict === 'meets_label',
          supportingEvidence: assessment.supportingEvidence ?? null,
        }
      : null,
    criteria: (assessment?.criteria ?? []).map((c) => ({
      description: c.description,
      met: MET_TEXT(c.met),
      evidence: readableEvidence(c.evidence),
    })),
    compendia: plan.supportingEvidence.map((e) =>
      e.type === 'compendium'
        ? {
            text: `${e.source} category ${e.category}${e.version ? `, version ${e.version}` : ''}${e.date ? ` (${e.date})` : ''}${e.citation ? `: ${e.citation}` : ''}`,
          }
        : { text: `Peer-reviewed literature: ${e.citation}` },
    ),
    diagnosis: {
      icd10: request.diagnosis.icd10.join(', '),
      primarySite: request.diagnosis.primarySite,
      histology: request.diagnosis.histology,
      stage: request.diagnosis.stage,
      diagnosisDate: request.diagnosis.diagnosisDate ?? null,
      ecog: request.diagnosis.ecog ?? null,
      biomarkers: Object.entries(request.diagnosis.biomarkers ?? {}).map(([name, value]) => ({
        name: name === 'PDL1_TPS' ? 'PD-L1 TPS' : name,
        value: name === 'PDL1_TPS' ? `${value}%` : String(value),
      })),
    },
    history: request.oncologicHistory.map((h) => ({
      therapy: h.therapy,
      agents: h.agents.join(', ') || '-',
      radiation: h.radiationGy !== undefined ? `${h.radiationGy} Gy` : '-',
      dates: [h.startDate, h.endDate].filter(Boolean).join(' to ') || '-',
      response: h.response ? h.response.replaceAll('_', ' ') : '-',
    })),
    dose,
    hcpcsFacts: {
      durvalumab: `${DURVALUMAB.hcpcs} (Injection, durvalumab, ${DURVALUMAB.unitMg} mg)`,
      confused: input.claim
        ? [
            ...new Set(input.claim.lines.map((l) => l.hcpcs).filter((c) => c in DURVALUMAB.confusedCodes)),
          ].map(describeHcpcs)
        : [],
    },
    authorization,
    enclosures: enclosures(input),
    signature: [
      contact?.name ?? 'Reimbursement specialist',
      `for ${request.provider.name}`,
      `NPI ${request.provider.npi}`,
      [contact?.phone && `Phone ${contact.phone}`, contact?.fax && `Fax ${contact.fax}`]
        .filter(Boolean)
        .join(' · '),
    ].filter((l) => l.length > 0),
  };
}

/** The case's facts as JSON inside the PDF: ids, codes, units and dates; no names, birth dates or member ids. */
function caseFacts(
  input: AppealInput,
  templates: TemplateSet,
  kind: 'appeal' | 'corrected_claim',
): EmbeddedFile {
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
