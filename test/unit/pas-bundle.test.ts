import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPasBundle } from '#core/packet/pas-bundle.ts';
import { samplePacketInput } from '../fixtures/packet-sample.ts';

// biome-ignore lint/suspicious/noExplicitAny: the Bundle is untyped FHIR JSON, walked freely in assertions
type Json = Record<string, any>;

// The PAS IG's profiles and the code systems, written out here rather than read from the product.
const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
const PROFILE = {
  bundle: `${PAS}/profile-pas-request-bundle`,
  claim: `${PAS}/profile-claim`,
  requestor: `${PAS}/profile-requestor`,
};
const SYSTEM = {
  caseId: 'urn:durvalumab-pa:case',
  hcpcs: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  ndc: 'http://hl7.org/fhir/sid/ndc',
  processPriority: 'http://terminology.hl7.org/CodeSystem/processpriority',
};

/** Synthetic bytes standing for the rendered packet PDF. */
const SYNTHETIC_PACKET = Buffer.from('%PDF-1.7\n% synthetic packet for the PAS Bundle fixture\n%%EOF\n');

function entries(bundle: Json): Json[] {
  return (bundle.entry as Json[]).map((e) => e.resource as Json);
}

function ofType(bundle: Json, type: string): Json[] {
  return entries(bundle).filter((r) => r.resourceType === type);
}

function claimOf(bundle: Json): Json {
  const claim = ofType(bundle, 'Claim')[0];
  if (!claim) throw new Error('no Claim in the bundle');
  return claim;
}

/** Every { reference } anywhere in the bundle. */
function references(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (value && typeof value === 'object') {
    const own = typeof (value as Json).reference === 'string' ? [(value as Json).reference as string] : [];
    return [...own, ...Object.values(value).flatMap(references)];
  }
  return [];
}

describe('buildPasBundle', () => {
  const input = { ...samplePacketInput(), packetDocumentId: 'doc_sample', packetPdf: SYNTHETIC_PACKET };
  const bundle = buildPasBundle(input) as Json;

  it('builds the example Bundle exactly as the recorded fixture, byte for byte', () => {
    // Prepare: the fixture was regenerated deliberately for PAS 2.x conformance (issue 12).
    const expected = readFileSync(
      new URL('../fixtures/packet/pas-bundle-example.json', import.meta.url),
      'utf8',
    );

    // Assess
    expect(`${JSON.stringify(bundle, null, 2)}\n`).toBe(expected);
  });

  it('is a PAS request Bundle of type collection with the Claim first', () => {
    // Assess
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    expect(bundle.meta.profile).toEqual([PROFILE.bundle]);
    expect(bundle.identifier).toEqual({ system: SYSTEM.caseId, value: input.caseId });
    expect(bundle.timestamp).toBe(input.createdAt.toISOString());
    expect(bundle.entry[0].resource.resourceType).toBe('Claim');
  });

  it('carries a PAS Claim for preauthorization of J9173 with the units requested', () => {
    // Act
    const claim = claimOf(bundle);

    // Assess
    expect(claim.meta.profile).toEqual([PROFILE.claim]);
    expect(claim.use).toBe('preauthorization');
    expect(claim.status).toBe('active');
    expect(claim.type.coding[0]).toMatchObject({ code: 'professional' });
    expect(claim.priority.coding[0]).toMatchObject({ system: SYSTEM.processPriority, code: 'normal' });
    expect(claim.item).toHaveLength(1);
    const [item] = claim.item;
    expect(item.productOrService.coding[0]).toEqual({ system: SYSTEM.hcpcs, code: 'J9173' });
    expect(item.modifier[0].coding[0]).toEqual({ system: SYSTEM.hcpcs, code: 'JZ' });
    expect(item.quantity.value).toBe(1950);
    expect(item.servicedPeriod.start).toBe('2026-08-10');
    expect(item.detail[0].productOrService.coding[0]).toMatchObject({
      system: SYSTEM.ndc,
      code: '0310-4611-50',
    });
    expect(item.detail[0].quantity.value).toBe(3 * 13);
  });

  it('names the requestor by NPI and the diagnosis in ICD-10-CM', () => {
    // Act
    const organizations = ofType(bundle, 'Organization');
    const conditions = ofType(bundle, 'Condition');

    // Assess
    const requestor = organizations.find((o) => o.meta.profile[0] === PROFILE.requestor);
    expect(requestor?.identifier[0]).toEqual({
      system: 'http://hl7.org/fhir/sid/us-npi',
      value: '1234567893',
    });
    expect(conditions.map((c) => c.code.coding[0])).toEqual([
      { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C34.12' },
    ]);
    expect(claimOf(bundle).diagnosis[0].diagnosisCodeableConcept.coding[0].code).toBe('C34.12');
  });

  it('carries the patient, the coverage with the member id and the insurer', () => {
    // Act
    const [patient] = ofType(bundle, 'Patient');
    const [coverage] = ofType(bundle, 'Coverage');

    // Assess
    expect(patient?.birthDate).toBe('1957-03-14');
    expect(patient?.name[0]).toEqual({ family: 'Rivera', given: ['Dana'] });
    expect(coverage?.subscriberId).toBe('XMA123456789');
    expect(coverage?.type.text).toBe('Medicare Advantage');
  });

  it('orders durvalumab with the dose, interval and number of administrations', () => {
    // Act
    const [medicationRequest] = ofType(bundle, 'MedicationRequest');

    // Assess
    const dosage = medicationRequest?.dosageInstruction[0];
    expect(medicationRequest?.intent).toBe('order');
    expect(medicationRequest?.medicationCodeableConcept.text).toBe('durvalumab (IMFINZI)');
    expect(dosage.doseAndRate[0].doseQuantity).toMatchObject({ value: 1500, code: 'mg' });
    expect(dosage.timing.repeat).toMatchObject({ count: 13, period: 4, periodUnit: 'wk' });
    expect(claimOf(bundle).item[0].extension).toContainEqual({
      url: 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-requestedService',
      valueReference: { reference: `urn:uuid:${medicationRequest?.id}` },
    });
  });

  it('records the stage and each biomarker as Observations', () => {
    // Act
    const observations = ofType(bundle, 'Observation');

    // Assess
    const byCode = new Map(observations.map((o) => [o.code.text ?? o.code.coding?.[0]?.display, o]));
    expect(byCode.get('Cancer stage group (AJCC)')?.valueCodeableConcept.text).toBe('IIIB');
    expect(byCode.get('EGFR')?.valueCodeableConcept.text).toBe('negative');
    expect(byCode.get('ALK')?.valueCodeableConcept.text).toBe('negative');
    expect(byCode.get('PDL1_TPS')?.valueQuantity).toMatchObject({ value: 45, code: '%' });
    expect(byCode.get('Body weight')?.valueQuantity).toMatchObject({ value: 68, code: 'kg' });
  });

  it('carries the packet and each attachment in a DocumentReference with its bytes, size and hash', () => {
    // Act
    const documents = ofType(bundle, 'DocumentReference');

    // Assess
    expect(documents).toHaveLength(2);
    const enclosure = documents.find(
      (d) => d.content[0].attachment.title === 'Oncology progress note 2026-08-03',
    );
    expect(enclosure?.content[0].attachment).toMatchObject({
      contentType: 'application/pdf',
      size: input.attachments[0]?.pdf.byteLength,
      data: (input.request.attachments[0] as { data: string }).data,
    });
    expect(enclosure?.content[0].attachment.hash).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const packet = documents.find((d) => d.content[0].attachment.title === 'Prior authorization packet');
    expect(Buffer.from(packet?.content[0].attachment.data, 'base64')).toEqual(SYNTHETIC_PACKET);
    expect(claimOf(bundle).supportingInfo).toHaveLength(2);
  });

  it('resolves every reference to an entry of the bundle', () => {
    // Act
    const fullUrls = new Set((bundle.entry as Json[]).map((e) => e.fullUrl));

    // Assess
    const refs = references(bundle);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(fullUrls).toContain(ref);
  });

  it('gives the same bundle for the same case and other ids for another case', () => {
    // Act
    const again = buildPasBundle({
      ...samplePacketInput(),
      packetDocumentId: 'doc_sample',
      packetPdf: SYNTHETIC_PACKET,
    });
    const other = buildPasBundle({
      ...samplePacketInput({ caseId: 'pa_other' }),
      packetDocumentId: 'doc_other',
    });

    // Assess
    expect(again).toEqual(bundle);
    expect((other as Json).id).not.toBe(bundle.id);
    expect(entries(other as Json)[0]?.id).not.toBe(entries(bundle)[0]?.id);
  });

  it.each([
    ['standard', 'normal', false],
    ['expedited', 'stat', true],
  ] as const)('sets the priority of a %s request', (priority, code, urgent) => {
    // Prepare
    const base = samplePacketInput();
    const request = { ...base.request, priority };

    // Act
    const claim = claimOf(buildPasBundle({ ...base, request }) as Json);

    // Assess
    expect(claim.priority.coding[0].code).toBe(code);
    expect(Boolean(claim.extension?.some((e: Json) => e.valueCodeableConcept.coding[0].code === 'U'))).toBe(
      urgent,
    );
  });

  it('adds a JW line with the discarded units when drug is wasted', () => {
    // Prepare
    const base = samplePacketInput();
    const billing = {
      ...base.billing,
      wasteModifier: 'JW' as const,
      discardedMg: 60,
      discardedUnits: 6,
      discardedUnitsRequested: 78,
    };

    // Act
    const claim = claimOf(buildPasBundle({ ...base, billing }) as Json);

    // Assess
    expect(claim.item).toHaveLength(2);
    expect(claim.item[0].modifier).toBeUndefined();
    expect(claim.item[1].modifier[0].coding[0].code).toBe('JW');
    expect(claim.item[1].quantity.value).toBe(78);
  });

  it('carries what a fuller request adds: dates, TIN, contact, plan classes, a weight-based dose', () => {
    // Prepare
    const base = samplePacketInput();
    const request = {
      ...base.request,
      diagnosis: { ...base.request.diagnosis, diagnosisDate: '2026-05-01' },
      patient: { ...base.request.patient, weightDate: '2026-08-01' },
      provider: {
        ...base.request.provider,
        tin: '12-3456789',
        contact: { name: 'Sam', phone: '555-0100', fax: '555-0101' },
      },
      coverage: { ...base.request.coverage, groupNumber: 'GRP-7', planName: 'Gold' },
      treatmentPlan: { ...base.request.treatmentPlan, dose: { mgPerKg: 20 }, combination: ['tremelimumab'] },
    };

    // Act
    const bundle = buildPasBundle({ ...base, request }) as Json;

    // Assess
    const claim = claimOf(bundle);
    const [condition] = ofType(bundle, 'Condition');
    const [coverage] = ofType(bundle, 'Coverage');
    const [medicationRequest] = ofType(bundle, 'MedicationRequest');
    const observations = ofType(bundle, 'Observation');
    const requestor = ofType(bundle, 'Organization').find((o) => o.meta.profile[0] === PROFILE.requestor);
    expect(condition?.onsetDateTime).toBe('2026-05-01');
    expect(claim.diagnosis[0].extension[0]).toEqual({
      url: `${PAS}/extension-diagnosisRecordedDate`,
      valueDate: '2026-05-01',
    });
    expect(observations.map((o) => o.effectiveDateTime).filter(Boolean)).toEqual([
      '2026-08-01',
      '2026-05-01',
    ]);
    expect(requestor?.identifier[1]).toEqual({
      system: 'http://terminology.hl7.org/NamingSystem/USEIN',
      value: '12-3456789',
    });
    expect(requestor?.telecom.map((t: Json) => t.system)).toEqual(['phone', 'fax']);
    expect(requestor?.contact[0].name.text).toBe('Sam');
    expect(coverage?.class.map((c: Json) => c.value)).toEqual(['GRP-7', 'Gold']);
    const dosage = medicationRequest?.dosageInstruction[0];
    expect(dosage.doseAndRate[0].doseQuantity).toMatchObject({ value: 20, code: 'mg/kg' });
    expect(dosage.text).toBe(
      '20 mg/kg (1500 mg) IV every 4 weeks, 13 administrations from 2026-08-10; with tremelimumab',
    );
  });

  it('leaves out what a sparse request lacks: no packet document, no JW line without waste', () => {
    // Prepare
    const base = samplePacketInput();
    const request = {
      ...base.request,
      provider: { ...base.request.provider, siteOfCare: 'infusion_center' as const, contact: undefined },
    };
    const billing = {
      ...base.billing,
      wasteModifier: 'JW' as const,
      discardedUnits: 0,
      discardedUnitsRequested: 0,
    };

    // Act
    const bundle = buildPasBundle({ ...base, request, billing }) as Json;

    // Assess
    const claim = claimOf(bundle);
    const documents = ofType(bundle, 'DocumentReference');
    expect(documents).toHaveLength(1);
    expect(documents[0]?.context).toBeUndefined();
    expect(claim.item).toHaveLength(1);
    expect(claim.item[0].modifier).toBeUndefined();
    expect(
      ofType(bundle, 'Organization').find((o) => o.meta.profile[0] === PROFILE.requestor)?.telecom,
    ).toBeUndefined();
  });
});
