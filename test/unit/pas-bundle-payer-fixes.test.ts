/**
 * The PAS request Bundle as a conformant PAS 2.x payer takes it (issue 12): each finding of the
 * issue, one test that fails without its fix. Profiles and codes are written out here from the
 * IG source (HL7/davinci-pas at 46be73e, input/fsh), not read from the product.
 */
import { describe, expect, it } from 'vitest';
import { build278Request } from '#adapters/transports/x12-278.ts';
import type { PacketInput } from '#core/packet/letter.ts';
import { buildPasBundle } from '#core/packet/pas-bundle.ts';
import { samplePacketInput } from '../fixtures/packet-sample.ts';
import { payer, segmentsOf, submission } from './transports/support.ts';

// biome-ignore lint/suspicious/noExplicitAny: the Bundle is FHIR JSON, walked freely in assertions
type Json = Record<string, any>;

const PAS_SD = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
const PAS_TEMP_CODES = 'http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes';
const X12 = (element: number) => `https://codesystem.x12.org/005010/${element}`;
const PACKET = Buffer.from('%PDF-1.7\n% synthetic packet\n%%EOF\n');

function build(
  overrides: Partial<PacketInput> & { packetPdf?: Uint8Array; inlineBudgetBytes?: number } = {},
) {
  const bundle = buildPasBundle({
    ...samplePacketInput(),
    packetDocumentId: 'doc_sample',
    packetPdf: PACKET,
    ...overrides,
  }) as Json;
  const resources: Json[] = bundle.entry.map((e: Json) => e.resource);
  const ofType = (type: string) => resources.filter((r) => r.resourceType === type);
  const claim = ofType('Claim')[0] as Json;
  const org = (profile: string) =>
    ofType('Organization').find((o) => o.meta.profile[0] === `${PAS_SD}/${profile}`);
  return {
    bundle,
    resources,
    ofType,
    claim,
    insurer: org('profile-insurer'),
    requestor: org('profile-requestor'),
  };
}

const withRequest = (change: (r: PacketInput['request']) => PacketInput['request']) => {
  const base = samplePacketInput();
  return { request: change(base.request) };
};

describe('the PAS Claim supportingInfo', () => {
  it('is categorised in PASTempCodes (PASSupportingInfoType is a value set since PAS 2.0)', () => {
    // Act
    const { claim } = build();

    // Assess
    const systems = claim.supportingInfo.map((s: Json) => s.category.coding[0].system);
    expect(new Set(systems)).toEqual(new Set([PAS_TEMP_CODES]));
    expect(claim.supportingInfo.map((s: Json) => s.category.coding[0].code)).toEqual([
      'additionalInformation',
      'additionalInformation',
    ]);
  });

  it('carries the required documentInformation extension with the PWK01 report type on each document', () => {
    // Act
    const { claim } = build();

    // Assess
    for (const info of claim.supportingInfo) {
      const documentInformation = info.extension.filter(
        (e: Json) => e.url === `${PAS_SD}/extension-documentInformation`,
      );
      expect(documentInformation).toHaveLength(1);
      const parts = new Map(documentInformation[0].extension.map((e: Json) => [e.url, e]));
      expect((parts.get('reportTypeCode') as Json).valueCodeableConcept.coding[0]).toEqual({
        system: X12(755),
        code: 'PY',
        display: "Physician's Report",
      });
      expect((parts.get('transmissionMethod') as Json).valueCodeableConcept.coding[0].code).toBe('EL');
    }
  });
});

describe('the PAS DocumentReferences', () => {
  it('carry each document inline as base64 data under the PAS profile, with no URL', () => {
    // Prepare
    const input = samplePacketInput();

    // Act
    const { ofType } = build();

    // Assess
    const documents = ofType('DocumentReference');
    expect(documents.map((d) => d.meta.profile)).toEqual([
      [`${PAS_SD}/profile-documentreference`],
      [`${PAS_SD}/profile-documentreference`],
    ]);
    expect(documents.map((d) => Buffer.from(d.content[0].attachment.data, 'base64'))).toEqual([
      PACKET,
      Buffer.from(input.attachments[0]!.pdf),
    ]);
    expect(documents.every((d) => d.content[0].attachment.url === undefined)).toBe(true);
  });

  it('inline the documents in order while their bytes fit the budget and name the others in a message', () => {
    // Prepare: a budget the packet fits and the enclosure, after it, does not.
    const enclosure = samplePacketInput().attachments[0]!;

    // Act
    const { ofType, claim } = build({ inlineBudgetBytes: PACKET.byteLength + enclosure.pdf.byteLength - 1 });

    // Assess
    const documents = ofType('DocumentReference');
    expect(documents.map((d) => d.content[0].attachment.title)).toEqual(['Prior authorization packet']);
    expect(claim.supportingInfo).toHaveLength(2);
    expect(claim.supportingInfo[1]).toEqual({
      sequence: 2,
      category: {
        coding: [{ system: PAS_TEMP_CODES, code: 'freeFormMessage', display: 'Free Form Message' }],
      },
      valueString: `Not enclosed in this request for size, available from the requestor: "${enclosure.title}".`,
    });
    expect(claim.item[0].informationSequence).toEqual([1, 2]);
  });

  it('inline exactly at the budget', () => {
    // Prepare
    const enclosure = samplePacketInput().attachments[0]!;

    // Act
    const { ofType, claim } = build({ inlineBudgetBytes: PACKET.byteLength + enclosure.pdf.byteLength });

    // Assess
    expect(ofType('DocumentReference')).toHaveLength(2);
    expect(claim.supportingInfo.every((s: Json) => s.valueString === undefined)).toBe(true);
  });
});

describe('the default inline budget', () => {
  it('is 10 MiB: a packet of exactly that goes inline, and leaves no room for an enclosure', () => {
    // Prepare
    const packetPdf = Buffer.alloc(10 * 1024 * 1024, 0x20);

    // Act
    const { ofType, claim } = build({ packetPdf });

    // Assess
    expect(ofType('DocumentReference').map((d) => d.content[0].attachment.size)).toEqual([
      packetPdf.byteLength,
    ]);
    expect(claim.supportingInfo.at(-1).valueString).toContain('Oncology progress note 2026-08-03');
  });
});

describe('the PAS Coverage', () => {
  it('carries the member id as an MB identifier and the relationship self, in FHIR and X12 codes', () => {
    // Act
    const [coverage] = build().ofType('Coverage');

    // Assess
    expect(coverage?.identifier).toEqual([
      {
        type: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MB', display: 'Member Number' },
          ],
        },
        system: 'urn:durvalumab-pa:payer:demo-medicare-advantage:member',
        value: 'XMA123456789',
      },
    ]);
    expect(coverage?.relationship.coding.map((c: Json) => `${c.system}#${c.code}`)).toEqual([
      'http://terminology.hl7.org/CodeSystem/subscriber-relationship#self',
      `${X12(1069)}#18`,
    ]);
  });
});

describe('the insurer and the requestor', () => {
  it('are typed with X12 element 98 codes: PR payer, 1P provider', () => {
    // Act
    const { insurer, requestor } = build();

    // Assess
    expect(insurer?.type).toEqual([{ coding: [{ system: X12(98), code: 'PR', display: 'Payer' }] }]);
    expect(requestor?.type).toEqual([{ coding: [{ system: X12(98), code: '1P', display: 'Provider' }] }]);
  });

  it('names the insurer by its payer identifier (the PI slice)', () => {
    // Act
    const { insurer } = build();

    // Assess
    expect(insurer?.identifier).toEqual([
      {
        type: {
          coding: [
            {
              system: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType',
              code: 'payerid',
              display: 'Payer ID',
            },
          ],
        },
        system: 'urn:durvalumab-pa:payer',
        value: 'demo-medicare-advantage',
      },
    ]);
  });
});

describe('the Claim items', () => {
  it.each([
    ['office', { coding: [expect.objectContaining({ code: '11' })] }],
    ['home', { coding: [expect.objectContaining({ code: '12' })] }],
    ['hospital_outpatient', { coding: [expect.objectContaining({ code: '22' })] }],
    ['infusion_center', { text: 'infusion center' }],
  ])('carry a location for every site of care: %s', (siteOfCare, location) => {
    // Prepare
    const billing = {
      ...samplePacketInput().billing,
      wasteModifier: 'JW' as const,
      discardedUnitsRequested: 13,
    };
    const overrides = withRequest((r) => ({ ...r, provider: { ...r.provider, siteOfCare } }));

    // Act
    const { claim } = build({ ...overrides, billing });

    // Assess
    expect(claim.item).toHaveLength(2);
    for (const item of claim.item) expect(item.locationCodeableConcept).toEqual(location);
  });

  it('cover the whole course with a period, not the start date alone', () => {
    // Prepare: 13 administrations every 4 weeks from 2026-08-10: 364 days.
    const { claim } = build();

    // Assess
    expect(claim.item[0].servicedDate).toBeUndefined();
    expect(claim.item[0].servicedPeriod).toEqual({ start: '2026-08-10', end: '2027-08-08' });
  });

  it('code the NDC in HL7 10-digit hyphenated form', () => {
    // Act
    const { claim, ofType } = build();

    // Assess
    expect(claim.item[0].detail[0].productOrService.coding).toEqual([
      { system: 'http://hl7.org/fhir/sid/ndc', code: '0310-4611-50' },
    ]);
    expect(ofType('MedicationRequest')[0]?.medicationCodeableConcept.coding[0].code).toBe('0310-4611-50');
  });

  it('send an NDC not in the reference as text, with no coding', () => {
    // Prepare
    const base = samplePacketInput();
    const billing = { ...base.billing, vials: [{ ndc11: '99999-9999-99', strengthMg: 500, count: 3 }] };

    // Act
    const { claim } = build({ billing });

    // Assess
    expect(claim.item[0].detail[0].productOrService).toEqual({ text: 'NDC 99999-9999-99' });
  });
});

describe('the PAS Claim and the X12 278 of the same request', () => {
  it('agree on the service type, the dates, the units, the payer id and the requester type', () => {
    // Prepare
    const sample = samplePacketInput();
    const x12 = build278Request(
      submission(payer({ id: sample.payer.id }), {
        caseId: sample.caseId,
        request: sample.request,
        billing: sample.billing,
      }),
      {
        senderId: 'SENDER',
        receiverId: 'RECEIVER',
        usage: 'T',
        controlNumber: 1,
        createdAt: sample.createdAt,
      },
    );
    const segments = segmentsOf(x12);
    const serviceUm = segments.filter((s) => s.tag === 'UM').at(-1)!;
    const serviceDates = segments.find((s) => s.tag === 'DTP' && s.valueOf(1) === '472')!.valueOf(3)!;
    const sv1 = segments.find((s) => s.tag === 'SV1')!;
    const payerName = segments.find((s) => s.tag === 'NM1' && s.valueOf(8) === 'PI')!;
    const requester = segments.find((s) => s.tag === 'NM1' && s.valueOf(9) === sample.request.provider.npi)!;

    // Act
    const { claim, insurer, requestor } = build();

    // Assess
    const [item] = claim.item;
    expect(item.category.coding[0]).toMatchObject({ system: X12(1365), code: serviceUm.valueOf(3) });
    const period = `${item.servicedPeriod.start}-${item.servicedPeriod.end}`.replaceAll('-', '');
    expect(period).toBe(serviceDates.replace('-', ''));
    expect(String(item.quantity.value)).toBe(sv1.valueOf(4));
    expect(insurer?.identifier[0].value).toBe(payerName.valueOf(9));
    expect(requestor?.type[0].coding[0].code).toBe(requester.valueOf(1));
  });
});

describe('Bundles built one after another', () => {
  it('share no object: a caller editing one Bundle leaves the next as built', () => {
    // Prepare: every string of a first Bundle overwritten in place.
    const before = JSON.stringify(build().bundle);
    const scribble = (value: unknown): void => {
      if (!value || typeof value !== 'object') return;
      for (const [key, inner] of Object.entries(value)) {
        if (typeof inner === 'string') (value as Json)[key] = 'edited';
        else scribble(inner);
      }
    };
    scribble(build().bundle);

    // Act
    const after = JSON.stringify(build().bundle);

    // Assess
    expect(after).toBe(before);
  });
});
