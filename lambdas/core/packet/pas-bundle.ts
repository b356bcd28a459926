/**
 * The Da Vinci PAS request Bundle of a packet (FHIR R4, regulation.md (f)): a `collection`
 * Bundle whose first entry is the PAS Claim (use = preauthorization), followed by what the Claim
 * references: the beneficiary, the coverage, the insurer and the requestor, the conditions,
 * the durvalumab MedicationRequest, Observations (weight, stage, each biomarker) and a
 * DocumentReference for the packet and for each enclosed document (metadata only: size and
 * SHA-1 hash, no base64 data).
 *
 * Ids are derived from the case id, so the same case always gives the same Bundle.
 * Profiles and code systems follow the PAS IG (HL7/davinci-pas, input/fsh/Claim.fsh,
 * Bundle.fsh, Examples.fsh).
 */
import { createHash } from 'node:crypto';
import type { PlanType } from '../model.ts';
import type { PacketInput } from './letter.ts';

const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition';

export const PAS_PROFILES = {
  bundle: `${PAS}/profile-pas-request-bundle`,
  claim: `${PAS}/profile-claim`,
  beneficiary: `${PAS}/profile-beneficiary`,
  coverage: `${PAS}/profile-coverage`,
  insurer: `${PAS}/profile-insurer`,
  requestor: `${PAS}/profile-requestor`,
  medicationRequest: `${PAS}/profile-medicationrequest`,
  condition: `${US_CORE}/us-core-condition-problems-health-concerns`,
  documentReference: `${US_CORE}/us-core-documentreference`,
} as const;

export const SYSTEMS = {
  npi: 'http://hl7.org/fhir/sid/us-npi',
  tin: 'urn:oid:2.16.840.1.113883.4.4',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  hcpcs: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  ndc: 'http://hl7.org/fhir/sid/ndc',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  processPriority: 'http://terminology.hl7.org/CodeSystem/processpriority',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  documentCategory: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
  supportingInfoType: 'http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASSupportingInfoType',
  placeOfService: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set',
  x12: (element: number) => `https://codesystem.x12.org/005010/${element}`,
  /** Our own identifiers: the case, the payer in our registry, our documents. */
  caseId: 'urn:durvalumab-pa:case',
  payerId: 'urn:durvalumab-pa:payer',
  documentId: 'urn:durvalumab-pa:document',
  patientAccount: 'urn:durvalumab-pa:patient-account',
} as const;

/** CMS place-of-service codes for the site-of-care values the request uses. */
const PLACE_OF_SERVICE: Record<string, string> = {
  office: '11',
  home: '12',
  hospital_outpatient: '22',
};

const PLAN_TYPE_LABEL: Record<PlanType, string> = {
  medicare: 'Original Medicare',
  medicare_advantage: 'Medicare Advantage',
  medicaid: 'Medicaid',
  commercial: 'Commercial',
};

type Resource = Record<string, unknown> & { resourceType: string; id: string };

/** A UUID (version 5 layout) from a name: stable across runs, distinct per case and resource. */
function stableUuid(name: string): string {
  const hash = createHash('sha1').update(`durvalumab-pa:${name}`).digest();
  const b = Uint8Array.from(hash.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(b).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function coding(system: string, code: string, display?: string) {
  return { coding: [{ system, code, ...(display ? { display } : {}) }] };
}

function ndcCode(ndc11: string): string {
  return ndc11.replaceAll('-', '');
}

/** Builds the PAS request Bundle (FHIR R4 JSON) for a packet. */
export function buildPasBundle(input: PacketInput & { packetDocumentId?: string }): Record<string, unknown> {
  const { caseId, request, billing, payer } = input;
  const plan = request.treatmentPlan;
  const created = input.createdAt.toISOString();
  const expedited = request.priority === 'expedited';

  const id = (name: string) => stableUuid(`${caseId}:${name}`);
  const url = (resourceId: string) => `urn:uuid:${resourceId}`;
  const ref = (resource: Resource) => ({ reference: url(resource.id) });

  // --- parties -----------------------------------------------------------------------------
  const insurer: Resource = {
    resourceType: 'Organization',
    id: id('insurer'),
    meta: { profile: [PAS_PROFILES.insurer] },
    identifier: [{ system: SYSTEMS.payerId, value: payer.id }],
    active: true,
    type: [coding('http://terminology.hl7.org/CodeSystem/organization-type', 'ins', 'Insurance Company')],
    name: payer.name,
  };

  const provider = request.provider;
  const telecom = [
    provider.contact?.phone ? { system: 'phone', value: provider.contact.phone, use: 'work' } : null,
    provider.contact?.fax ? { system: 'fax', value: provider.contact.fax, use: 'work' } : null,
  ].filter(Boolean);
  const requestor: Resource = {
    resourceType: 'Organization',
    id: id('requestor'),
    meta: { profile: [PAS_PROFILES.requestor] },
    identifier: [
      { system: SYSTEMS.npi, value: provider.npi },
      ...(provider.tin ? [{ system: SYSTEMS.tin, value: provider.tin }] : []),
    ],
    active: true,
    type: [coding('http://terminology.hl7.org/CodeSystem/organization-type', 'prov', 'Healthcare Provider')],
    name: provider.name,
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(provider.contact?.name ? { contact: [{ name: { text: provider.contact.name } }] } : {}),
  };

  const patient: Resource = {
    resourceType: 'Patient',
    id: id('patient'),
    meta: { profile: [PAS_PROFILES.beneficiary] },
    identifier: [
      {
        type: coding(SYSTEMS.identifierType, 'MB', 'Member Number'),
        system: `${SYSTEMS.payerId}:${payer.id}:member`,
        value: request.coverage.memberId,
      },
      {
        type: coding(SYSTEMS.identifierType, 'MR', 'Medical record number'),
        system: SYSTEMS.patientAccount,
        value: request.patient.id,
      },
    ],
    name: [{ family: request.patient.familyName, given: [request.patient.givenName] }],
    gender: request.patient.sex,
    birthDate: request.patient.birthDate,
  };

  const coverageClasses = [
    request.coverage.groupNumber
      ? { type: coding(SYSTEMS.coverageClass, 'group', 'Group'), value: request.coverage.groupNumber }
      : null,
    request.coverage.planName
      ? { type: coding(SYSTEMS.coverageClass, 'plan', 'Plan'), value: request.coverage.planName }
      : null,
  ].filter(Boolean);
  const coverage: Resource = {
    resourceType: 'Coverage',
    id: id('coverage'),
    meta: { profile: [PAS_PROFILES.coverage] },
    status: 'active',
    type: { text: PLAN_TYPE_LABEL[request.coverage.planType] },
    subscriberId: request.coverage.memberId,
    beneficiary: ref(patient),
    payor: [ref(insurer)],
    ...(coverageClasses.length > 0 ? { class: coverageClasses } : {}),
  };

  // --- clinical facts ------------------------------------------------------------------------
  const dx = request.diagnosis;
  const stage: Resource = {
    resourceType: 'Observation',
    id: id('observation:stage'),
    status: 'final',
    category: [coding(SYSTEMS.observationCategory, 'exam', 'Exam')],
    code: { text: 'Cancer stage group (AJCC)' },
    subject: ref(patient),
    valueCodeableConcept: { text: dx.stage },
    ...(dx.diagnosisDate ? { effectiveDateTime: dx.diagnosisDate } : {}),
  };

  const conditions: Resource[] = dx.icd10.map((code, i) => ({
    resourceType: 'Condition',
    id: id(`condition:${i}:${code}`),
    meta: { profile: [PAS_PROFILES.condition] },
    clinicalStatus: coding(SYSTEMS.conditionClinical, 'active', 'Active'),
    category: [coding(SYSTEMS.conditionCategory, 'problem-list-item', 'Problem List Item')],
    code: coding(SYSTEMS.icd10cm, code),
    bodySite: [{ text: dx.primarySite }],
    subject: ref(patient),
    ...(dx.diagnosisDate ? { onsetDateTime: dx.diagnosisDate, recordedDate: dx.diagnosisDate } : {}),
    stage: [{ summary: { text: dx.stage }, assessment: [ref(stage)] }],
    note: [{ text: `Histology: ${dx.histology}` }],
  }));
  const firstCondition = conditions[0];
  if (firstCondition) stage.focus = [ref(firstCondition)];

  const biomarkers: Resource[] = Object.entries(dx.biomarkers ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ({
      resourceType: 'Observation',
      id: id(`observation:biomarker:${name}`),
      status: 'final',
      category: [coding(SYSTEMS.observationCategory, 'laboratory', 'Laboratory')],
      code: { text: name },
      subject: ref(patient),
      ...(typeof value === 'number'
        ? { valueQuantity: { value, unit: '%', system: SYSTEMS.ucum, code: '%' } }
        : { valueCodeableConcept: { text: value } }),
    }));

  const weight: Resource = {
    resourceType: 'Observation',
    id: id('observation:weight'),
    status: 'final',
    category: [coding(SYSTEMS.observationCategory, 'vital-signs', 'Vital Signs')],
    code: coding(SYSTEMS.loinc, '29463-7', 'Body weight'),
    subject: ref(patient),
    ...(request.patient.weightDate ? { effectiveDateTime: request.patient.weightDate } : {}),
    valueQuantity: { value: request.patient.weightKg, unit: 'kg', system: SYSTEMS.ucum, code: 'kg' },
  };

  // --- the drug ------------------------------------------------------------------------------
  const primaryNdc = billing.vials[0]?.ndc11 ?? plan.ndc11;
  const totalVials = billing.vials.reduce((sum, v) => sum + v.count, 0) * billing.administrationsRequested;
  const doseQuantity =
    'mg' in plan.dose
      ? { value: plan.dose.mg, unit: 'mg', system: SYSTEMS.ucum, code: 'mg' }
      : { value: plan.dose.mgPerKg, unit: 'mg/kg', system: SYSTEMS.ucum, code: 'mg/kg' };
  const medicationRequest: Resource = {
    resourceType: 'MedicationRequest',
    id: id('medication-request'),
    meta: { profile: [PAS_PROFILES.medicationRequest] },
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: {
      ...(primaryNdc ? coding(SYSTEMS.ndc, ndcCode(primaryNdc), primaryNdc) : {}),
      text: 'durvalumab (IMFINZI)',
    },
    subject: ref(patient),
    authoredOn: created.slice(0, 10),
    requester: ref(requestor),
    reasonReference: conditions.map(ref),
    dosageInstruction: [
      {
        text:
          ('mg' in plan.dose
            ? `${plan.dose.mg} mg`
            : `${plan.dose.mgPerKg} mg/kg (${billing.dosePerAdministrationMg} mg)`) +
          ` IV every ${plan.intervalWeeks} weeks, ${plan.administrations} administrations from ${plan.startDate}` +
          (plan.combination.length > 0 ? `; with ${plan.combination.join(', ')}` : ''),
        timing: {
          repeat: { count: plan.administrations, frequency: 1, period: plan.intervalWeeks, periodUnit: 'wk' },
          event: [plan.startDate],
        },
        route: { text: 'Intravenous' },
        doseAndRate: [{ doseQuantity }],
      },
    ],
    dispenseRequest: {
      quantity: { value: totalVials, unit: 'single-dose vial' },
    },
  };

  // --- documents -------------------------------------------------------------------------------
  const packetDocument: Resource | null = input.packetDocumentId
    ? {
        resourceType: 'DocumentReference',
        id: id('document:packet'),
        meta: { profile: [PAS_PROFILES.documentReference] },
        identifier: [{ system: SYSTEMS.documentId, value: input.packetDocumentId }],
        status: 'current',
        type: { text: 'Letter of medical necessity and prior authorization request' },
        category: [coding(SYSTEMS.documentCategory, 'clinical-note', 'Clinical Note')],
        subject: ref(patient),
        date: created,
        author: [ref(requestor)],
        description:
          'Prior-authorization packet: letter of medical necessity with the enclosed clinical documents',
        content: [{ attachment: { contentType: 'application/pdf', title: 'Prior authorization packet' } }],
      }
    : null;
  const enclosures: Resource[] = input.attachments.map((attachment, i) => {
    const kind = request.attachments.find((a) => a.title === attachment.title)?.kind;
    return {
      resourceType: 'DocumentReference',
      id: id(`document:enclosure:${i}`),
      meta: { profile: [PAS_PROFILES.documentReference] },
      status: 'current',
      type: { text: kind ? kind.replaceAll('_', ' ') : 'clinical document' },
      category: [coding(SYSTEMS.documentCategory, 'clinical-note', 'Clinical Note')],
      subject: ref(patient),
      date: created,
      description: `Enclosure ${i + 1} of the prior-authorization packet: ${attachment.title}`,
      content: [
        {
          attachment: {
            contentType: 'application/pdf',
            title: attachment.title,
            size: attachment.pdf.byteLength,
            hash: createHash('sha1').update(attachment.pdf).digest('base64'),
          },
        },
      ],
      ...(input.packetDocumentId
        ? {
            context: {
              related: [{ identifier: { system: SYSTEMS.documentId, value: input.packetDocumentId } }],
            },
          }
        : {}),
    };
  });
  const documents = [...(packetDocument ? [packetDocument] : []), ...enclosures];

  // --- the claim -------------------------------------------------------------------------------
  const supportingInfo = documents.map((doc, i) => ({
    sequence: i + 1,
    category: coding(SYSTEMS.supportingInfoType, 'additionalInformation', 'Additional Information'),
    valueReference: ref(doc),
  }));
  const diagnosisSequence = conditions.map((_, i) => i + 1);
  const informationSequence = supportingInfo.map((s) => s.sequence);
  const pos = PLACE_OF_SERVICE[provider.siteOfCare];
  const itemCommon = (sequence: number) => ({
    extension: [
      {
        url: `${PAS}/extension-itemTraceNumber`,
        valueIdentifier: { system: SYSTEMS.caseId, value: `${caseId}-${sequence}` },
      },
      {
        url: `${PAS}/extension-serviceItemRequestType`,
        valueCodeableConcept: coding(SYSTEMS.x12(1525), 'HS', 'Health Services Review'),
      },
      {
        url: `${PAS}/extension-certificationType`,
        valueCodeableConcept: coding(SYSTEMS.x12(1322), 'I', 'Initial'),
      },
      { url: `${PAS}/extension-requestedService`, valueReference: ref(medicationRequest) },
    ],
    sequence,
    ...(diagnosisSequence.length > 0 ? { diagnosisSequence } : {}),
    ...(informationSequence.length > 0 ? { informationSequence } : {}),
    category: coding(SYSTEMS.x12(1365), '1', 'Medical Care'),
    servicedDate: plan.startDate,
    ...(pos ? { locationCodeableConcept: coding(SYSTEMS.placeOfService, pos) } : {}),
  });
  // The NDC of each vial, with the number of vials over the whole request.
  const ndcDetail = billing.vials.map((vial, i) => ({
    sequence: i + 1,
    productOrService: coding(SYSTEMS.ndc, ndcCode(vial.ndc11), vial.ndc11),
    quantity: { value: vial.count * billing.administrationsRequested, unit: 'UN' },
  }));
  const items: Array<Record<string, unknown>> = [
    {
      ...itemCommon(1),
      productOrService: coding(SYSTEMS.hcpcs, billing.hcpcs),
      ...(billing.wasteModifier === 'JZ' ? { modifier: [coding(SYSTEMS.hcpcs, 'JZ')] } : {}),
      quantity: { value: billing.unitsRequested, unit: 'UN' },
      detail: ndcDetail,
    },
  ];
  const discardedUnits =
    billing.discardedUnitsRequested ?? billing.discardedUnits * billing.administrationsRequested;
  if (billing.wasteModifier === 'JW' && discardedUnits > 0) {
    items.push({
      ...itemCommon(2),
      productOrService: coding(SYSTEMS.hcpcs, billing.hcpcs),
      modifier: [coding(SYSTEMS.hcpcs, 'JW')],
      quantity: { value: discardedUnits, unit: 'UN' },
    });
  }

  const claim: Resource = {
    resourceType: 'Claim',
    id: id('claim'),
    meta: { profile: [PAS_PROFILES.claim] },
    ...(expedited
      ? {
          extension: [
            {
              url: `${PAS}/extension-levelOfServiceCode`,
              valueCodeableConcept: coding(SYSTEMS.x12(1338), 'U', 'Urgent'),
            },
          ],
        }
      : {}),
    identifier: [{ system: SYSTEMS.caseId, value: caseId }],
    status: 'active',
    type: coding(SYSTEMS.claimType, 'professional', 'Professional'),
    use: 'preauthorization',
    patient: ref(patient),
    created,
    insurer: ref(insurer),
    provider: ref(requestor),
    priority: coding(SYSTEMS.processPriority, expedited ? 'stat' : 'normal'),
    ...(supportingInfo.length > 0 ? { supportingInfo } : {}),
    diagnosis: conditions.map((condition, i) => ({
      sequence: i + 1,
      ...(dx.diagnosisDate
        ? { extension: [{ url: `${PAS}/extension-diagnosisRecordedDate`, valueDate: dx.diagnosisDate }] }
        : {}),
      diagnosisCodeableConcept: condition.code,
    })),
    insurance: [{ sequence: 1, focal: true, coverage: ref(coverage) }],
    item: items,
  };

  const resources: Resource[] = [
    claim,
    patient,
    coverage,
    insurer,
    requestor,
    ...conditions,
    medicationRequest,
    weight,
    stage,
    ...biomarkers,
    ...documents,
  ];
  return {
    resourceType: 'Bundle',
    id: id('bundle'),
    meta: { profile: [PAS_PROFILES.bundle] },
    identifier: { system: SYSTEMS.caseId, value: caseId },
    type: 'collection',
    timestamp: created,
    entry: resources.map((resource) => ({ fullUrl: url(resource.id), resource })),
  };
}
