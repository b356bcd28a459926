/**
 * What every PAS resource builder shares: the profiles and code systems of the PAS IG
 * (HL7/davinci-pas, input/fsh/Claim.fsh, Bundle.fsh, Examples.fsh), stable ids derived from the
 * case id, and the small FHIR shapes (coding, reference).
 */
import { createHash } from 'node:crypto';
import type { PacketInput } from '../letter.ts';

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
export const PLACE_OF_SERVICE: Record<string, string> = {
  office: '11',
  home: '12',
  hospital_outpatient: '22',
};

export type Resource = Record<string, unknown> & { resourceType: string; id: string };

export type PasInput = PacketInput & { packetDocumentId?: string };

/** What a resource builder gets: the input, its stable ids and references. */
export interface PasContext {
  readonly input: PasInput;
  /** The Bundle's timestamp: the packet's creation time. */
  readonly created: string;
  id(name: string): string;
  ref(resource: Resource): { reference: string };
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

export function coding(system: string, code: string, display?: string) {
  return { coding: [{ system, code, ...(display ? { display } : {}) }] };
}

export function ndcCode(ndc11: string): string {
  return ndc11.replaceAll('-', '');
}
