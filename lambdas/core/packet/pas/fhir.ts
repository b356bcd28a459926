/**
 * What every PAS resource builder shares: the profiles and code systems of the PAS IG 2.2.1
 * (HL7/davinci-pas at 46be73e: input/fsh/Claim.fsh, Bundle.fsh, Organization.fsh, Coverage.fsh,
 * Terminology.fsh, Examples.fsh), stable ids derived from the case id, and the small FHIR shapes
 * (coding, reference).
 */
import { createHash } from 'node:crypto';
import { BILLING_REFERENCE } from '../../reference/index.ts';
import type { PacketInput } from '../letter.ts';
import type * as fhir4 from './fhir-r4.ts';

export const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
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
  /** PAS's DocumentReference: US Core's with the content inline (attachment.data 1..1, url 0..0). */
  documentReference: `${PAS}/profile-documentreference`,
} as const;

export const SYSTEMS = {
  npi: 'http://hl7.org/fhir/sid/us-npi',
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
  /** PAS 2.x's own codes (supportingInfo categories); PASSupportingInfoType is now a value set. */
  pasTempCodes: 'http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes',
  subscriberRelationship: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  /** The PI (payer identifier) slice of PASOrganization.identifier (Organization.fsh). */
  c4bbIdentifierType: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType',
  nullFlavor: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor',
  placeOfService: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set',
  x12: (element: number) => `https://codesystem.x12.org/005010/${element}`,
  /** Our own identifiers: the case, the payer in our registry, our documents. */
  caseId: 'urn:durvalumab-pa:case',
  payerId: 'urn:durvalumab-pa:payer',
  documentId: 'urn:durvalumab-pa:document',
  patientAccount: 'urn:durvalumab-pa:patient-account',
} as const;

/** CMS place-of-service codes for the site-of-care values the request uses. */
export const PLACE_OF_SERVICE: Record<string, string> = {
  office: '11',
  home: '12',
  hospital_outpatient: '22',
};

export type Resource = fhir4.Resource;

export type PasInput = PacketInput & {
  packetDocumentId?: string;
  /** The packet PDF (letter and enclosures), sent inline with the attachments (see documents.ts). */
  packetPdf?: Uint8Array;
  /** The document bytes to carry inline at most (documents.ts: INLINE_DOCUMENT_BYTES). */
  inlineBudgetBytes?: number;
};

/** What a resource builder gets: the input, its stable ids and references. */
export interface PasContext {
  readonly input: PasInput;
  /** The Bundle's timestamp: the packet's creation time. */
  readonly created: string;
  id(name: string): string;
  ref(resource: Resource): fhir4.Reference;
}

/** A UUID (version 5 layout) from a name: stable across runs, distinct per case and resource. */
function stableUuid(name: string): string {
  const hash = createHash('sha1').update(`durvalumab-pa:${name}`).digest();
  const b = Uint8Array.from(hash.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(b).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const fullUrl = (resourceId: string) => `urn:uuid:${resourceId}`;

export function pasContext(input: PasInput): PasContext {
  return {
    input,
    created: input.createdAt.toISOString(),
    id: (name) => stableUuid(`${input.caseId}:${name}`),
    ref: (resource) => ({ reference: fullUrl(resource.id) }),
  };
}

export function coding(system: string, code: string, display?: string): fhir4.CodeableConcept {
  return { coding: [{ system, code, ...(display ? { display } : {}) }] };
}

/**
 * An NDC as HL7's NDC system (http://hl7.org/fhir/sid/ndc) takes it: the 10-digit FDA form with
 * its hyphens (e.g. 0310-4611-50), not the 11-digit billing form. The 11-to-10 mapping is not
 * computable (which segment was zero-padded is lost), so it comes from reference/billing.json;
 * an NDC not found there is sent as text only.
 */
export function ndcConcept(ndc11: string, text?: string): fhir4.CodeableConcept {
  const known = [...BILLING_REFERENCE.vials, ...BILLING_REFERENCE.otherNdcs].find((v) => v.ndc11 === ndc11);
  const ndc10 = known?.ndc10;
  return {
    ...(ndc10 ? coding(SYSTEMS.ndc, ndc10) : {}),
    text: text ?? `NDC ${ndc11}`,
  };
}
