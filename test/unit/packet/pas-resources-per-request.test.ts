/**
 * The PAS request Bundle's resources as each part of the request shapes them: the dose (flat or
 * per kilogram), the vials, the biomarkers (numbers and results), the weight, the diagnoses, the
 * waste line, the urgency, the coverage classes and the documents. Every Bundle is built inside its
 * test (a Bundle built while the file is collected is blind to a mutation run's active mutant), and
 * the expected codes and systems are written out here, not read from the product.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PacketInput } from '#core/packet/letter.ts';
import type { PasInput } from '#core/packet/pas/fhir.ts';
import { buildPasBundle } from '#core/packet/pas-bundle.ts';
import { samplePacketInput } from '../../fixtures/packet-sample.ts';

// biome-ignore lint/suspicious/noExplicitAny: the Bundle is untyped FHIR JSON, walked freely in assertions
type Json = Record<string, any>;

const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
const UCUM = 'http://unitsofmeasure.org';
const X12 = 'https://codesystem.x12.org/005010';
const HCPCS = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const SYNTHETIC_PDF = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);

type Request = PacketInput['request'];

function bundleOf(change: (input: PasInput) => PasInput = (input) => input): Json {
  return buildPasBundle(change({ ...samplePacketInput() })) as Json;
}

function withRequest(input: PasInput, request: Partial<Request>): PasInput {
  return { ...input, request: { ...input.request, ...request } };
}

/** The request's administrations drawn from this many 500 mg and 120 mg vials each. */
const withVials =
  (administrationsRequested: number, of500: number, of120: number) =>
  (input: PasInput): PasInput => ({
    ...input,
    billing: {
      ...input.billing,
      administrationsRequested,
      vials: [
        { ndc11: '00310-4611-50', strengthMg: 500, count: of500 },
        { ndc11: '00310-4500-12', strengthMg: 120, count: of120 },
      ],
    },
  });

function resources(bundle: Json, type: string): Json[] {
  return (bundle.entry as Json[]).map((e) => e.resource as Json).filter((r) => r.resourceType === type);
}

function one(bundle: Json, type: string): Json {
  const [resource] = resources(bundle, type);
  if (!resource) throw new Error(`no ${type} in the bundle`);
  return resource;
}

function fullUrlOf(bundle: Json, resource: Json): string {
  return (bundle.entry as Json[]).find((e) => e.resource === resource)?.fullUrl as string;
}

function observation(bundle: Json, codeText: string): Json | undefined {
  return resources(bundle, 'Observation').find((o) => o.code.text === codeText);
}

describe('the ids of a PAS request', () => {
  it('gives every resource a version-5 UUID as its id, its fullUrl urn:uuid:<id>, and points references there', () => {
    // Act
    const bundle = bundleOf();

    // Assess
    const UUID5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const entries = bundle.entry as Json[];
    for (const entry of entries) {
      expect(entry.resource.id).toMatch(UUID5);
      expect(entry.fullUrl).toBe(`urn:uuid:${entry.resource.id}`);
    }
    expect(new Set(entries.map((e) => e.resource.id)).size).toBe(entries.length);
    expect(one(bundle, 'Claim').patient).toEqual({ reference: fullUrlOf(bundle, one(bundle, 'Patient')) });
  });
});

describe('the MedicationRequest of a PAS request', () => {
  it('states a flat dose in mg (UCUM) with the profile, status, intent and the date it was authored', () => {
    // Act
    const order = one(bundleOf(), 'MedicationRequest');

    // Assess
    expect(order.meta.profile).toEqual([`${PAS}/profile-medicationrequest`]);
    expect(order.status).toBe('active');
    expect(order.intent).toBe('order');
    expect(order.authoredOn).toBe('2026-08-04');
    expect(order.medicationCodeableConcept.text).toBe('durvalumab (IMFINZI)');
    expect(order.dosageInstruction[0].doseAndRate[0].doseQuantity).toEqual({
      value: 1500,
      unit: 'mg',
      system: UCUM,
      code: 'mg',
    });
    expect(order.dosageInstruction[0].text).toBe(
      '1500 mg IV every 4 weeks, 13 administrations from 2026-08-10',
    );
  });

  it('states a weight-based dose in mg/kg with the milligrams it comes to', () => {
    // Act
    const order = one(
      bundleOf((input) =>
        withRequest(input, { treatmentPlan: { ...input.request.treatmentPlan, dose: { mgPerKg: 10 } } }),
      ),
      'MedicationRequest',
    );

    // Assess
    expect(order.dosageInstruction[0].doseAndRate[0].doseQuantity).toEqual({
      value: 10,
      unit: 'mg/kg',
      system: UCUM,
      code: 'mg/kg',
    });
    expect(order.dosageInstruction[0].text).toMatch(/^10 mg\/kg \(1500 mg\) IV every 4 weeks/);
  });

  it('dispenses every vial of every administration: the vials of one times the administrations', () => {
    // Act
    const order = one(bundleOf(withVials(4, 2, 3)), 'MedicationRequest');

    // Assess: (2 + 3) vials x 4 administrations
    expect(order.dispenseRequest.quantity).toEqual({ value: 20, unit: 'single-dose vial' });
    expect(order.medicationCodeableConcept.coding[0].code).toBe('0310-4611-50');
  });

  it('names the drug by the plan NDC when no vial was chosen, and by text alone when there is none', () => {
    // Act
    const byPlan = one(
      bundleOf((input) => ({
        ...withRequest(input, {
          treatmentPlan: { ...input.request.treatmentPlan, ndc11: '00310-4500-12' },
        }),
        billing: { ...input.billing, vials: [] },
      })),
      'MedicationRequest',
    );
    const byText = one(
      bundleOf((input) => ({ ...input, billing: { ...input.billing, vials: [] } })),
      'MedicationRequest',
    );

    // Assess
    expect(byPlan.medicationCodeableConcept.coding[0].code).toBe('0310-4500-12');
    expect(byText.medicationCodeableConcept).toEqual({ text: 'durvalumab (IMFINZI)' });
    expect(byText.dispenseRequest.quantity.value).toBe(0);
  });
});

describe('the clinical Observations of a PAS request', () => {
  it('states a numeric biomarker as a percentage and a result as text, both laboratory Observations', () => {
    // Act
    const bundle = bundleOf((input) =>
      withRequest(input, {
        diagnosis: { ...input.request.diagnosis, biomarkers: { PDL1_TPS: 45, EGFR: 'negative' } },
      }),
    );

    // Assess
    const tps = observation(bundle, 'PDL1_TPS');
    const egfr = observation(bundle, 'EGFR');
    expect(tps?.valueQuantity).toEqual({ value: 45, unit: '%', system: UCUM, code: '%' });
    expect(tps?.valueCodeableConcept).toBeUndefined();
    expect(egfr?.valueCodeableConcept).toEqual({ text: 'negative' });
    expect(egfr?.valueQuantity).toBeUndefined();
    for (const lab of [tps, egfr]) {
      expect(lab?.status).toBe('final');
      expect(lab?.category[0].coding[0]).toMatchObject({ code: 'laboratory', display: 'Laboratory' });
      expect(lab?.subject.reference).toBe(fullUrlOf(bundle, one(bundle, 'Patient')));
    }
  });

  it('leaves out a biomarker with no value, and has no biomarker Observation when there are none', () => {
    // Act
    const someMissing = bundleOf((input) =>
      withRequest(input, {
        diagnosis: {
          ...input.request.diagnosis,
          biomarkers: { EGFR: 'negative', ALK: undefined } as Request['diagnosis']['biomarkers'],
        },
      }),
    );
    const none = bundleOf((input) =>
      withRequest(input, { diagnosis: { ...input.request.diagnosis, biomarkers: undefined } }),
    );

    // Assess: stage and weight stay
    expect(resources(someMissing, 'Observation').map((o) => o.code.text ?? o.code.coding?.[0]?.code)).toEqual(
      ['29463-7', 'Cancer stage group (AJCC)', 'EGFR'],
    );
    expect(resources(none, 'Observation')).toHaveLength(2);
  });

  it('states the body weight as LOINC 29463-7 in kg, a vital sign', () => {
    // Act
    const weight = resources(bundleOf(), 'Observation').find((o) => o.code.coding?.[0]?.code === '29463-7');

    // Assess
    expect(weight?.code.coding[0]).toEqual({
      system: 'http://loinc.org',
      code: '29463-7',
      display: 'Body weight',
    });
    expect(weight?.valueQuantity).toEqual({ value: 68, unit: 'kg', system: UCUM, code: 'kg' });
    expect(weight?.category[0].coding[0]).toMatchObject({ code: 'vital-signs', display: 'Vital Signs' });
  });

  it('focuses the stage Observation on the first Condition of several', () => {
    // Act
    const bundle = bundleOf((input) =>
      withRequest(input, { diagnosis: { ...input.request.diagnosis, icd10: ['C34.12', 'C77.1'] } }),
    );

    // Assess
    const [first, second] = resources(bundle, 'Condition');
    const stage = observation(bundle, 'Cancer stage group (AJCC)');
    expect(stage?.focus).toEqual([{ reference: fullUrlOf(bundle, first as Json) }]);
    expect(first?.code.coding[0].code).toBe('C34.12');
    expect(second?.code.coding[0].code).toBe('C77.1');
  });
});

describe('the Claim of a PAS request', () => {
  it('numbers the diagnoses from 1 and points every line at all of them and at the documents', () => {
    // Act
    const claim = one(
      bundleOf((input) =>
        withRequest(input, { diagnosis: { ...input.request.diagnosis, icd10: ['C34.12', 'C77.1'] } }),
      ),
      'Claim',
    );

    // Assess
    expect(claim.diagnosis.map((d: Json) => d.sequence)).toEqual([1, 2]);
    expect(claim.item[0].sequence).toBe(1);
    expect(claim.item[0].diagnosisSequence).toEqual([1, 2]);
    expect(claim.item[0].informationSequence).toEqual([1]);
    expect(claim.supportingInfo.map((s: Json) => s.sequence)).toEqual([1]);
    expect(claim.insurance).toEqual([
      { sequence: 1, focal: true, coverage: expect.objectContaining({ reference: expect.any(String) }) },
    ]);
  });

  it('has neither supportingInfo nor informationSequence when no document is carried', () => {
    // Act
    const claim = one(
      bundleOf((input) => ({ ...input, attachments: [] })),
      'Claim',
    );

    // Assess
    expect(claim.supportingInfo).toBeUndefined();
    expect(claim.item[0].informationSequence).toBeUndefined();
    expect(claim.item[0].diagnosisSequence).toEqual([1]);
  });

  it('marks each line as a health services review, initial, chemotherapy, requesting the MedicationRequest', () => {
    // Act
    const bundle = bundleOf();
    const line = (one(bundle, 'Claim').item as Json[])[0] as Json;

    // Assess
    const extension = (name: string) =>
      (line.extension as Json[]).find((e) => e.url === `${PAS}/extension-${name}`);
    expect(extension('itemTraceNumber')?.valueIdentifier).toEqual({
      system: 'urn:durvalumab-pa:case',
      value: 'pa_01jsample0000000000000000-1',
    });
    expect(extension('serviceItemRequestType')?.valueCodeableConcept.coding[0]).toEqual({
      system: `${X12}/1525`,
      code: 'HS',
      display: 'Health Services Review',
    });
    expect(extension('certificationType')?.valueCodeableConcept.coding[0]).toEqual({
      system: `${X12}/1322`,
      code: 'I',
      display: 'Initial',
    });
    expect(extension('requestedService')?.valueReference.reference).toBe(
      fullUrlOf(bundle, one(bundle, 'MedicationRequest')),
    );
    expect(line.category.coding[0]).toEqual({ system: `${X12}/1365`, code: '78', display: 'Chemotherapy' });
  });

  it('details each NDC with its vials over all administrations, numbered from 1', () => {
    // Act
    const claim = one(bundleOf(withVials(5, 3, 1)), 'Claim');

    // Assess
    expect(
      claim.item[0].detail.map((d: Json) => [d.sequence, d.productOrService.coding[0].code, d.quantity]),
    ).toEqual([
      [1, '0310-4611-50', { value: 15, unit: 'UN' }],
      [2, '0310-4500-12', { value: 5, unit: 'UN' }],
    ]);
  });

  it('adds a JW line for the discarded units of the whole request, and none when nothing is discarded', () => {
    // Act
    const jw = (discardedUnitsRequested: number | undefined, discardedUnits: number) =>
      one(
        bundleOf((input) => ({
          ...input,
          billing: {
            ...input.billing,
            wasteModifier: 'JW',
            discardedUnits,
            administrationsRequested: 3,
            ...(discardedUnitsRequested === undefined
              ? { discardedUnitsRequested: undefined }
              : { discardedUnitsRequested }),
          },
        })),
        'Claim',
      ).item as Json[];

    // Assess
    const stated = jw(12, 4);
    expect(stated).toHaveLength(2);
    expect(stated[1]?.sequence).toBe(2);
    expect(stated[1]?.modifier).toEqual([{ coding: [{ system: HCPCS, code: 'JW' }] }]);
    expect(stated[1]?.quantity).toEqual({ value: 12, unit: 'UN' });
    expect(stated[0]?.modifier).toBeUndefined();
    expect(jw(undefined, 4)[1]?.quantity).toEqual({ value: 12, unit: 'UN' });
    expect(jw(0, 4)).toHaveLength(1);
    expect(jw(undefined, 0)).toHaveLength(1);
  });

  it('asks urgent review (X12 1338 U, priority stat) for an expedited request and none for a standard one', () => {
    // Act
    const expedited = one(
      bundleOf((input) => withRequest(input, { priority: 'expedited' })),
      'Claim',
    );
    const standard = one(bundleOf(), 'Claim');

    // Assess
    expect(expedited.extension).toEqual([
      {
        url: `${PAS}/extension-levelOfServiceCode`,
        valueCodeableConcept: { coding: [{ system: `${X12}/1338`, code: 'U', display: 'Urgent' }] },
      },
    ]);
    expect(expedited.priority.coding[0].code).toBe('stat');
    expect(standard.extension).toBeUndefined();
    expect(standard.priority.coding[0].code).toBe('normal');
  });
});

describe('the Coverage of a PAS request', () => {
  it('carries the group and the plan as coverage classes when the request has them', () => {
    // Act
    const coverage = one(
      bundleOf((input) =>
        withRequest(input, {
          coverage: { ...input.request.coverage, groupNumber: 'GRP-0042', planName: 'Demo Gold' },
        }),
      ),
      'Coverage',
    );

    // Assess
    const CLASS = 'http://terminology.hl7.org/CodeSystem/coverage-class';
    expect(coverage.class).toEqual([
      { type: { coding: [{ system: CLASS, code: 'group', display: 'Group' }] }, value: 'GRP-0042' },
      { type: { coding: [{ system: CLASS, code: 'plan', display: 'Plan' }] }, value: 'Demo Gold' },
    ]);
  });
});

describe('the DocumentReferences of a PAS request', () => {
  const withPacket = (input: PasInput): PasInput => ({
    ...input,
    packetDocumentId: 'doc_packet01',
    packetPdf: SYNTHETIC_PDF('packet'),
    attachments: [
      { title: 'Oncology progress note 2026-08-03', pdf: SYNTHETIC_PDF('note') },
      { title: 'An enclosure the request does not list', pdf: SYNTHETIC_PDF('other') },
    ],
  });

  it('identifies the packet by its document id, authored by the requestor; each enclosure points at it', () => {
    // Act
    const bundle = bundleOf(withPacket);
    const [packet, note, other] = resources(bundle, 'DocumentReference');

    // Assess
    const packetId = { system: 'urn:durvalumab-pa:document', value: 'doc_packet01' };
    expect(packet?.identifier).toEqual([packetId]);
    expect(packet?.author).toEqual([one(bundle, 'Claim').provider]);
    expect(packet?.context).toBeUndefined();
    for (const enclosure of [note, other]) {
      expect(enclosure?.identifier).toBeUndefined();
      expect(enclosure?.author).toBeUndefined();
      expect(enclosure?.context).toEqual({ related: [{ identifier: packetId }] });
    }
  });

  it('types each document unknown with its kind as text, numbering the enclosures from 1', () => {
    // Act
    const [packet, note, other] = resources(bundleOf(withPacket), 'DocumentReference');

    // Assess
    const unknown = {
      system: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor',
      code: 'UNK',
      display: 'unknown',
    };
    expect(packet?.type).toEqual({
      coding: [unknown],
      text: 'Letter of medical necessity and prior authorization request',
    });
    expect(note?.type).toEqual({ coding: [unknown], text: 'progress note' });
    expect(other?.type.text).toBe('clinical document');
    expect(note?.description).toBe(
      'Enclosure 1 of the prior-authorization packet: Oncology progress note 2026-08-03',
    );
    expect(other?.description).toBe(
      'Enclosure 2 of the prior-authorization packet: An enclosure the request does not list',
    );
    for (const doc of [packet, note, other]) {
      expect(doc?.status).toBe('current');
      expect(doc?.category[0].coding[0]).toMatchObject({ code: 'clinical-note', display: 'Clinical Note' });
      expect(doc?.content[0].attachment.contentType).toBe('application/pdf');
    }
  });

  it('gives each document the SHA-1 of its bytes, base64, and its size', () => {
    // Act
    const [packet] = resources(bundleOf(withPacket), 'DocumentReference');

    // Assess: sha1 of the synthetic packet bytes, computed independently
    const bytes = SYNTHETIC_PDF('packet');
    expect(packet?.content[0].attachment.size).toBe(bytes.byteLength);
    expect(packet?.content[0].attachment.hash).toBe(createHash('sha1').update(bytes).digest('base64'));
  });

  it('without a packet document id carries no packet and no context on the enclosures', () => {
    // Act
    const docs = resources(
      bundleOf((input) => ({ ...withPacket(input), packetDocumentId: undefined })),
      'DocumentReference',
    );

    // Assess
    expect(docs).toHaveLength(2);
    for (const doc of docs) expect(doc.context).toBeUndefined();
  });

  it('describes each carried document in its supportingInfo and lists those left out for size', () => {
    // Act
    const claim = one(
      bundleOf((input) => ({ ...withPacket(input), inlineBudgetBytes: SYNTHETIC_PDF('packet').byteLength })),
      'Claim',
    );

    // Assess: the packet fits the budget exactly, the two enclosures do not
    const [packet, message] = claim.supportingInfo as Json[];
    const info = packet?.extension[0].extension as Json[];
    expect(info.find((e) => e.url === 'description')).toEqual({
      url: 'description',
      valueString: 'Prior authorization packet',
    });
    expect(message?.sequence).toBe(2);
    expect(message?.valueString).toBe(
      'Not enclosed in this request for size, available from the requestor: "Oncology progress note 2026-08-03", "An enclosure the request does not list".',
    );
  });
});
