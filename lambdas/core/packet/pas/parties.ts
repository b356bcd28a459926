/**
 * The parties of a PAS request: the insurer, the requestor, the beneficiary and the coverage.
 * As in the X12 278 of the same request (lambdas/adapters/transports/x12-278.ts): the payer by
 * its payer identifier (NM108 PI), the requester a provider (NM101 1P) by NPI, the patient the
 * subscriber (no dependent loop), so the coverage's relationship is self.
 */
import { PLAN_TYPE_LABELS } from '../../model.ts';
import { coding, PAS_PROFILES, type PasContext, type Resource, SYSTEMS } from './fhir.ts';
import type * as fhir4 from './fhir-r4.ts';

/**
 * Organization.type codes of X12 element 98 (Entity Identifier Code), PAS's bindings. Fresh
 * objects per Bundle, so that a caller editing one Bundle cannot change the next.
 */
const ENTITY = {
  /** PR Payer: the IG's insurer example (Examples.fsh, InsurerExample). */
  payer: () => coding(SYSTEMS.x12(98), 'PR', 'Payer'),
  /** 1P Provider: the 278's requester (2010B NM101) in this product. */
  provider: () => coding(SYSTEMS.x12(98), '1P', 'Provider'),
};

/** PASOrganization's TIN slice: the US EIN naming system (Organization.fsh, TINIdentifierPattern). */
const TIN_SYSTEM = 'http://terminology.hl7.org/NamingSystem/USEIN';

export function insurerResource({ input, id }: PasContext): fhir4.Organization {
  return {
    resourceType: 'Organization',
    id: id('insurer'),
    meta: { profile: [PAS_PROFILES.insurer] },
    // The PI slice of PASOrganization (PIIdentifierPattern): the payer id the 278 sends as NM109.
    identifier: [
      {
        type: coding(SYSTEMS.c4bbIdentifierType, 'payerid', 'Payer ID'),
        system: SYSTEMS.payerId,
        value: input.payer.id,
      },
    ],
    active: true,
    type: [ENTITY.payer()],
    name: input.payer.name,
  };
}

export function requestorResource({ input, id }: PasContext): fhir4.Organization {
  const provider = input.request.provider;
  const telecom: fhir4.ContactPoint[] = [
    ...(provider.contact?.phone
      ? [{ system: 'phone' as const, value: provider.contact.phone, use: 'work' as const }]
      : []),
    ...(provider.contact?.fax
      ? [{ system: 'fax' as const, value: provider.contact.fax, use: 'work' as const }]
      : []),
  ];
  return {
    resourceType: 'Organization',
    id: id('requestor'),
    meta: { profile: [PAS_PROFILES.requestor] },
    identifier: [
      { system: SYSTEMS.npi, value: provider.npi },
      ...(provider.tin ? [{ system: TIN_SYSTEM, value: provider.tin }] : []),
    ],
    active: true,
    type: [ENTITY.provider()],
    name: provider.name,
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(provider.contact?.name ? { contact: [{ name: { text: provider.contact.name } }] } : {}),
  };
}

/** The member id as an identifier: US Core Coverage's memberid slice (type MB), the Patient's too. */
function memberIdentifier({ input }: PasContext): fhir4.Identifier {
  return {
    type: coding(SYSTEMS.identifierType, 'MB', 'Member Number'),
    system: `${SYSTEMS.payerId}:${input.payer.id}:member`,
    value: input.request.coverage.memberId,
  };
}

export function patientResource(context: PasContext): fhir4.Patient {
  const { request } = context.input;
  return {
    resourceType: 'Patient',
    id: context.id('patient'),
    meta: { profile: [PAS_PROFILES.beneficiary] },
    identifier: [
      memberIdentifier(context),
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
  context: PasContext,
  parties: { patient: Resource; insurer: Resource },
): fhir4.Coverage {
  const { input, id, ref } = context;
  const coverage = input.request.coverage;
  const classes: NonNullable<fhir4.Coverage['class']> = [
    coverage.groupNumber
      ? { type: coding(SYSTEMS.coverageClass, 'group', 'Group'), value: coverage.groupNumber }
      : null,
    coverage.planName
      ? { type: coding(SYSTEMS.coverageClass, 'plan', 'Plan'), value: coverage.planName }
      : null,
  ].filter((c) => c !== null);
  return {
    resourceType: 'Coverage',
    id: id('coverage'),
    meta: { profile: [PAS_PROFILES.coverage] },
    identifier: [memberIdentifier(context)],
    status: 'active',
    type: { text: PLAN_TYPE_LABELS[coverage.planType] },
    subscriberId: coverage.memberId,
    beneficiary: ref(parties.patient),
    // The patient is the subscriber: FHIR's code and X12's (1069 "18" Self), as the IG's example.
    relationship: {
      coding: [
        { system: SYSTEMS.subscriberRelationship, code: 'self', display: 'Self' },
        { system: SYSTEMS.x12(1069), code: '18', display: 'Self' },
      ],
    },
    payor: [ref(parties.insurer)],
    ...(classes.length > 0 ? { class: classes } : {}),
  };
}
