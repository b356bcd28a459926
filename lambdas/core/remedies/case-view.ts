/**
 * The case's facts as the letter templates read them: patient, provider, dose and billing lines,
 * the claim, the diagnosis, the history, the assessment and its criteria. Pure views of the
 * request, the billing and the claim; appeal-view.ts assembles them into the letter's view.
 */
import type { ClaimInput, ClaimLine } from '#schemas/claim.ts';
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { accountWaste, billingUnits, formatVials, leastWasteVials } from '../billing/billing.ts';
import { DURVALUMAB } from '../billing/coding.ts';
import { readableEvidence } from '../clinical/evidence-text.ts';
import type { Assessment, Billing } from '../model.ts';

const VERDICT_TEXT: Record<Assessment['verdict'], string> = {
  meets_label: 'FDA-labeled indication',
  compendia_supported: 'Medically accepted off-label indication (compendium-supported)',
  not_supported: 'Not supported',
  insufficient_information: 'Documentation incomplete',
};

const MET_TEXT = (met: boolean | null) =>
  met === true ? 'Met' : met === false ? 'Not met' : 'Not documented';

export function patientView(request: PriorAuthRequest) {
  return {
    name: `${request.patient.givenName} ${request.patient.familyName}`,
    birthDate: request.patient.birthDate,
    memberId: request.coverage.memberId,
    groupNumber: request.coverage.groupNumber ?? null,
    planName: request.coverage.planName ?? null,
    weightKg: request.patient.weightKg,
  };
}

export function providerView(request: PriorAuthRequest) {
  const contact = request.provider.contact;
  return {
    name: request.provider.name,
    npi: request.provider.npi,
    tin: request.provider.tin ?? null,
    siteOfCare: request.provider.siteOfCare,
    siteOfCareJustification: request.provider.siteOfCareJustification?.trim() || null,
    specialty: request.provider.specialty ?? null,
    contactName: contact?.name ?? null,
    phone: contact?.phone ?? null,
    fax: contact?.fax ?? null,
  };
}

/** The dose, units, vials and lines per administration: the case's billing, else computed from the plan. */
export function doseView(request: PriorAuthRequest, billing: Billing | null) {
  const dose = request.treatmentPlan.dose;
  const weight = request.patient.weightKg;
  const doseMg = billing?.dosePerAdministrationMg ?? ('mg' in dose ? dose.mg : dose.mgPerKg * weight);
  const doseText =
    'mg' in dose
      ? `${dose.mg.toLocaleString('en-US')} mg fixed dose`
      : `${dose.mgPerKg} mg/kg x ${weight} kg = ${doseMg.toLocaleString('en-US')} mg`;
  const vials = billing?.vials ?? leastWasteVials(doseMg).vials;
  const openedMg = vials.reduce((s, v) => s + v.count * v.strengthMg, 0);
  const units = billing?.unitsPerAdministration ?? billingUnits(doseMg);
  const discardedUnits = billing?.discardedUnits ?? accountWaste(doseMg, openedMg).discardedUnits;
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
      text: formatVials({ vials: [v] }),
    })),
    vialsText: formatVials({ vials }),
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

export function claimView(claim: ClaimInput | undefined) {
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

export function lineView(l: ClaimLine, n: number) {
  return {
    n,
    hcpcs: l.hcpcs,
    modifiers: l.modifiers.join(' ') || '-',
    units: l.units,
    ndc11: l.ndc11 ?? '-',
    ndcQuantity: l.ndcQuantity !== undefined ? `${l.ndcQuantity} ${l.ndcUnit ?? ''}`.trim() : '-',
  };
}

export function indicationView(assessment: Assessment | null) {
  if (!assessment) return null;
  return {
    id: assessment.indication,
    title: assessment.indicationTitle ?? assessment.indication,
    trial: assessment.trial ?? null,
    labelSummary: assessment.labelSummary ?? null,
    labelSource: assessment.labelSource ?? null,
    verdict: assessment.verdict,
    verdictText: VERDICT_TEXT[assessment.verdict],
    onLabel: assessment.verdict === 'meets_label',
    supportingEvidence: assessment.supportingEvidence ?? null,
  };
}

export function criteriaView(assessment: Assessment | null) {
  return (assessment?.criteria ?? []).map((c) => ({
    description: c.description,
    met: MET_TEXT(c.met),
    evidence: readableEvidence(c.evidence),
  }));
}

export function compendiaView(request: PriorAuthRequest) {
  return request.treatmentPlan.supportingEvidence.map((e) =>
    e.type === 'compendium'
      ? {
          text: `${e.source} category ${e.category}${e.version ? `, version ${e.version}` : ''}${e.date ? ` (${e.date})` : ''}${e.citation ? `: ${e.citation}` : ''}`,
        }
      : { text: `Peer-reviewed literature: ${e.citation}` },
  );
}

export function diagnosisView(request: PriorAuthRequest) {
  const d = request.diagnosis;
  return {
    icd10: d.icd10.join(', '),
    primarySite: d.primarySite,
    histology: d.histology,
    stage: d.stage,
    diagnosisDate: d.diagnosisDate ?? null,
    ecog: d.ecog ?? null,
    biomarkers: Object.entries(d.biomarkers ?? {}).map(([name, value]) => ({
      name: name === 'PDL1_TPS' ? 'PD-L1 TPS' : name,
      value: name === 'PDL1_TPS' ? `${value}%` : String(value),
    })),
  };
}

export function historyView(request: PriorAuthRequest) {
  return request.oncologicHistory.map((h) => ({
    therapy: h.therapy,
    agents: h.agents.join(', ') || '-',
    radiation: h.radiationGy !== undefined ? `${h.radiationGy} Gy` : '-',
    dates: [h.startDate, h.endDate].filter(Boolean).join(' to ') || '-',
    response: h.response ? h.response.replaceAll('_', ' ') : '-',
  }));
}
