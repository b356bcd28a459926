/**
 * The prior-authorization packet letter: a letter of medical necessity (regulation.md (d),
 * "LMN / PA packet") composed as a DocumentSpec from what the request, the assessment and the
 * billing computation carry. It states no clinical fact of its own: every value comes from the
 * input or from the reference data (with its source). Its words are templates billing staff can
 * edit (templates/packet/letter-of-medical-necessity.md.hbs and partials/packet/*): this module
 * only builds the view those templates read (packetLetterView) and the document around it. The
 * attached clinical documents follow the letter as enclosures, and the case facts ride along as
 * an embedded JSON file.
 */

import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { readableEvidence } from '../clinical/evidence-text.ts';
import type { Continuation } from '../course/continuation.ts';
import type { DocumentSpec } from '../documents/document-model.ts';
import { groupThousands, type TemplateSet } from '../documents/templates.ts';
import {
  type Assessment,
  type Billing,
  type Finding,
  type FindingCode,
  PLAN_TYPE_LABELS,
  type PlanType,
} from '../model.ts';
import { BILLING_REFERENCE, FDA_LABEL_CITATION, INDICATIONS_REFERENCE } from '../reference/index.ts';
import { packetCaseFacts } from './case-facts.ts';
import { continuationView, siteOfCareView } from './course-sections.ts';
import { payerFacingBlocks } from './letter-text.ts';

export interface PacketInput {
  caseId: string;
  request: PriorAuthRequest;
  assessment: Assessment;
  billing: Billing;
  findings: Finding[];
  payer: { id: string; name: string; planType: PlanType };
  createdAt: Date;
  attachments: Array<{ title: string; pdf: Uint8Array }>;
  /** A continuation's course so far (its progress notes, earlier authorizations, administrations). */
  continuation?: Continuation;
}

/**
 * Findings a payer's reviewer should read in the letter: clinical points the request is open
 * about. Billing-scrub findings (codes, modifiers, auth numbers) are for the billing office and
 * are corrected before submission, not explained to the payer. Data, so a policy change is a
 * one-line edit.
 */
export const DISCLOSED_FINDING_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'DOSE_NOT_LABELED',
  'DURATION_EXCEEDS_LABEL',
  'CRITERION_NOT_MET',
  'POLICY_RISK',
  'OFF_LABEL_UNSUPPORTED',
  'DIAGNOSIS_NOT_COVERED',
  'WASTE_NOT_MINIMAL',
  'LINE_OF_THERAPY_NOT_LABELED',
  'PROGRESSION_ON_THERAPY',
]);

const SITE_OF_CARE_LABEL: Record<string, string> = {
  office: 'Physician office',
  hospital_outpatient: 'Hospital outpatient department',
  infusion_center: 'Infusion center',
  home: 'Home infusion',
};

const BIOMARKER_LABEL: Record<string, string> = {
  EGFR: 'EGFR mutation',
  ALK: 'ALK rearrangement',
  ROS1: 'ROS1 rearrangement',
  MMR: 'Mismatch repair (MMR) status',
  MSI: 'Microsatellite instability (MSI)',
  PDL1_TPS: 'PD-L1 tumor proportion score (TPS)',
};

const DRUG = 'durvalumab (IMFINZI)';

/**
 * The label's duration limit for an indication (indications.json), cited to the FDA label: the
 * mirror it was read through stays in the data, not in the letter.
 */
export function labelDurationLimit(
  indicationId: string | null,
): { text: string; source: string | null } | null {
  if (!indicationId) return null;
  const indication = INDICATIONS_REFERENCE.indications.find((i) => i.id === indicationId);
  const text = indication?.maxDuration.text;
  if (!indication || !text) return null;
  return { text, source: FDA_LABEL_CITATION };
}

function ndcDescription(ndc11: string): string | null {
  return BILLING_REFERENCE.vials.find((vial) => vial.ndc11 === ndc11)?.label ?? null;
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

/** 2026-08-10 -> 08/10/2026, the form payers' forms use. */
export function usDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return match ? `${match[2]}/${match[3]}/${match[1]}` : iso;
}

function usDateOf(date: Date): string {
  return usDate(date.toISOString());
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function humanize(value: string): string {
  const text = value.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${groupThousands(n)} ${n === 1 ? one : many}`;
}

function patientName(request: PriorAuthRequest): string {
  return `${request.patient.givenName} ${request.patient.familyName}`;
}

function biomarkerValue(key: string, value: string | number): string {
  if (key === 'PDL1_TPS') return `${value}%`;
  if (key === 'MMR')
    return value === 'dMMR' ? 'Deficient (dMMR)' : value === 'pMMR' ? 'Proficient (pMMR)' : String(value);
  return typeof value === 'string' ? humanize(value) : String(value);
}

function drugLine(billing: Billing): string {
  return billing.hcpcs === 'J9173'
    ? `J9173 (Injection, durvalumab, ${billing.unitMg} mg)`
    : `${billing.hcpcs} (billing unit ${billing.unitMg} mg)`;
}

// ---------------------------------------------------------------------------------------------
// The letter's view: the values its templates (templates/packet/, partials/packet/) put in words
// ---------------------------------------------------------------------------------------------

/** The template of the letter, under templates/. */
export const PACKET_LETTER_TEMPLATE = 'packet/letter-of-medical-necessity';

function discardedTotal(billing: Billing): number {
  return billing.discardedUnitsRequested ?? billing.discardedUnits * billing.administrationsRequested;
}

function lastAdministration(plan: PriorAuthRequest['treatmentPlan']): string {
  return addDays(plan.startDate, (plan.administrations - 1) * plan.intervalWeeks * 7);
}

function diagnosisView(dx: PriorAuthRequest['diagnosis']) {
  const markers = Object.entries(dx.biomarkers ?? {}).filter(
    (entry): entry is [string, string | number] => entry[1] !== undefined,
  );
  return {
    icd10: dx.icd10.join(', '),
    primarySite: dx.primarySite,
    primarySiteLabel: humanize(dx.primarySite),
    histology: dx.histology,
    histologyLabel: humanize(dx.histology),
    stage: dx.stage,
    date: dx.diagnosisDate ? usDate(dx.diagnosisDate) : null,
    resectable: dx.resectable ?? null,
    tumorSizeCm: dx.tumorSizeCm ?? null,
    nodalStatus: dx.nodalStatus ?? null,
    cisplatinEligible: dx.cisplatinEligible ?? null,
    ecog: dx.ecog ?? null,
    biomarkers: markers.map(([key, value]) => ({
      label: BIOMARKER_LABEL[key] ?? key,
      value: biomarkerValue(key, value),
    })),
  };
}

function historyView(history: PriorAuthRequest['oncologicHistory']) {
  return history.map((entry) => ({
    therapy: humanize(entry.therapy),
    agents: entry.agents.join(', '),
    dates: [entry.startDate, entry.endDate]
      .filter((d): d is string => Boolean(d))
      .map(usDate)
      .join(' to '),
    details: [
      entry.setting ? humanize(entry.setting) : null,
      entry.radiationGy !== undefined ? `Radiation ${entry.radiationGy} Gy` : null,
      entry.cycles !== undefined ? plural(entry.cycles, 'cycle') : null,
    ]
      .filter(Boolean)
      .join('; '),
    outcome: [
      entry.response ? humanize(entry.response) : null,
      entry.progressionDate ? `Progression ${usDate(entry.progressionDate)}` : null,
    ]
      .filter(Boolean)
      .join('; '),
  }));
}

function treatmentView(input: PacketInput) {
  const { request, billing } = input;
  const plan = request.treatmentPlan;
  const ndcs = billing.vials.map((v) => {
    const description = ndcDescription(v.ndc11);
    return `${v.ndc11}${description ? ` (${description})` : ` (${v.strengthMg} mg)`}`;
  });
  return {
    drugLine: drugLine(billing),
    ndcs: [...new Set(ndcs)].join('; '),
    regimen: humanize(plan.regimen),
    flatDoseMg: 'mg' in plan.dose ? plan.dose.mg : null,
    mgPerKg: 'mgPerKg' in plan.dose ? plan.dose.mgPerKg : null,
    infusion: INDICATIONS_REFERENCE.infusion.route,
  };
}

function indicationView(assessment: Assessment) {
  return {
    title: assessment.indicationTitle ?? assessment.indication ?? null,
    trial: assessment.trial ?? null,
    labelSummary: assessment.labelSummary ?? null,
    // Label facts cite the FDA label, not the page they were read from.
    labelSource: assessment.labelSummary || assessment.labelSource ? FDA_LABEL_CITATION : null,
    summary: assessment.summary ?? null,
    criteria: assessment.criteria.map((c) => ({
      description: c.description,
      met: c.met ?? null,
      evidence: readableEvidence(c.evidence),
    })),
  };
}

function compendiumView(input: PacketInput) {
  const evidence = input.request.treatmentPlan.supportingEvidence;
  const summary = input.assessment.supportingEvidence;
  if (evidence.length === 0 && !summary) return null;
  return {
    summary: summary ?? null,
    evidence: evidence.map((e) =>
      e.type === 'compendium'
        ? {
            type: e.type,
            source: e.source,
            category: e.category,
            version: e.version ?? '-',
            date: e.date ? usDate(e.date) : '-',
            citation: e.citation ?? '-',
          }
        : { type: e.type, citation: e.citation },
    ),
  };
}

function durationView(input: PacketInput) {
  const plan = input.request.treatmentPlan;
  const limit = labelDurationLimit(input.assessment.indication);
  const exceeded = input.findings.some((f) => f.code === 'DURATION_EXCEEDS_LABEL');
  return {
    weeks: plan.administrations * plan.intervalWeeks,
    limit: limit ? { text: lowerFirst(limit.text), source: limit.source } : null,
    withinLimit: Boolean(limit) && !exceeded && input.assessment.verdict === 'meets_label',
  };
}

function providerView(provider: PriorAuthRequest['provider']) {
  const contact = provider.contact;
  return {
    name: provider.name,
    npi: provider.npi,
    specialty: provider.specialty ?? null,
    tin: provider.tin ?? null,
    siteOfCare: SITE_OF_CARE_LABEL[provider.siteOfCare] ?? humanize(provider.siteOfCare),
    contactName: contact?.name ?? null,
    phone: contact?.phone ?? null,
    fax: contact?.fax ?? null,
    reach: [
      contact?.name,
      contact?.phone ? `phone ${contact.phone}` : null,
      contact?.fax ? `fax ${contact.fax}` : null,
    ]
      .filter(Boolean)
      .join(', '),
  };
}

/** What the letter's templates say, as values: pure, every fact from the input or the reference data. */
export function packetLetterView(input: PacketInput) {
  const { request, assessment, billing, payer } = input;
  const plan = request.treatmentPlan;
  const coverage = request.coverage;
  const indication = assessment.indicationTitle ?? assessment.indication;
  return {
    drug: DRUG,
    caseId: input.caseId,
    letterDate: usDateOf(input.createdAt),
    expedited: request.priority === 'expedited',
    urgencyReason: request.urgencyReason?.trim() || null,
    payer: {
      name: payer.name,
      isMedicareAdvantage: payer.planType === 'medicare_advantage',
      isCommercial: payer.planType === 'commercial',
    },
    patient: {
      name: patientName(request),
      birthDate: usDate(request.patient.birthDate),
      sex: humanize(request.patient.sex),
      account: request.patient.id,
      weightKg: request.patient.weightKg,
      weightDate: request.patient.weightDate ? usDate(request.patient.weightDate) : null,
    },
    coverage: {
      memberId: coverage.memberId,
      healthPlan: [payer.name, coverage.planName, PLAN_TYPE_LABELS[coverage.planType]]
        .filter(Boolean)
        .join(', '),
      groupNumber: coverage.groupNumber ?? null,
    },
    opening: {
      onLabel:
        assessment.verdict === 'meets_label' && indication
          ? { title: indication, trial: assessment.trial ?? null }
          : null,
      compendiaSupported: assessment.verdict === 'compendia_supported',
    },
    diagnosis: diagnosisView(request.diagnosis),
    history: historyView(request.oncologicHistory),
    plan: {
      startDate: usDate(plan.startDate),
      lastAdministration: usDate(lastAdministration(plan)),
      intervalWeeks: plan.intervalWeeks,
      administrations: plan.administrations,
      phase: plan.phase ?? null,
      combination: plan.combination.join(', '),
    },
    treatment: treatmentView(input),
    /** The source of the label facts the letter states (dose, vial strengths, indication). */
    labelCitation: FDA_LABEL_CITATION,
    billing: {
      ...billing,
      labeledDose: billing.labeledDose ?? null,
      jz: billing.wasteModifier === 'JZ',
      jw: billing.wasteModifier === 'JW',
      ndc: billing.vials[0]?.ndc11 ?? '',
      vialMg: billing.vials.reduce((sum, v) => sum + v.count * v.strengthMg, 0),
      discardedTotal: discardedTotal(billing),
    },
    indication: indicationView(assessment),
    compendium: compendiumView(input),
    duration: durationView(input),
    disclosures: input.findings.filter((f) => DISCLOSED_FINDING_CODES.has(f.code)).map((f) => f.message),
    provider: providerView(request.provider),
    siteOfCare: siteOfCareView(request, input.findings, providerView(request.provider).siteOfCare),
    continuation: continuationView(input.continuation),
    enclosures: input.attachments.map((a) => a.title),
  };
}

/** Composes the packet: the letter of medical necessity, its enclosures and the case facts. */
export function composePacketLetter(input: PacketInput, templates: TemplateSet): DocumentSpec {
  const { request, billing, caseId } = input;
  const view = packetLetterView(input);
  const provider = request.provider;
  const contact = provider.contact;
  const letterheadLines = [
    [`NPI ${provider.npi}`, provider.tin ? `TIN ${provider.tin}` : null, provider.specialty ?? null]
      .filter(Boolean)
      .join('  |  '),
    [
      contact?.name,
      contact?.phone ? `Phone ${contact.phone}` : null,
      contact?.fax ? `Fax ${contact.fax}` : null,
    ]
      .filter(Boolean)
      .join('  |  '),
  ].filter((line) => line.length > 0);

  return {
    title: `Prior authorization request: ${DRUG}, ${billing.hcpcs} (case ${caseId})`,
    subject: 'Letter of medical necessity and prior authorization request',
    author: provider.name,
    keywords: [
      'prior authorization',
      'letter of medical necessity',
      'durvalumab',
      'IMFINZI',
      billing.hcpcs,
      ...request.diagnosis.icd10,
      caseId,
    ],
    createdAt: input.createdAt,
    letterhead: { name: provider.name, lines: letterheadLines },
    blocks: payerFacingBlocks(templates.render(PACKET_LETTER_TEMPLATE, view)),
    footer:
      `Patient: ${request.patient.familyName}, ${request.patient.givenName}  |  DOB ${usDate(request.patient.birthDate)}  |  ` +
      `Member ID ${request.coverage.memberId}  |  Case ${caseId}. Confidential: contains protected health information.`,
    enclosures: input.attachments.map((a) => ({ title: a.title, pdf: a.pdf })),
    attachments: [
      {
        name: `case-facts-${caseId}.json`,
        mimeType: 'application/json',
        description:
          'Case facts behind this packet: request (without attachment data), indication, billing, disclosures',
        content: packetCaseFacts(input, view),
      },
    ],
  };
}
