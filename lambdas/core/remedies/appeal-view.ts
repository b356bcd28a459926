/**
 * The view the appeal and corrected-claim templates render: the case's facts (case-view.ts),
 * the denial and its analysis, the appeal level and its deadline, the enclosures and signature.
 */
import type { ClaimInput } from '#schemas/claim.ts';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { DURVALUMAB, describeHcpcs } from '../billing/coding.ts';
import { readableEvidence } from '../clinical/evidence-text.ts';
import type { Enclosure } from '../documents/document-model.ts';
import { formatLetterDate } from '../documents/templates.ts';
import {
  type Assessment,
  type Billing,
  type Finding,
  PLAN_TYPE_LABELS,
  type PlanType,
  type Reason,
} from '../model.ts';
import { FDA_LABEL_CITATION } from '../reference/index.ts';
import type { AppealDeadline } from './appeal-deadlines.ts';
import {
  claimView,
  compendiaView,
  criteriaView,
  diagnosisView,
  doseView,
  historyView,
  indicationView,
  patientView,
  providerView,
} from './case-view.ts';
import { denialCategoryRule } from './denial-codes.ts';
import type { DenialAnalysis } from './denial-model.ts';

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
  /** The documents the letter's PDF carries after it (e.g. the original packet): its enclosure list is these. */
  enclosures?: Enclosure[];
}

const PLAN_NAMES = PLAN_TYPE_LABELS;

/** A denial code as the letter names it: "CARC CO-50", "RARC N386". */
export function reasonLabel(reason: Reason): string {
  if (reason.system === 'CARC') return `CARC ${reason.group ? `${reason.group}-` : ''}${reason.code}`;
  return `${reason.system} ${reason.code}`;
}

const isMedicare = (planType: PlanType) => planType === 'medicare' || planType === 'medicare_advantage';

export function appealView(input: AppealInput) {
  const { request, assessment, billing, analysis, decision } = input;
  const dose = doseView(request, billing);
  return {
    caseId: input.caseId,
    appealId: input.appealId,
    letterDate: input.createdAt.toISOString().slice(0, 10),
    payer: {
      id: input.payer.id,
      name: input.payer.name,
      planType: input.payer.planType,
      planTypeName: PLAN_NAMES[input.payer.planType],
      isMedicare: isMedicare(input.payer.planType),
      isCommercial: input.payer.planType === 'commercial',
    },
    patient: patientView(request),
    provider: providerView(request),
    subject: input.subject,
    isClaim: input.subject === 'claim',
    isPriorAuth: input.subject !== 'claim',
    subjectText: input.subject === 'claim' ? 'claim' : 'prior-authorization request',
    decision: {
      noticeDate: decision.decidedAt.slice(0, 10),
      payerReference: decision.payerReference,
      authorizationNumber: decision.authorizationNumber,
      note: decision.note,
      reasonCodes: decision.reasons.map(reasonLabel).join(', '),
    },
    claim: claimView(input.claim),
    service: serviceView(input, dose),
    level: levelView(input.level, input.deadline),
    deadline: deadlineView(input.deadline),
    untimely: input.untimely ? { goodCause: input.untimely.goodCause } : null,
    analysis: analysisView(input, dose),
    rebuttals: analysis.rebuttals.map((r, i) => ({
      n: i + 1,
      code: reasonLabel(r.reason),
      description: r.description,
      answer: readableEvidence(r.answer),
      evidence: r.evidence.map(readableEvidence),
    })),
    corrections: analysis.corrections,
    indication: labelCited(indicationView(assessment)),
    /** The source of the label facts the letter states (dose, vial strengths, indication). */
    labelCitation: FDA_LABEL_CITATION,
    criteria: criteriaView(assessment),
    compendia: compendiaView(request),
    diagnosis: diagnosisView(request),
    history: historyView(request),
    dose,
    hcpcsFacts: {
      durvalumab: `${DURVALUMAB.hcpcs} (Injection, durvalumab, ${DURVALUMAB.unitMg} mg)`,
      confused: input.claim
        ? [
            ...new Set(input.claim.lines.map((l) => l.hcpcs).filter((c) => c in DURVALUMAB.confusedCodes)),
          ].map(describeHcpcs)
        : [],
    },
    authorization: authorizationView(decision),
    documents: documentLists(input),
    signature: signature(request),
  };
}

type DoseView = ReturnType<typeof doseView>;

function serviceView(input: AppealInput, dose: DoseView) {
  const plan = input.request.treatmentPlan;
  return {
    drug: 'durvalumab (IMFINZI)',
    hcpcs: DURVALUMAB.hcpcs,
    hcpcsDescriptor: `Injection, durvalumab, ${DURVALUMAB.unitMg} mg`,
    ndcs: dose.vials.map((v) => v.ndc11).join(', '),
    datesOfService:
      input.subject === 'claim' && input.claim
        ? input.claim.serviceDate
        : `${plan.administrations} administrations every ${plan.intervalWeeks} weeks from ${formatLetterDate(plan.startDate)}`,
    startDate: plan.startDate,
    regimen: plan.regimen,
    combination: plan.combination.join(', ') || null,
  };
}

function levelView(level: number, deadline: AppealDeadline) {
  return {
    number: level,
    name: deadline.levelName,
    reviewer: deadline.reviewer,
    legalBasis: deadline.legalBasis,
    decisionTime: deadline.decisionTime,
  };
}

function deadlineView(deadline: AppealDeadline) {
  return {
    dueDate: deadline.dueDate,
    noticeDate: deadline.noticeDate,
    receivedDate: deadline.receivedDate,
    fromReceipt: deadline.countsFrom === 'receipt',
    windowDays: deadline.windowDays,
    windowVerified:
      !deadline.unverifiedParts.includes('window') && !deadline.unverifiedParts.includes('state_rules'),
  };
}

function analysisView(input: AppealInput, dose: DoseView) {
  const analysis: DenialAnalysis = input.analysis;
  const rule = denialCategoryRule(analysis.category);
  const plan = input.request.treatmentPlan;
  const clinical =
    analysis.category === 'medical_necessity' || analysis.category === 'experimental_off_label';
  const remedyAsked =
    input.subject !== 'claim' && clinical
      ? `overturn the denial and authorize durvalumab (${DURVALUMAB.hcpcs}) ${dose.doseText} every ${plan.intervalWeeks} weeks, ${dose.administrations} administrations (${dose.unitsRequested.toLocaleString('en-US')} units) from ${formatLetterDate(plan.startDate)}`
      : rule.remedyAsked;
  return {
    category: analysis.category,
    categoryTitle: rule.title,
    reason: analysis.reason,
    remedy: analysis.remedy,
    remedyAsked,
    noAppealRights: analysis.noAppealRights,
    frequencyCode: analysis.noAppealRights ? '1' : '7',
  };
}

function authorizationView(decision: AppealInput['decision']) {
  if (!decision.authorizationNumber && decision.approvedUnits == null) return null;
  return {
    number: decision.authorizationNumber ?? null,
    approvedUnits: decision.approvedUnits ?? null,
    validFrom: decision.validFrom ?? null,
    validTo: decision.validTo ?? null,
  };
}

/** The provider's phone and fax on one line: "Phone … · Fax …". */
export function contactLine(request: PriorAuthRequest): string {
  const contact = request.provider.contact;
  return [contact?.phone && `Phone ${contact.phone}`, contact?.fax && `Fax ${contact.fax}`]
    .filter(Boolean)
    .join(' · ');
}

function signature(request: PriorAuthRequest): string[] {
  return [
    request.provider.contact?.name ?? 'Reimbursement specialist',
    `for ${request.provider.name}`,
    `NPI ${request.provider.npi}`,
    contactLine(request),
  ].filter((l) => l.length > 0);
}

/** The indication as a letter states it: its label facts cite the FDA label, not the page read. */
function labelCited(indication: ReturnType<typeof indicationView>) {
  if (!indication) return null;
  const cited = indication.labelSummary || indication.labelSource;
  return { ...indication, labelSource: cited ? FDA_LABEL_CITATION : null };
}

const DOSE_CATEGORIES = new Set(['dosage_units', 'modifier', 'authorization_exceeded', 'coding']);
const AUTHORIZATION_CATEGORIES = new Set(['authorization_absent', 'authorization_exceeded']);

/**
 * What the letter says about documents, split as a reviewer needs it: what is in this PDF
 * (exactly the enclosures the document carries), what the payer already holds or can look up
 * (named, not enclosed), and what the practice keeps and sends on request. Nothing is listed as
 * enclosed that the PDF does not carry.
 */
function documentLists(input: AppealInput) {
  const { analysis, request, decision } = input;
  const enclosed = (input.enclosures ?? []).map((e) => e.title);
  const referenced: string[] = [
    `Denial notice dated ${formatLetterDate(decision.decidedAt)}${decision.payerReference ? ` (your reference ${decision.payerReference})` : ''}`,
  ];
  if (input.subject === 'claim' && input.claim)
    referenced.push(`Claim ${input.claim.claimId} and its remittance advice`);
  if (decision.authorizationNumber && AUTHORIZATION_CATEGORIES.has(analysis.category))
    referenced.push(`Authorization approval ${decision.authorizationNumber}`);
  if (input.assessment?.labelSummary && input.assessment.labelSource) referenced.push(FDA_LABEL_CITATION);
  for (const e of request.treatmentPlan.supportingEvidence) {
    referenced.push(
      e.type === 'compendium'
        ? `${e.source} compendium listing, category ${e.category}${e.version ? `, version ${e.version}` : ''}${e.citation ? `: ${e.citation}` : ''}`
        : `Peer-reviewed publication: ${e.citation}`,
    );
  }
  const onRequest: string[] = [];
  if (DOSE_CATEGORIES.has(analysis.category) || analysis.category === 'duplicate')
    onRequest.push('Medication administration record (dose, vials, NDC and lot numbers) and drug waste log');
  if (analysis.category === 'timely_filing')
    onRequest.push('Clearinghouse acceptance reports (999/277CA) for the original submission');
  if (isMedicare(input.payer.planType)) {
    onRequest.push(
      "Appointment of representative form, where the plan requires one for a provider appeal on the patient's behalf",
    );
  }
  return {
    enclosures: enclosed,
    referenced,
    onRequest,
    record: enclosed.length > 0 ? 'the enclosed record' : 'the record',
  };
}
