/**
 * Conformance of the PAS request Bundle: the example request against the PAS 2.2.1 and US Core
 * 7.0.0 profile constraints (test/fixtures/pas/profiles/pas-request-constraints.json) and the base
 * R4 definitions; the IG's own example request Bundles through the same checker (they pass but
 * for one deviation of the IG's example, which proves the checker reads the constraints as the IG
 * means them); and a broken copy per constraint kind, which proves it catches what it should.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPasBundle } from '#core/packet/pas-bundle.ts';
import { samplePacketInput } from '../../fixtures/packet-sample.ts';
import { CONSTRAINTS, checkProfiles, type Json, PROFILES, targetsOf, validateR4 } from './profile-check.ts';

/** Generous: loading the R4 definitions takes seconds on a busy machine; nothing here is timed. */
const SLOW = 60_000;
const PAS_SD = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
const PACKET = Buffer.from('%PDF-1.7\n% synthetic packet\n%%EOF\n');

const example = () =>
  buildPasBundle({
    ...samplePacketInput(),
    packetDocumentId: 'doc_sample',
    packetPdf: PACKET,
  }) as unknown as Json;
const igExample = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/pas/${name}`, import.meta.url), 'utf8')) as Json;

const resources = (bundle: Json): Json[] => bundle.entry.map((e: Json) => e.resource);
const first = (bundle: Json, type: string, test: (r: Json) => boolean = () => true): Json => {
  const found = resources(bundle).find((r) => r.resourceType === type && test(r));
  if (!found) throw new Error(`no ${type}`);
  return found;
};
const claim = (b: Json) => first(b, 'Claim');
const byProfile = (b: Json, type: string, profile: string) =>
  first(b, type, (r) => r.meta?.profile?.[0] === `${PAS_SD}/${profile}`);

describe('the constraint extract', () => {
  it('names a known profile, with its source rule, for every constraint', () => {
    // Assess
    for (const constraint of CONSTRAINTS) {
      expect(Object.keys(PROFILES)).toContain(constraint.profile);
      expect(constraint.source.length).toBeGreaterThan(5);
    }
    expect(new Set(CONSTRAINTS.map((c) => c.kind))).toEqual(
      new Set(['invariant', 'cardinality', 'fixed', 'binding']),
    );
  });

  it('applies every profile to a resource of the example request', () => {
    // Act
    const bundle = example();

    // Assess
    const unused = Object.entries(PROFILES).filter(([, profile]) => targetsOf(bundle, profile).size === 0);
    expect(unused).toEqual([]);
  });
});

describe('the example request Bundle', () => {
  it(
    'meets every PAS and US Core constraint',
    () => {
      // Assess
      expect(checkProfiles(example())).toEqual([]);
    },
    SLOW,
  );

  it(
    'is valid against the base R4 definitions',
    () => {
      // Assess
      expect(validateR4(example())).toEqual([]);
    },
    SLOW,
  );
});

describe("the IG's own example request Bundles", () => {
  it.each([
    'ig-request-bundle-referral.json',
    'ig-request-bundle-medical-services.json',
    'ig-request-bundle-homecare.json',
  ])(
    '%s meets the constraints but the memberid its Coverage example lacks, and is valid R4',
    (name) => {
      // Act
      const bundle = igExample(name);

      // Assess: PASCoverage makes identifier[memberid] 1..1; InsuranceExample has no identifier.
      expect(checkProfiles(bundle)).toEqual([
        {
          constraint: 'PASCoverage identifier:memberid',
          resource: 'http://example.org/fhir/Coverage/InsuranceExample',
        },
      ]);
      expect(validateR4(bundle)).toEqual([]);
    },
    SLOW,
  );
});

describe('a Bundle broken one constraint at a time', () => {
  // Each constraint and an edit that breaks it (and that alone, mostly).
  const insurer = (b: Json) => byProfile(b, 'Organization', 'profile-insurer');
  const requestor = (b: Json) => byProfile(b, 'Organization', 'profile-requestor');
  const item = (b: Json) => claim(b).item[0];
  const documentInformation = (b: Json) => claim(b).supportingInfo[0].extension[0];
  const byUrl = (b: Json) => {
    const attachment = first(b, 'DocumentReference').content[0].attachment;
    attachment.url = 'https://provider.example/doc.pdf';
    delete attachment.data;
  };
  const broken: Record<string, (b: Json) => unknown> = {
    'PASRequestBundle ClaimFirst': (b) => b.entry.push(b.entry.shift()),
    'PASRequestBundle identifier': (b) => delete b.identifier,
    'PASRequestBundle type': (b) => (b.type = 'transaction'),
    'PASRequestBundle entry.request': (b) => (b.entry[1].request = { method: 'POST', url: 'Patient' }),
    'PASClaim item.location[x]': (b) => delete item(b).locationCodeableConcept,
    'PASClaim item.category': (b) => delete item(b).category,
    'PASClaim item.extension:certificationType': (b) => item(b).extension.splice(2, 1),
    'PASClaim FullDateRule item.serviced.ofType(Period).start': (b) =>
      (item(b).servicedPeriod.start = '2026-08-10T09:00:00Z'),
    'PASClaim supportingInfo:AdditionalInformation.extension:documentInformation': (b) =>
      delete claim(b).supportingInfo[0].extension,
    'PASClaim documentInformation.reportTypeCode': (b) => documentInformation(b).extension.shift(),
    'PASClaim diagnosis.diagnosisCodeableConcept': (b) =>
      (claim(b).diagnosis[0].diagnosisCodeableConcept.coding[0].system = 'http://snomed.info/sct'),
    'PASClaim type': (b) => (claim(b).type.coding[0].code = 'pharmacy'),
    'PASClaim use': (b) => (claim(b).use = 'claim'),
    'PASClaim insurance.focal': (b) => (claim(b).insurance[0].focal = false),
    'PASInsurer type': (b) =>
      (insurer(b).type[0].coding[0].system = 'http://terminology.hl7.org/CodeSystem/organization-type'),
    'PASDocumentReference content.attachment.data': byUrl,
    'PASDocumentReference content.attachment.url': byUrl,
    'PASCoverage identifier:memberid': (b) => delete first(b, 'Coverage').identifier,
    'USCoreCoverage relationship': (b) => delete first(b, 'Coverage').relationship,
    'PASCoverage self-beneficiary': (b) => (first(b, 'Coverage').relationship.coding[1].code = '01'),
    'USCoreOrganization us-core-17': (b) => (requestor(b).identifier[0].value = '1234567890'),
    'PASMedicationRequest intent': (b) => (first(b, 'MedicationRequest').intent = 'plan'),
    'USCoreMedicationRequest us-core-21': (b) => delete first(b, 'MedicationRequest').requester,
    'PASBeneficiary FullDateRule birthDate': (b) => (first(b, 'Patient').birthDate = '1957-03'),
    'USCoreDocumentReference type': (b) => delete first(b, 'DocumentReference').type,
    'USCoreConditionProblems category': (b) => delete first(b, 'Condition').category,
  };

  it("catches an immediate appeal with no level of service only when read by coding, as the IG's expression cannot", () => {
    // Prepare: certification type 1 (immediate appeal) on a standard request.
    const bundle = example();
    claim(bundle).item[0].extension[2].valueCodeableConcept.coding[0].code = '1';

    // Act
    const failed = checkProfiles(bundle).map((issue) => issue.constraint);

    // Assess
    expect(failed).toEqual(['PASClaim ImmediateLevelOfCare (coding)']);
  });

  it.each(Object.entries(broken))('a Bundle that breaks %s fails it', (constraint, breakIt) => {
    // Prepare
    const bundle = example();
    breakIt(bundle);

    // Act
    const failed = checkProfiles(bundle).map((issue) => issue.constraint);

    // Assess
    expect(failed).toContain(constraint);
  });

  it.each<[string, (b: Json) => void, RegExp]>([
    ['an element R4 does not have', (b) => (claim(b).servicedFoo = '2026-08-10'), /servicedFoo/],
    ['a Claim with no patient', (b) => delete claim(b).patient, /Claim\.patient|patient/],
    ['a quantity as text', (b) => (claim(b).item[0].quantity.value = '1950'), /quantity/],
  ])(
    '%s is invalid against the base R4 definitions',
    (_, breakIt, issue) => {
      // Prepare
      const bundle = example();
      breakIt(bundle);

      // Act
      const issues = validateR4(bundle);

      // Assess
      expect(issues.filter((text) => issue.test(text) && text.startsWith('error'))).not.toEqual([]);
    },
    SLOW,
  );
});

describe('a site of care with no verified place-of-service code', () => {
  it('is sent as text, which only the location binding of each item flags', () => {
    // Prepare
    const base = samplePacketInput();
    const request = {
      ...base.request,
      provider: { ...base.request.provider, siteOfCare: 'infusion_center' },
    };

    // Act
    const bundle = buildPasBundle({ ...base, request }) as unknown as Json;

    // Assess
    expect(checkProfiles(bundle).map((i) => i.constraint)).toEqual(['PASClaim item.locationCodeableConcept']);
  });
});
