/** The parties of a PAS request: the insurer, the requestor, the beneficiary and the coverage. */
import { PLAN_TYPE_LABELS } from '../../model.ts';
import { coding, PAS_PROFILES, type PasContext, type Resource, SYSTEMS } from './fhir.ts';

const ORGANIZATION_TYPE = 'http://terminology.hl7.org/CodeSystem/organization-type';

export function insurerResource({ input, id }: PasContext): Resource {
  return {
    resourceType: 'Organization',
    id: id('insurer'),
    meta: { profile: [PAS_PROFILES.insurer] },
    identifier: [{ system: SYSTEMS.payerId, value: input.payer.id }],
    active: true,
    type: [coding(ORGANIZATION_TYPE, 'ins', 'Insurance Company')],
    name: input.payer.name,
  };
}

export function requestorResource({ input, id }: PasContext): Resource {
  const provider = input.request.provider;
  const telecom = [
    provider.contact?.phone ? { system: 'phone', value: provider.contact.phone, use: 'work' } : null,
    provider.contact?.fax ? { system: 'fax', value: provider.contact.fax, use: 'work' } : null,
  ].filter(Boolean);
  return {
    resourceType: 'Organization',
    id: id('requestor'),
    meta: { profile: [PAS_PROFILES.requestor] },
    identifier: [
      { system: SYSTEMS.npi, value: provider.npi },
      ...(provider.tin ? [{ system: SYSTEMS.tin, value: provider.tin }] : []),
    ],
    active: true,
    type: [coding(ORGANIZATION_TYPE, 'prov', 'Healthcare Provider')],
    name: provider.name,
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(provider.contact?.name ? { contact: [{ name: { text: provider.contact.name } }] } : {}),
  };
}

export function patientResource({ input, id }: PasContext): Resource {
  const { request, payer } = input;
  return {
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
}

export function coverageResource(
  { input, id, ref }: PasContext,
  parties: { patient: Resource; insurer: Resource },
): Resource {
  const coverage = input.request.coverage;
  const classes = [
    coverage.groupNumber
      ? { type: coding(SYSTEMS.coverageClass, 'group', 'Group'), value: coverage.groupNumber }
      : null,
    coverage.planName
      ? { type: coding(SYSTEMS.coverageClass, 'plan', 'Plan'), value: coverage.planName }
      : null,
  ].filter(Boolean);
  return {
    resourceType: 'Coverage',
    id: id('coverage'),
    meta: { profile: [PAS_PROFILES.coverage] },
    status: 'active',
    type: { text: PLAN_TYPE_LABELS[coverage.planType] },
    subscriberId: coverage.memberId,
    beneficiary: ref(parties.patient),
    payor: [ref(parties.insurer)],
    ...(classes.length > 0 ? { class: classes } : {}),
  };
}
