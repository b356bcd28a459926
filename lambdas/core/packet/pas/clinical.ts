/** The clinical facts of a PAS request: the conditions and the Observations (stage, biomarkers, weight). */

import { coding, PAS_PROFILES, type PasContext, type Resource, SYSTEMS } from './fhir.ts';
import type * as fhir4 from './fhir-r4.ts';

function observation(
  { id, ref }: PasContext,
  patient: Resource,
  name: string,
  category: [code: string, display: string],
): Omit<fhir4.Observation, 'code'> {
  return {
    resourceType: 'Observation',
    id: id(`observation:${name}`),
    status: 'final',
    category: [coding(SYSTEMS.observationCategory, ...category)],
    subject: ref(patient),
  };
}

/** The AJCC stage group; its focus is set once the conditions exist (see conditionResources). */
export function stageObservation(context: PasContext, patient: Resource): fhir4.Observation {
  const dx = context.input.request.diagnosis;
  const { subject, ...base } = observation(context, patient, 'stage', ['exam', 'Exam']);
  return {
    ...base,
    code: { text: 'Cancer stage group (AJCC)' },
    subject,
    valueCodeableConcept: { text: dx.stage },
    ...(dx.diagnosisDate ? { effectiveDateTime: dx.diagnosisDate } : {}),
  };
}

/** One Condition per ICD-10-CM code; the stage Observation focuses on the first. */
export function conditionResources(
  { input, id, ref }: PasContext,
  patient: Resource,
  stage: fhir4.Observation,
): fhir4.Condition[] {
  const dx = input.request.diagnosis;
  const conditions: fhir4.Condition[] = dx.icd10.map((code, i) => ({
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
  const first = conditions[0];
  if (first) stage.focus = [ref(first)];
  return conditions;
}

export function biomarkerObservations(context: PasContext, patient: Resource): fhir4.Observation[] {
  return Object.entries(context.input.request.diagnosis.biomarkers ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => {
      const { subject, ...base } = observation(context, patient, `biomarker:${name}`, [
        'laboratory',
        'Laboratory',
      ]);
      return {
        ...base,
        code: { text: name },
        subject,
        ...(typeof value === 'number'
          ? { valueQuantity: { value, unit: '%', system: SYSTEMS.ucum, code: '%' } }
          : { valueCodeableConcept: { text: value } }),
      };
    });
}

export function weightObservation(context: PasContext, patient: Resource): fhir4.Observation {
  const { weightKg, weightDate } = context.input.request.patient;
  const { subject, ...base } = observation(context, patient, 'weight', ['vital-signs', 'Vital Signs']);
  return {
    ...base,
    code: coding(SYSTEMS.loinc, '29463-7', 'Body weight'),
    subject,
    ...(weightDate ? { effectiveDateTime: weightDate } : {}),
    valueQuantity: { value: weightKg, unit: 'kg', system: SYSTEMS.ucum, code: 'kg' },
  };
}
