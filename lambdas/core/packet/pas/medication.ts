/** The durvalumab order of a PAS request: one MedicationRequest with the dose, schedule and vials. */

import { ndcConcept, PAS_PROFILES, type PasContext, type Resource, SYSTEMS } from './fhir.ts';
import type * as fhir4 from './fhir-r4.ts';

export function medicationRequestResource(
  { input, id, ref, created }: PasContext,
  related: { patient: Resource; requestor: Resource; conditions: Resource[] },
): fhir4.MedicationRequest {
  const { billing } = input;
  const plan = input.request.treatmentPlan;
  const primaryNdc = billing.vials[0]?.ndc11 ?? plan.ndc11;
  const totalVials = billing.vials.reduce((sum, v) => sum + v.count, 0) * billing.administrationsRequested;
  const doseQuantity =
    'mg' in plan.dose
      ? { value: plan.dose.mg, unit: 'mg', system: SYSTEMS.ucum, code: 'mg' }
      : { value: plan.dose.mgPerKg, unit: 'mg/kg', system: SYSTEMS.ucum, code: 'mg/kg' };
  const dose =
    'mg' in plan.dose
      ? `${plan.dose.mg} mg`
      : `${plan.dose.mgPerKg} mg/kg (${billing.dosePerAdministrationMg} mg)`;
  return {
    resourceType: 'MedicationRequest',
    id: id('medication-request'),
    meta: { profile: [PAS_PROFILES.medicationRequest] },
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: primaryNdc
      ? ndcConcept(primaryNdc, 'durvalumab (IMFINZI)')
      : { text: 'durvalumab (IMFINZI)' },
    subject: ref(related.patient),
    authoredOn: created.slice(0, 10),
    requester: ref(related.requestor),
    reasonReference: related.conditions.map(ref),
    dosageInstruction: [
      {
        text:
          `${dose} IV every ${plan.intervalWeeks} weeks, ${plan.administrations} administrations from ${plan.startDate}` +
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
}
