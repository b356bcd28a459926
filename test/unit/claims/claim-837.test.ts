/**
 * The 837 of a claim: the core's view (form, parties, CLM05, REF*F8/G1, lines with their NDC),
 * the file node-x12 lays out from it, checked segment by segment by the structural checker for
 * professional and institutional, original, replacement and void claims, JW and JZ, 340B and
 * site-of-service modifiers; the checker itself proved on public samples and on broken files.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build837 } from '#adapters/x12/claim-837.ts';
import { claim837Envelope, claim837View } from '#core/billing/claim-837.ts';
import type { CaseRecord } from '#core/case/case-record.ts';
import { scrubbedClaim } from '#core/case/claim-scrubbed.ts';
import { ValidationError } from '#core/errors.ts';
import { ClaimInput, type ClaimInputRaw } from '#schemas/claim.ts';
import { newCase } from '../../contract/case-fixture.ts';
import { check837, type Form, segmentsOf } from './x12-837-checker.ts';

const ADDRESS = { line1: '100 Synthetic Way', city: 'Springfield', state: 'IL', postalCode: '62701' };
const DRUG = {
  hcpcs: 'J9173',
  units: 150,
  ndc11: '00310-4611-50',
  ndcQuantity: 30,
  ndcUnit: 'ML' as const,
  chargeAmount: 18750,
};
const RENDERING = { npi: '1234567893', familyName: 'Synthetic', givenName: 'Clinician' };

function approvedCase(): CaseRecord {
  const { record } = newCase();
  return {
    ...record,
    status: 'APPROVED',
    request: { ...record.request, provider: { ...record.request.provider, tin: '123456789' } },
    decision: {
      outcome: 'approved',
      authorizationNumber: 'PA-55120',
      payerReference: 'REF-1',
      decidedAt: '2026-08-20T10:00:00.000Z',
      reasons: [],
      note: null,
    } as unknown as CaseRecord['decision'],
  };
}

const professional = (overrides: Partial<ClaimInputRaw> = {}): ClaimInputRaw => ({
  claimId: 'CLM-837P-1',
  serviceDate: '2026-09-07',
  placeOfService: '11',
  authorizationNumber: 'PA-55120',
  diagnosisCodes: ['C34.12', 'Z51.12'],
  administeredMg: 1500,
  billingProvider: { address: ADDRESS },
  patientAddress: { ...ADDRESS, line1: '1 Synthetic Patient Rd' },
  renderingProvider: RENDERING,
  lines: [
    { ...DRUG, modifiers: ['JZ'] },
    { hcpcs: '96413', units: 1, chargeAmount: 310 },
  ],
  ...overrides,
});

const institutional = (overrides: Partial<ClaimInputRaw> = {}): ClaimInputRaw =>
  professional({
    claimId: 'CLM-837I-1',
    form: 'institutional',
    placeOfService: undefined,
    typeOfBill: '131',
    lines: [
      { ...DRUG, modifiers: ['JZ'], revenueCode: '0636' },
      { hcpcs: '96413', units: 1, chargeAmount: 310, revenueCode: '0335' },
    ],
    ...overrides,
  });

function file837(raw: ClaimInputRaw, record = approvedCase()) {
  const { claim } = scrubbedClaim(record, ClaimInput.parse(raw), '2026-09-08T12:00:00.000Z');
  const view = claim837View(record, claim);
  const x12 = build837(view, claim837Envelope(record, claim));
  return { view, x12, segments: segmentsOf(x12) };
}

const find = (segments: string[], prefix: string) => segments.filter((s) => s.startsWith(prefix));

describe('the 837 of a claim passes the structural check', () => {
  const JW_LINES = [
    { ...DRUG, units: 140, modifiers: [] },
    { ...DRUG, units: 10, modifiers: ['JW'], chargeAmount: 1250 },
  ];
  it.each<[string, Form, ClaimInputRaw]>([
    ['837P original with JZ', 'professional', professional()],
    [
      '837P with an administered line and a JW line',
      'professional',
      professional({ administeredMg: 1400, discardedMg: 100, lines: JW_LINES }),
    ],
    ['837P replacement', 'professional', professional({ frequencyCode: '7', payerClaimNumber: 'ICN-0001' })],
    ['837P void', 'professional', professional({ frequencyCode: '8', payerClaimNumber: 'ICN-0001' })],
    [
      '837P clinical trial (Q1, REF*P4)',
      'professional',
      professional({ clinicalTrialNumber: 'NCT01234567', lines: [{ ...DRUG, modifiers: ['JZ', 'Q1'] }] }),
    ],
    ['837I original 131, 0636', 'institutional', institutional()],
    [
      '837I 340B JG with PO',
      'institutional',
      institutional({ lines: [{ ...DRUG, modifiers: ['JZ', 'JG', 'PO'], revenueCode: '0636' }] }),
    ],
    [
      '837I 340B TB',
      'institutional',
      institutional({ lines: [{ ...DRUG, modifiers: ['JZ', 'TB'], revenueCode: '0636' }] }),
    ],
    [
      '837I replacement 137',
      'institutional',
      institutional({ typeOfBill: '137', frequencyCode: '7', payerClaimNumber: 'ICN-0002' }),
    ],
    [
      '837I void 138',
      'institutional',
      institutional({ typeOfBill: '138', frequencyCode: '8', payerClaimNumber: 'ICN-0002' }),
    ],
  ])('%s', (_name, form, raw) => {
    // Act
    const { x12, view } = file837(raw);

    // Assess
    expect(view.form).toBe(form);
    expect(check837(x12, form)).toEqual([]);
  });
});

describe('what the 837 says', () => {
  it('837P: the envelope, parties, CLM05 place of service, REF*G1, HI, rendering provider, SV1 with JZ, LIN/CTP, DTP*472', () => {
    // Act
    const { x12, segments } = file837(professional());

    // Assess
    expect(
      x12.startsWith(
        'ISA*00*          *00*          *ZZ*SYNTHSUBMITTER *ZZ*DEMO-MEDICARE-A*260908*1200*^*00501*',
      ),
    ).toBe(true);
    expect(find(segments, 'GS')).toEqual([]);
    expect(segments).toEqual(
      expect.arrayContaining([
        'BHT*0019*00*CLM-837P-1*20260908*1200*CH',
        'NM1*85*2*RIVERSIDE ONCOLOGY ASSOCIATES*****XX*1234567893',
        'REF*EI*123456789',
        'SBR*P*18*******16',
        'NM1*IL*1*RIVERA*DANA****MI*XMA123456789',
        'N3*1 SYNTHETIC PATIENT RD',
        'DMG*D8*19570314*F',
        'NM1*PR*2*DEMO MEDICARE ADVANTAGE PLAN*****PI*demo-medicare-advantage',
        'CLM*CLM-837P-1*19060***11:B:1*Y*A*Y*Y',
        'REF*G1*PA-55120',
        'HI*ABK:C3412*ABF:Z5112',
        'NM1*82*1*SYNTHETIC*CLINICIAN****XX*1234567893',
        'SV1*HC:J9173:JZ*18750*UN*150***1',
        'DTP*472*D8*20260907',
        'LIN**N4*00310461150',
        'CTP****30*ML',
        'SV1*HC:96413*310*UN*1***1',
      ]),
    );
    expect(find(segments, 'REF*F8')).toEqual([]);
  });

  it('837I: CLM05 from the type of bill, statement dates, attending provider, SV2 under 0636', () => {
    // Act
    const { segments } = file837(institutional());

    // Assess
    expect(segments).toEqual(
      expect.arrayContaining([
        'CLM*CLM-837I-1*19060***13:A:1*Y*A*Y*Y',
        'DTP*434*RD8*20260907-20260907',
        'HI*ABK:C3412',
        'HI*ABF:Z5112',
        'NM1*71*1*SYNTHETIC*CLINICIAN****XX*1234567893',
        'SV2*0636*HC:J9173:JZ*18750*UN*150',
        'SV2*0335*HC:96413*310*UN*1',
      ]),
    );
    expect(find(segments, 'SV1')).toEqual([]);
  });

  it.each([
    [
      'professional',
      professional({ frequencyCode: '7', payerClaimNumber: 'ICN-0001' }),
      'CLM*CLM-837P-1*19060***11:B:7',
    ],
    [
      'institutional',
      institutional({ typeOfBill: '137', frequencyCode: '7', payerClaimNumber: 'ICN-0001' }),
      'CLM*CLM-837I-1*19060***13:A:7',
    ],
  ])('a %s replacement carries frequency 7 and REF*F8', (_form, raw, clm) => {
    const { segments } = file837(raw);
    expect(find(segments, 'CLM')[0]?.startsWith(clm)).toBe(true);
    expect(find(segments, 'REF*F8')).toEqual(['REF*F8*ICN-0001']);
  });

  it('takes the trading-partner ids and ISA15 from the registry entry, and the same claim gives the same file', () => {
    // Prepare
    const record = approvedCase();
    const { claim } = scrubbedClaim(record, ClaimInput.parse(professional()), '2026-09-08T12:00:00.000Z');

    // Act
    const envelope = claim837Envelope(record, claim, {
      senderId: 'SENDER1',
      receiverId: 'RECEIVER1',
      usage: 'T',
    });
    const again = claim837Envelope(record, claim, {
      senderId: 'SENDER1',
      receiverId: 'RECEIVER1',
      usage: 'T',
    });
    const x12 = build837(claim837View(record, claim), envelope);

    // Assess
    expect(x12).toContain('*ZZ*SENDER1        *ZZ*RECEIVER1      *');
    expect(x12.split('\n')[0]?.split('*')[15]).toBe('T');
    expect(envelope.controlNumber).toBe(again.controlNumber);
    expect(envelope.controlNumber).toBeGreaterThanOrEqual(1);
    expect(envelope.controlNumber).toBeLessThanOrEqual(999_999_999);
  });

  it('refuses with 422 what neither the claim nor the case gives, naming each field', () => {
    // Prepare
    const record = approvedCase();
    const bare = {
      ...record,
      request: { ...record.request, provider: { ...record.request.provider, tin: undefined } },
    };
    const raw = professional({
      billingProvider: undefined,
      patientAddress: undefined,
      placeOfService: undefined,
      frequencyCode: '7',
    });
    const { claim } = scrubbedClaim(bare, ClaimInput.parse(raw), '2026-09-08T12:00:00.000Z');

    // Act
    let error: unknown;
    try {
      claim837View(bare, claim);
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).statusCode).toBe(422);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual([
      'billingProvider.taxId',
      'billingProvider.address',
      'patientAddress',
      'placeOfService',
      'payerClaimNumber',
    ]);
  });

  it('refuses with 422 a case without a submitter contact phone', () => {
    const record = approvedCase();
    const noPhone = {
      ...record,
      request: { ...record.request, provider: { ...record.request.provider, contact: undefined } },
    };
    const { claim } = scrubbedClaim(noPhone, ClaimInput.parse(professional()), '2026-09-08T12:00:00.000Z');
    expect(() => claim837Envelope(noPhone, claim)).toThrow(ValidationError);
  });
});

describe('the structural checker', () => {
  const sample = (name: string) =>
    readFileSync(new URL(`../../fixtures/x12/public-837/${name}`, import.meta.url), 'utf8');

  it.each<[string, Form, string[]]>([
    ['demo.drug.example10.1.837', 'professional', []],
    ['demo.example1.837', 'professional', []],
    ['two-claims-single-provider.837i', 'institutional', []],
    // The sample writes its statement dates as one date (D8); the guide asks for a range (RD8).
    ['institutional-claim.837i', 'institutional', ['2300#1 DTP02 "D8" is not one of RD8']],
  ])('reads the public sample %s', (name, form, expected) => {
    expect(check837(sample(name), form)).toEqual(expected);
  });

  it('refuses an 837P read as an 837I', () => {
    expect(check837(sample('demo.example1.837'), 'institutional')).toContain(
      'GS08 "005010X222A2" is not a institutional guide',
    );
  });

  it.each<[string, (x12: string) => string, string]>([
    ['a missing REF*EI', (x) => x.replace(/REF\*EI\*\d+~\n/, ''), '2010AA#1 lacks REF*EI'],
    ['a replacement without REF*F8', (x) => x.replace(':B:1*', ':B:7*'), 'lacks REF*F8'],
    [
      'a CTP unit outside the code list',
      (x) => x.replace('*30*ML~', '*30*XX~'),
      'CTP05-1 "XX" is not one of',
    ],
    [
      'an NDC of 10 digits',
      (x) => x.replace('LIN**N4*00310461150', 'LIN**N4*0310461150'),
      'LIN03 "0310461150" does not match',
    ],
    ['a wrong SE count', (x) => x.replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) + 1}*`), 'SE01'],
    [
      'a missing subscriber loop',
      (x) => x.replace(/NM1\*IL[^~]*~\n/, ''),
      'loop 2010BA Subscriber Name (R) is missing',
    ],
    [
      'a total that is not the sum of the lines',
      (x) => x.replace('*19060***11:B:1', '*19061***11:B:1'),
      'CLM02 19061',
    ],
    ['a subscriber level under no level', (x) => x.replace('HL*2*1*22*0', 'HL*2*5*22*0'), 'HL02 "5"'],
    [
      'a payer before the submitter',
      (x) => x.replace(/(NM1\*41[^~]*~\n)/, 'NM1*PR*2*EARLY*****PI*1~\n$1'),
      'out of order',
    ],
  ])('finds %s', (_name, breakIt, problem) => {
    // Prepare
    const { x12 } = file837(professional());

    // Act
    const problems = check837(breakIt(x12), 'professional');

    // Assess
    expect(problems.some((p) => p.includes(problem))).toBe(true);
  });
});
