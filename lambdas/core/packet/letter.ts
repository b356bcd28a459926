/**
 * The prior-authorization packet letter: a letter of medical necessity (regulation.md (d),
 * "LMN / PA packet") composed as a DocumentSpec from what the request, the assessment and the
 * billing computation carry. It states no clinical fact of its own: every value comes from the
 * input or from the reference data (with its source). The attached clinical documents follow the
 * letter as enclosures, and the case facts ride along as an embedded JSON file.
 */

import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { readableEvidence } from '../clinical/evidence-text.ts';
import type { Block, DocumentSpec } from '../documents/document-model.ts';
import type { Assessment, Billing, Criterion, Finding, FindingCode, PlanType } from '../model.ts';
import durvalumab from '../reference/durvalumab.json' with { type: 'json' };

export interface PacketInput {
  caseId: string;
  request: PriorAuthRequest;
  assessment: Assessment;
  billing: Billing;
  findings: Finding[];
  payer: { id: string; name: string; planType: PlanType };
  createdAt: Date;
  attachments: Array<{ title: string; pdf: Uint8Array }>;
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
]);

const PLAN_TYPE_LABEL: Record<PlanType, string> = {
  medicare: 'Original Medicare',
  medicare_advantage: 'Medicare Advantage',
  medicaid: 'Medicaid',
  commercial: 'Commercial',
};

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

interface IndicationReference {
  id: string;
  sources?: string[];
  conditions?: { max_duration?: string | null };
}

/** The label's duration limit for an indication, with where it comes from (durvalumab.json). */
export function labelDurationLimit(
  indicationId: string | null,
): { text: string; source: string | null } | null {
  if (!indicationId) return null;
  const indication = (durvalumab.indications as IndicationReference[]).find((i) => i.id === indicationId);
  const text = indication?.conditions?.max_duration;
  if (!indication || !text || text === 'None') return null;
  // Prefer the prescribing information among the indication's sources.
  const sources = indication.sources ?? [];
  return { text, source: sources.find((s) => /\bPI\b/.test(s)) ?? sources[0] ?? null };
}

function ndcDescription(ndc11: string): string | null {
  const vial = durvalumab.ndcs.find((n) => n.ndc11 === ndc11);
  return vial ? `${vial.strength} ${vial.container}` : null;
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

function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function humanize(value: string): string {
  const text = value.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

function criterionStatus(criterion: Criterion): string {
  if (criterion.met === true) return 'Met';
  if (criterion.met === false) return '**Not met**';
  return 'Not documented';
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
// Sections
// ---------------------------------------------------------------------------------------------

function referenceBlock(input: PacketInput): Block {
  const { request, payer, caseId, billing } = input;
  const coverage = request.coverage;
  const rows: Array<[string, string]> = [
    ['Request', `Prior authorization of ${DRUG}, HCPCS ${billing.hcpcs}`],
    ['Review requested', request.priority === 'expedited' ? '**Expedited (urgent)**' : 'Standard'],
    ['Patient', patientName(request)],
    ['Date of birth', usDate(request.patient.birthDate)],
    ['Sex', humanize(request.patient.sex)],
    ['Member ID', coverage.memberId],
    [
      'Health plan',
      [payer.name, coverage.planName, PLAN_TYPE_LABEL[coverage.planType]].filter(Boolean).join(', '),
    ],
  ];
  if (coverage.groupNumber) rows.push(['Group number', coverage.groupNumber]);
  rows.push(['Patient account', request.patient.id], ['Our reference', caseId]);
  return { kind: 'keyValue', rows };
}

function openingBlocks(input: PacketInput): Block[] {
  const { request, assessment, billing } = input;
  const dx = request.diagnosis;
  const blocks: Block[] = [
    { kind: 'paragraph', text: 'Dear Medical Director or Clinical Reviewer:' },
    {
      kind: 'paragraph',
      text:
        `I am writing on behalf of my patient, ${patientName(request)}, to request prior authorization of ` +
        `**${DRUG}, HCPCS ${billing.hcpcs}**, for ${dx.histology} of the ${dx.primarySite}, AJCC stage ${dx.stage} ` +
        `(ICD-10-CM ${dx.icd10.join(', ')}). The treatment plan is ${plural(billing.administrationsRequested, 'administration')} ` +
        `every ${plural(request.treatmentPlan.intervalWeeks, 'week')} starting ${usDate(request.treatmentPlan.startDate)}, ` +
        `for a total of **${count(billing.unitsRequested)} billing units**.`,
    },
  ];
  const indication = assessment.indicationTitle ?? assessment.indication;
  if (assessment.verdict === 'meets_label' && indication) {
    blocks.push({
      kind: 'paragraph',
      text:
        `This is an FDA-approved indication of durvalumab: **${indication}**` +
        (assessment.trial ? ` (${assessment.trial})` : '') +
        '. The clinical facts below document each element of the labeled indication, and the billing ' +
        'section shows how the requested units follow from the prescribed dose.',
    });
  } else if (assessment.verdict === 'compendia_supported') {
    blocks.push({
      kind: 'paragraph',
      text:
        'This use is supported as a medically accepted indication by the compendium citation in this letter ' +
        '(Social Security Act section 1861(t)(2); Medicare Benefit Policy Manual, Pub. 100-02, chapter 15, ' +
        'section 50.4.5). The clinical facts and the citation follow.',
    });
  }
  if (request.priority === 'expedited') blocks.push(...urgencyBlocks(input));
  return blocks;
}

function urgencyBlocks(input: PacketInput): Block[] {
  const { request } = input;
  const reason = request.urgencyReason?.trim();
  const text = reason
    ? `**Expedited review requested.** As the ordering physician, I certify that applying the standard review time frame could seriously jeopardize my patient's life, health or ability to regain maximum function: ${reason}`
    : '**Expedited review requested.** As the ordering physician, I request an expedited determination of this request.';
  const blocks: Block[] = [{ kind: 'paragraph', text }];
  // Plan-type rules from regulation.md (b).
  if (input.payer.planType === 'medicare_advantage') {
    blocks.push({
      kind: 'paragraph',
      text: 'A physician’s request for an expedited determination must be expedited by a Medicare Advantage plan.',
    });
  } else if (input.payer.planType === 'commercial') {
    blocks.push({
      kind: 'paragraph',
      text: 'Under 29 CFR 2560.503-1(m)(1), the plan defers to the treating physician’s certification that this is an urgent care claim.',
    });
  }
  return blocks;
}

function providerBlocks(input: PacketInput): Block[] {
  const { provider } = input.request;
  const rows: Array<[string, string]> = [
    ['Ordering provider', provider.name],
    ['NPI', provider.npi],
  ];
  if (provider.specialty) rows.push(['Specialty', provider.specialty]);
  if (provider.tin) rows.push(['TIN', provider.tin]);
  rows.push(['Site of care', SITE_OF_CARE_LABEL[provider.siteOfCare] ?? humanize(provider.siteOfCare)]);
  const contact = provider.contact;
  if (contact?.name) rows.push(['Contact', contact.name]);
  if (contact?.phone) rows.push(['Phone', contact.phone]);
  if (contact?.fax) rows.push(['Fax', contact.fax]);
  return [
    { kind: 'heading', level: 2, text: 'Ordering provider and site of care' },
    { kind: 'keyValue', rows },
  ];
}

function diagnosisBlocks(input: PacketInput): Block[] {
  const dx = input.request.diagnosis;
  const rows: Array<[string, string]> = [
    ['ICD-10-CM', dx.icd10.join(', ')],
    ['Primary site', humanize(dx.primarySite)],
    ['Histology', humanize(dx.histology)],
    ['AJCC stage', dx.stage],
  ];
  if (dx.diagnosisDate) rows.push(['Date of diagnosis', usDate(dx.diagnosisDate)]);
  if (dx.resectable !== undefined)
    rows.push(['Resectability', dx.resectable ? 'Resectable' : 'Unresectable']);
  if (dx.tumorSizeCm !== undefined) rows.push(['Tumor size', `${dx.tumorSizeCm} cm`]);
  if (dx.nodalStatus) rows.push(['Nodal status', dx.nodalStatus]);
  if (dx.cisplatinEligible !== undefined) {
    rows.push([
      'Cisplatin eligibility',
      dx.cisplatinEligible ? 'Cisplatin-eligible' : 'Cisplatin-ineligible',
    ]);
  }
  if (dx.ecog !== undefined) rows.push(['ECOG performance status', String(dx.ecog)]);
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'Diagnosis' },
    { kind: 'keyValue', rows },
  ];
  const markers = Object.entries(dx.biomarkers ?? {}).filter(
    (entry): entry is [string, string | number] => entry[1] !== undefined,
  );
  if (markers.length > 0) {
    blocks.push(
      { kind: 'heading', level: 3, text: 'Biomarkers' },
      {
        kind: 'table',
        header: ['Biomarker', 'Result'],
        rows: markers.map(([key, value]) => [BIOMARKER_LABEL[key] ?? key, biomarkerValue(key, value)]),
        widths: [3, 2],
      },
    );
  }
  return blocks;
}

function historyBlocks(input: PacketInput): Block[] {
  const history = input.request.oncologicHistory;
  if (history.length === 0) return [];
  const rows = history.map((entry) => {
    const dates = [entry.startDate, entry.endDate]
      .filter((d): d is string => Boolean(d))
      .map(usDate)
      .join(' to ');
    const details = [
      entry.setting ? humanize(entry.setting) : null,
      entry.radiationGy !== undefined ? `Radiation ${entry.radiationGy} Gy` : null,
      entry.cycles !== undefined ? plural(entry.cycles, 'cycle') : null,
    ].filter(Boolean);
    const outcome = [
      entry.response ? humanize(entry.response) : null,
      entry.progressionDate ? `Progression ${usDate(entry.progressionDate)}` : null,
    ].filter(Boolean);
    return [
      humanize(entry.therapy),
      entry.agents.join(', ') || '-',
      dates || 'Not stated',
      details.join('; ') || '-',
      outcome.join('; ') || 'Not stated',
    ];
  });
  return [
    { kind: 'heading', level: 2, text: 'Oncologic history' },
    {
      kind: 'table',
      header: ['Therapy', 'Agents', 'Dates', 'Details', 'Response'],
      rows,
      widths: [22, 20, 22, 18, 18],
    },
  ];
}

function treatmentBlocks(input: PacketInput): Block[] {
  const { request, billing } = input;
  const plan = request.treatmentPlan;
  const patient = request.patient;
  const dose =
    'mg' in plan.dose
      ? `${count(plan.dose.mg)} mg flat dose per administration`
      : `${plan.dose.mgPerKg} mg/kg (weight-based) = ${count(billing.dosePerAdministrationMg)} mg per administration at ${patient.weightKg} kg`;
  const ndcs = billing.vials.map((v) => {
    const description = ndcDescription(v.ndc11);
    return `${v.ndc11}${description ? ` (${description})` : ` (${v.strengthMg} mg)`}`;
  });
  const lastAdministration = addDays(plan.startDate, (plan.administrations - 1) * plan.intervalWeeks * 7);
  const rows: Array<[string, string]> = [
    ['Drug', `${DRUG}, HCPCS ${drugLine(billing)}`],
    ['NDC', [...new Set(ndcs)].join('; ') || 'Not stated'],
    ['Regimen', humanize(plan.regimen) + (plan.phase ? ` (${plan.phase})` : '')],
    ['Dose', dose],
    [
      'Patient weight',
      `${patient.weightKg} kg${patient.weightDate ? `, weighed ${usDate(patient.weightDate)}` : ''}`,
    ],
    ['Route', `Intravenous infusion (${durvalumab.general_dosing_rules.infusion})`],
    ['Frequency', `Every ${plural(plan.intervalWeeks, 'week')}`],
    ['Administrations', count(plan.administrations)],
    ['Planned start', usDate(plan.startDate)],
    ['Last planned administration', usDate(lastAdministration)],
    [
      'Combination partners',
      plan.combination.length > 0 ? plan.combination.join(', ') : 'None (single agent)',
    ],
  ];
  if (billing.labeledDose) rows.splice(4, 0, ['Labeled dose', billing.labeledDose]);
  return [
    { kind: 'heading', level: 2, text: 'Requested treatment' },
    { kind: 'keyValue', rows },
  ];
}

function billingBlocks(input: PacketInput): Block[] {
  const { billing } = input;
  const ndc = billing.vials[0]?.ndc11 ?? '';
  const discardedTotal =
    billing.discardedUnitsRequested ?? billing.discardedUnits * billing.administrationsRequested;
  const rows: string[][] =
    billing.wasteModifier === 'JZ'
      ? [
          [
            `${billing.hcpcs}-JZ`,
            ndc,
            'Administered; no drug discarded',
            count(billing.unitsPerAdministration),
            count(billing.administrationsRequested),
            count(billing.unitsRequested),
          ],
        ]
      : [
          [
            billing.hcpcs,
            ndc,
            'Administered dose',
            count(billing.unitsPerAdministration),
            count(billing.administrationsRequested),
            count(billing.unitsRequested),
          ],
          [
            `${billing.hcpcs}-JW`,
            ndc,
            'Discarded from single-dose vials',
            count(billing.discardedUnits),
            count(billing.administrationsRequested),
            count(discardedTotal),
          ],
        ];
  const vials = billing.vials.map((v) => `${v.count} \u00d7 ${v.strengthMg} mg (NDC ${v.ndc11})`).join(' + ');
  const vialMg = billing.vials.reduce((sum, v) => sum + v.count * v.strengthMg, 0);
  const waste =
    billing.wasteModifier === 'JZ'
      ? `No drug is discarded (${count(billing.discardedMg)} mg), reported with modifier **JZ**.`
      : `${count(billing.discardedMg)} mg (${plural(billing.discardedUnits, 'unit')}) per administration is discarded ` +
        `from single-dose vials and reported on its own line with modifier **JW** ` +
        `(${plural(discardedTotal, 'unit')} over the request).`;
  return [
    { kind: 'heading', level: 2, text: 'Billing units requested' },
    {
      kind: 'table',
      header: [
        'HCPCS / modifier',
        'NDC (11-digit)',
        'Line',
        'Units per administration',
        'Administrations',
        'Units',
      ],
      rows,
      widths: [15, 17, 26, 16, 15, 11],
    },
    {
      kind: 'paragraph',
      text:
        `**Units:** ${count(billing.dosePerAdministrationMg)} mg per administration \u00f7 ${billing.unitMg} mg per unit = ` +
        `${plural(billing.unitsPerAdministration, 'unit')} per administration; ${count(billing.unitsPerAdministration)} \u00d7 ` +
        `${plural(billing.administrationsRequested, 'administration')} = **${plural(billing.unitsRequested, 'unit')}**.`,
    },
    {
      kind: 'paragraph',
      text: `**Vials per administration:** ${vials || 'not stated'}${vialMg > 0 ? ` = ${count(vialMg)} mg` : ''}. ${waste}`,
    },
  ];
}

function indicationBlocks(input: PacketInput): Block[] {
  const { assessment } = input;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Indication and label criteria' }];
  const rows: Array<[string, string]> = [];
  if (assessment.indicationTitle ?? assessment.indication) {
    rows.push(['Labeled indication', assessment.indicationTitle ?? assessment.indication ?? '']);
  }
  if (assessment.trial) rows.push(['Pivotal trial', assessment.trial]);
  if (assessment.labelSummary) rows.push(['Label wording', `“${assessment.labelSummary}”`]);
  if (assessment.labelSource) rows.push(['Label source', assessment.labelSource]);
  if (rows.length > 0) blocks.push({ kind: 'keyValue', rows });
  if (assessment.summary) blocks.push({ kind: 'paragraph', text: assessment.summary });
  if (assessment.criteria.length > 0) {
    blocks.push({
      kind: 'table',
      header: ['Criterion', 'Status', 'Evidence in the record'],
      rows: assessment.criteria.map((c) => [c.description, criterionStatus(c), readableEvidence(c.evidence)]),
      widths: [36, 13, 51],
    });
  }
  return blocks;
}

function compendiumBlocks(input: PacketInput): Block[] {
  const evidence = input.request.treatmentPlan.supportingEvidence;
  const summary = input.assessment.supportingEvidence;
  if (evidence.length === 0 && !summary) return [];
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Compendium and literature support' }];
  if (summary) blocks.push({ kind: 'paragraph', text: summary });
  if (evidence.length > 0) {
    blocks.push({
      kind: 'table',
      header: ['Source', 'Category / class', 'Version', 'Date', 'Citation'],
      rows: evidence.map((e) =>
        e.type === 'compendium'
          ? [e.source, e.category, e.version ?? '-', e.date ? usDate(e.date) : '-', e.citation ?? '-']
          : ['Peer-reviewed literature', '-', '-', '-', e.citation],
      ),
      widths: [16, 14, 11, 12, 47],
    });
  }
  return blocks;
}

function durationBlocks(input: PacketInput): Block[] {
  const plan = input.request.treatmentPlan;
  const weeks = plan.administrations * plan.intervalWeeks;
  const lastAdministration = addDays(plan.startDate, (plan.administrations - 1) * plan.intervalWeeks * 7);
  const limit = labelDurationLimit(input.assessment.indication);
  const text =
    `The plan covers ${plural(plan.administrations, 'administration')} every ${plural(plan.intervalWeeks, 'week')}, ` +
    `from ${usDate(plan.startDate)} to the last planned administration on ${usDate(lastAdministration)}: ` +
    `a treatment period of ${plural(weeks, 'week')}.` +
    (limit
      ? ` Label duration for this indication: ${lowerFirst(limit.text)}${limit.source ? ` (source: ${limit.source})` : ''}.`
      : '');
  const exceeded = input.findings.filter((f) => f.code === 'DURATION_EXCEEDS_LABEL');
  const verdict =
    limit && exceeded.length === 0 && input.assessment.verdict === 'meets_label'
      ? ' The planned course is within this limit.'
      : '';
  return [
    { kind: 'heading', level: 2, text: 'Treatment duration' },
    { kind: 'paragraph', text: text + verdict },
  ];
}

function disclosureBlocks(input: PacketInput): Block[] {
  const disclosed = input.findings.filter((f) => DISCLOSED_FINDING_CODES.has(f.code));
  if (disclosed.length === 0) return [];
  return [
    { kind: 'heading', level: 2, text: 'Points for the reviewer' },
    {
      kind: 'paragraph',
      text: 'For a complete review, we note the following about this request:',
    },
    { kind: 'list', ordered: false, items: disclosed.map((f) => f.message) },
  ];
}

function requestBlocks(input: PacketInput): Block[] {
  const { request, billing, attachments } = input;
  const plan = request.treatmentPlan;
  const lastAdministration = addDays(plan.startDate, (plan.administrations - 1) * plan.intervalWeeks * 7);
  const contact = request.provider.contact;
  const reach = [
    contact?.name,
    contact?.phone ? `phone ${contact.phone}` : null,
    contact?.fax ? `fax ${contact.fax}` : null,
  ].filter(Boolean);
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'Request' },
    {
      kind: 'paragraph',
      text:
        `I respectfully request authorization of **${DRUG}, HCPCS ${billing.hcpcs}, ${plural(billing.unitsRequested, 'unit')}** ` +
        `(${plural(billing.unitsPerAdministration, 'unit')} per administration \u00d7 ${plural(billing.administrationsRequested, 'administration')}` +
        `${billing.wasteModifier === 'JW' ? `, plus ${plural(billing.discardedUnitsRequested ?? billing.discardedUnits * billing.administrationsRequested, 'discarded unit')} on the JW line` : ''}) ` +
        `for dates of service ${usDate(plan.startDate)} through ${usDate(lastAdministration)}.`,
    },
    {
      kind: 'paragraph',
      text:
        'If any information is missing, please contact ' +
        (reach.length > 0 ? `our office (${reach.join(', ')})` : 'our office') +
        ' before issuing an adverse determination. I am available for a peer-to-peer review.',
    },
  ];
  if (attachments.length > 0) {
    blocks.push(
      { kind: 'heading', level: 3, text: 'Enclosures' },
      { kind: 'list', ordered: true, items: attachments.map((a) => a.title) },
    );
  }
  blocks.push({ kind: 'paragraph', text: 'Sincerely,' });
  blocks.push({
    kind: 'signature',
    lines: [
      request.provider.name,
      ...(request.provider.specialty ? [request.provider.specialty] : []),
      `NPI ${request.provider.npi}`,
      'Ordering physician signature and date',
    ],
  });
  return blocks;
}

/** The request without the attachments' base64 data, for the embedded case facts. */
function caseFacts(input: PacketInput): Uint8Array {
  const { request } = input;
  const facts = {
    caseId: input.caseId,
    createdAt: input.createdAt.toISOString(),
    payer: input.payer,
    request: {
      ...request,
      attachments: request.attachments.map(({ kind, title, contentType }) => ({ kind, title, contentType })),
    },
    assessment: input.assessment,
    billing: input.billing,
    findings: input.findings,
  };
  return new TextEncoder().encode(`${JSON.stringify(facts, null, 2)}\n`);
}

/** Composes the packet: the letter of medical necessity, its enclosures and the case facts. */
export function composePacketLetter(input: PacketInput): DocumentSpec {
  const { request, billing, caseId, payer } = input;
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

  const blocks: Block[] = [
    { kind: 'paragraph', text: usDateOf(input.createdAt) },
    {
      kind: 'paragraph',
      text: `${payer.name}\nUtilization Management, Prior Authorization`,
    },
    { kind: 'heading', level: 1, text: 'Letter of medical necessity and prior authorization request' },
    referenceBlock(input),
    ...openingBlocks(input),
    ...diagnosisBlocks(input),
    ...historyBlocks(input),
    ...treatmentBlocks(input),
    ...billingBlocks(input),
    ...indicationBlocks(input),
    ...compendiumBlocks(input),
    ...durationBlocks(input),
    ...disclosureBlocks(input),
    ...providerBlocks(input),
    ...requestBlocks(input),
  ];

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
    blocks,
    footer:
      `Patient: ${request.patient.familyName}, ${request.patient.givenName}  |  DOB ${usDate(request.patient.birthDate)}  |  ` +
      `Member ID ${request.coverage.memberId}  |  Case ${caseId}. Confidential: contains protected health information.`,
    enclosures: input.attachments.map((a) => ({ title: a.title, pdf: a.pdf })),
    attachments: [
      {
        name: `case-facts-${caseId}.json`,
        mimeType: 'application/json',
        description:
          'Case facts behind this packet: request (without attachment data), assessment, billing, findings',
        content: caseFacts(input),
      },
    ],
  };
}
