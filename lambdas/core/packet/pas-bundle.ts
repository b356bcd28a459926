/**
 * The Da Vinci PAS request Bundle of a packet (FHIR R4, PAS 2.2.1 on US Core 7.0.0,
 * regulation.md (f)): a `collection` Bundle whose first entry is the PAS Claim (use =
 * preauthorization), followed by what the Claim references: the beneficiary, the coverage, the
 * insurer and the requestor, the conditions, the durvalumab MedicationRequest, Observations
 * (weight, stage, each biomarker) and a PAS DocumentReference, its PDF inline, for the packet
 * and for each enclosed document (pas/documents.ts: within a size budget). One builder per
 * resource under pas/; the resources typed as R4 (pas/fhir-r4.ts).
 *
 * Ids are derived from the case id, so the same case always gives the same Bundle. Profiles,
 * invariants and code systems follow the PAS IG (HL7/davinci-pas at 46be73e, input/fsh/*.fsh);
 * test/conformance checks every Bundle against them (docs/pas-conformance.md).
 */
import { claimResource } from './pas/claim.ts';
import {
  biomarkerObservations,
  conditionResources,
  stageObservation,
  weightObservation,
} from './pas/clinical.ts';
import { documentResources } from './pas/documents.ts';
import { fullUrl, PAS_PROFILES, type PasInput, pasContext, type Resource, SYSTEMS } from './pas/fhir.ts';
import type * as fhir4 from './pas/fhir-r4.ts';
import { medicationRequestResource } from './pas/medication.ts';
import { coverageResource, insurerResource, patientResource, requestorResource } from './pas/parties.ts';

export { PAS_PROFILES, SYSTEMS };

/** Builds the PAS request Bundle (FHIR R4 JSON) for a packet. */
export function buildPasBundle(input: PasInput): fhir4.Bundle {
  const context = pasContext(input);
  const insurer = insurerResource(context);
  const requestor = requestorResource(context);
  const patient = patientResource(context);
  const coverage = coverageResource(context, { patient, insurer });
  const stage = stageObservation(context, patient);
  const conditions = conditionResources(context, patient, stage);
  const biomarkers = biomarkerObservations(context, patient);
  const weight = weightObservation(context, patient);
  const medicationRequest = medicationRequestResource(context, { patient, requestor, conditions });
  const documents = documentResources(context, { patient, requestor });
  const claim = claimResource(context, {
    patient,
    insurer,
    requestor,
    coverage,
    conditions,
    medicationRequest,
    documents,
  });

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
    ...documents.resources,
  ];
  return {
    resourceType: 'Bundle',
    id: context.id('bundle'),
    meta: { profile: [PAS_PROFILES.bundle] },
    identifier: { system: SYSTEMS.caseId, value: input.caseId },
    type: 'collection',
    timestamp: context.created,
    entry: resources.map((resource) => ({ fullUrl: fullUrl(resource.id), resource })),
  };
}
