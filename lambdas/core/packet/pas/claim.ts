/**
 * The PAS Claim (use = preauthorization): the HCPCS line with its NDC details, a JW line for
 * discarded drug, the diagnoses, the supporting documents and the urgency. Each line says what
 * the X12 278 of the same request says (lambdas/adapters/transports/x12-278.ts): service type
 * 78 as its category (UM03), the dates of the whole course (DTP*472) for the units of the whole
 * course, and a place of service (item.location[x] is 1..1 in PASClaim).
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { treatmentWindow } from '../treatment-window.ts';
import { type PasDocuments, supportingInfo } from './documents.ts';
import {
  coding,
  ndcConcept,
  PAS,
  PAS_PROFILES,
  type PasContext,
  PLACE_OF_SERVICE,
  type Resource,
  SYSTEMS,
} from './fhir.ts';
import type * as fhir4 from './fhir-r4.ts';

export interface ClaimParts {
  patient: Resource;
  insurer: Resource;
  requestor: Resource;
  coverage: Resource;
  conditions: fhir4.Condition[];
  medicationRequest: Resource;
  documents: PasDocuments;
}

/** The dates the requested units cover, as the 278's DTP*472 (treatment-window.ts). */
export function servicePeriod(
  plan: Pick<PriorAuthRequest['treatmentPlan'], 'startDate' | 'intervalWeeks' | 'administrations'>,
): fhir4.Period {
  const { from, to } = treatmentWindow(plan);
  return { start: from, end: to };
}

/**
 * The place of service: the CMS code of the site of care; a site with no verified code (an
 * infusion center has none of its own) goes as text, which PAS's required binding flags.
 */
function placeOfService(siteOfCare: string): fhir4.CodeableConcept {
  const pos = PLACE_OF_SERVICE[siteOfCare];
  return pos ? coding(SYSTEMS.placeOfService, pos) : { text: siteOfCare.replaceAll('_', ' ') };
}

function claimItems(
  context: PasContext,
  parts: ClaimParts,
  informationSequence: number[],
): fhir4.ClaimItem[] {
  const { input, ref } = context;
  const { billing, caseId } = input;
  const diagnosisSequence = parts.conditions.map((_, i) => i + 1);
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
      { url: `${PAS}/extension-requestedService`, valueReference: ref(parts.medicationRequest) },
    ],
    sequence,
    ...(diagnosisSequence.length > 0 ? { diagnosisSequence } : {}),
    ...(informationSequence.length > 0 ? { informationSequence } : {}),
    category: coding(SYSTEMS.x12(1365), '78', 'Chemotherapy'),
    servicedPeriod: servicePeriod(input.request.treatmentPlan),
    locationCodeableConcept: placeOfService(input.request.provider.siteOfCare),
  });
  // The NDC of each vial, with the number of vials over the whole request.
  const ndcDetail = billing.vials.map((vial, i) => ({
    sequence: i + 1,
    productOrService: ndcConcept(vial.ndc11),
    quantity: { value: vial.count * billing.administrationsRequested, unit: 'UN' },
  }));
  const items: fhir4.ClaimItem[] = [
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
  return items;
}

export function claimResource(context: PasContext, parts: ClaimParts): fhir4.Claim {
  const { input, id, ref, created } = context;
  const expedited = input.request.priority === 'expedited';
  const diagnosisDate = input.request.diagnosis.diagnosisDate;
  const information = supportingInfo(context, parts.documents);
  return {
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
    identifier: [{ system: SYSTEMS.caseId, value: input.caseId }],
    status: 'active',
    type: coding(SYSTEMS.claimType, 'professional', 'Professional'),
    use: 'preauthorization',
    patient: ref(parts.patient),
    created,
    insurer: ref(parts.insurer),
    provider: ref(parts.requestor),
    priority: coding(SYSTEMS.processPriority, expedited ? 'stat' : 'normal'),
    ...(information.length > 0 ? { supportingInfo: information } : {}),
    diagnosis: parts.conditions.map((condition, i) => ({
      sequence: i + 1,
      ...(diagnosisDate
        ? { extension: [{ url: `${PAS}/extension-diagnosisRecordedDate`, valueDate: diagnosisDate }] }
        : {}),
      ...(condition.code ? { diagnosisCodeableConcept: condition.code } : {}),
    })),
    insurance: [{ sequence: 1, focal: true, coverage: ref(parts.coverage) }],
    item: claimItems(
      context,
      parts,
      information.map((s) => s.sequence),
    ),
  };
}
