/**
 * The PAS Claim (use = preauthorization): the HCPCS line with its NDC details, a JW line for
 * discarded drug, the diagnoses, the supporting documents and the urgency.
 */
import {
  coding,
  ndcCode,
  PAS,
  PAS_PROFILES,
  type PasContext,
  PLACE_OF_SERVICE,
  type Resource,
  SYSTEMS,
} from './fhir.ts';

export interface ClaimParts {
  patient: Resource;
  insurer: Resource;
  requestor: Resource;
  coverage: Resource;
  conditions: Resource[];
  medicationRequest: Resource;
  documents: Resource[];
}

function claimItems(context: PasContext, parts: ClaimParts, informationSequence: number[]) {
  const { input, ref } = context;
  const { billing, caseId } = input;
  const diagnosisSequence = parts.conditions.map((_, i) => i + 1);
  const pos = PLACE_OF_SERVICE[input.request.provider.siteOfCare];
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
    category: coding(SYSTEMS.x12(1365), '1', 'Medical Care'),
    servicedDate: input.request.treatmentPlan.startDate,
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
  return items;
}

export function claimResource(context: PasContext, parts: ClaimParts): Resource {
  const { input, id, ref, created } = context;
  const expedited = input.request.priority === 'expedited';
  const diagnosisDate = input.request.diagnosis.diagnosisDate;
  const supportingInfo = parts.documents.map((doc, i) => ({
    sequence: i + 1,
    category: coding(SYSTEMS.supportingInfoType, 'additionalInformation', 'Additional Information'),
    valueReference: ref(doc),
  }));
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
    ...(supportingInfo.length > 0 ? { supportingInfo } : {}),
    diagnosis: parts.conditions.map((condition, i) => ({
      sequence: i + 1,
      ...(diagnosisDate
        ? { extension: [{ url: `${PAS}/extension-diagnosisRecordedDate`, valueDate: diagnosisDate }] }
        : {}),
      diagnosisCodeableConcept: condition.code,
    })),
    insurance: [{ sequence: 1, focal: true, coverage: ref(parts.coverage) }],
    item: claimItems(
      context,
      parts,
      supportingInfo.map((s) => s.sequence),
    ),
  };
}
