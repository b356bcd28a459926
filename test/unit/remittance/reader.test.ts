import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRemittance } from '#adapters/x12/remittance-835.ts';
import { ValidationError } from '#core/errors.ts';
import type { RemittanceClaim, RemittancePart } from '#core/remittance/model.ts';
import { build835, DENIED_J9173 } from '../../fixtures/x12/remittance-835.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/x12/835/${name}`, import.meta.url), 'utf8');

/** The text as a stream of `size`-byte chunks (a chunk may end inside a segment or a separator run). */
function chunked(text: string, size: number): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

async function read(text: string, size = 64): Promise<RemittancePart[]> {
  const parts: RemittancePart[] = [];
  for await (const part of readRemittance(chunked(text, size))) parts.push(part);
  return parts;
}

const claims = (parts: RemittancePart[]): RemittanceClaim[] =>
  parts.flatMap((p) => (p.kind === 'claim' ? [p.claim] : []));

async function failure(text: string): Promise<ValidationError> {
  try {
    await read(text);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('the 835 reader on the public samples (LinuxForHealth/x12)', () => {
  it.each([1, 7, 64, 100_000])(
    'reads managed-care.835 the same in chunks of %i bytes (BPR16 20002316 is no date: DTM*405 stands in)',
    async (size) => {
      // Prepare / Act
      const parts = await read(fixture('managed-care.835'), size);
      // Assess
      expect(parts[0]).toEqual({
        kind: 'header',
        header: {
          payerKey: '1935665544',
          payerName: 'RUSHMORE LIFE',
          traceNumber: '7170066655',
          paymentAmount: 945,
          paymentMethod: 'ACH',
          paymentDate: '2002-03-14',
        },
      });
      const [first, second] = claims(parts);
      expect(first).toEqual({
        claimId: '5554555444',
        statusCode: '1',
        chargeAmount: 800,
        paidAmount: 450,
        patientResponsibility: 300,
        payerClaimControlNumber: '94060555410000',
        adjustments: [{ group: 'CO', code: 'A2', amount: 50 }],
        remarks: [],
        lines: [
          {
            hcpcs: '99211',
            modifiers: [],
            chargeAmount: 800,
            paidAmount: 500,
            units: 1,
            adjustments: [{ group: 'PR', code: '1', amount: 300 }],
            remarks: [],
            allowedAmount: null,
          },
        ],
      });
      expect(second?.lines[0]?.adjustments).toEqual([
        { group: 'PR', code: '1', amount: 600 },
        { group: 'CO', code: '45', amount: 50 },
      ]);
      expect(parts).toHaveLength(3);
    },
  );

  it('keeps PLB at the remittance level and reads MOA remarks (medicare-part-a.835)', async () => {
    const parts = await read(fixture('medicare-part-a.835'));
    expect(claims(parts).map((c) => [c.claimId, c.paidAmount, c.remarks])).toEqual([
      ['666123', 138018.4, []],
      ['777777', 11980.33, ['MA02']],
    ]);
    expect(parts.at(-1)).toEqual({
      kind: 'provider-adjustments',
      adjustments: [
        {
          providerId: '6543210903',
          fiscalPeriodDate: '2002-12-31',
          reason: 'CV',
          reference: 'CP',
          amount: -1.27,
        },
      ],
    });
  });

  it('reads secondary-payment.835: claim-level CAS, two lines with AMT*B6, multi-reason CAS', async () => {
    const [first, second] = claims(await read(fixture('secondary-payment.835')));
    expect(first?.adjustments).toEqual([{ group: 'OA', code: '23', amount: 9411.64 }]);
    expect(first?.lines).toEqual([]);
    expect(second?.lines.map((l) => [l.allowedAmount, l.paidAmount, l.adjustments.length])).toEqual([
      [150, 30, 1],
      [500, 280, 3],
    ]);
    // The sample writes its composites with '>' although its ISA16 declares ':': the reader honours
    // ISA16, so the procedure is not read as a HCPCS code.
    expect(second?.lines[0]?.hcpcs).toBeNull();
  });

  it.each([
    ['cob-contractural-adjustment.835', '0001000055', '2', [{ group: 'OA', code: '94', amount: -9 }]],
    ['tertiary-payment.835', '0001000054', '3', []],
  ])('reads %s (negative adjustments, tertiary status)', async (name, claimId, statusCode, negative) => {
    const [claim] = claims(await read(fixture(name)));
    expect(claim?.claimId).toBe(claimId);
    expect(claim?.statusCode).toBe(statusCode);
    expect(claim?.lines[0]?.adjustments.filter((a) => a.amount < 0)).toEqual(negative);
  });

  it('never reads the names of NM1 into the model', async () => {
    const parts = await read(fixture('medicare-part-a.835'));
    expect(JSON.stringify(parts)).not.toMatch(/JONES|BORDER|HOSPITAL/);
  });
});

/** A generated 835 of payer P, trace T, with these claims of one J9173 line each. */
const fileOf = (...claimIds: string[]) =>
  build835({
    payerId: 'P',
    payerName: 'P',
    trace: 'T',
    claims: claimIds.map((claimId) => ({
      claimId,
      lines: [{ hcpcs: 'J9173', units: 1, charge: 100, paid: 80 }],
    })),
  });

describe('the 835 reader on generated files', () => {
  it('reads a J9173 line: modifiers, units, CAS, LQ*HE remarks, AMT*B6; a reversal; PLB', async () => {
    const text = build835({
      payerId: 'demo-commercial',
      payerName: 'DEMO PAYER',
      trace: 'TRACE-1',
      claims: [
        {
          claimId: 'CLM-1',
          lines: [DENIED_J9173],
        },
        {
          claimId: 'CLM-0',
          statusCode: '22',
          lines: [{ hcpcs: 'J9173', units: 10, charge: -1000, paid: -800 }],
        },
      ],
      plb: [{ reason: 'WO', reference: 'X1', amount: 12.5 }],
    });
    const parts = await read(text, 13);
    const [denied, reversal] = claims(parts);
    const { charge, paid, ...same } = DENIED_J9173;
    expect(denied?.lines[0]).toEqual({
      ...same,
      chargeAmount: charge,
      paidAmount: paid,
      allowedAmount: null,
    });
    expect(reversal).toMatchObject({ statusCode: '22', paidAmount: -800 });
    expect(parts.at(-1)).toMatchObject({
      kind: 'provider-adjustments',
      adjustments: [{ reason: 'WO', amount: 12.5 }],
    });
  });

  it('yields a claim before the next one is read (streaming, not collecting)', async () => {
    const text = fileOf('A', 'B');
    // The first chunk ends right after claim B's CLP: claim A is complete, B is not.
    const cut = text.indexOf('~', text.indexOf('CLP*B')) + 1 - 10;
    let fed = 0;
    async function* source() {
      fed = cut + 10;
      yield text.slice(0, cut + 10);
      fed = text.length;
      yield text.slice(cut + 10);
    }
    const seen: Array<[string, number]> = [];
    for await (const part of readRemittance(source()))
      if (part.kind === 'claim') seen.push([part.claim.claimId, fed]);
    expect(seen).toEqual([
      ['A', cut + 10],
      ['B', text.length],
    ]);
  });
});

describe('a malformed 835 is a 400 naming the segment and its position', () => {
  const good = fileOf('A');
  it.each([
    [
      'an amount that is not a number',
      good.replace('SVC*HC:J9173*100.00', 'SVC*HC:J9173*1O0.00'),
      'segment 13 (SVC)',
      'SVC02',
    ],
    [
      'a CAS group that is not one',
      `${good.slice(0, good.indexOf('DTM*472'))}CAS*XX*16*1~\n${good.slice(good.indexOf('DTM*472'))}`,
      '(CAS)',
      'CAS01',
    ],
    ['a CLP without its claim id', good.replace('CLP*A*', 'CLP**'), 'segment 10 (CLP)', 'CLP01'],
    ['no TRN before the first claim', good.replace(/TRN\*[^~]*~\n/, ''), '(CLP)', 'no TRN'],
    ['no BPR before the first claim', good.replace(/BPR\*[^~]*~\n/, ''), '(CLP)', 'no BPR'],
    ['another transaction set', good.replace('ST*835', 'ST*837'), 'segment 3 (ST)', 'not 835'],
    ['a file cut before SE', good.slice(0, good.indexOf('SE*')), '(DTM)', 'no SE'],
    ['an ISA of the wrong length', good.replace('ISA*00*', 'ISA*0*'), 'segment 1 (ISA)', '106'],
    ['not X12 at all', '{"claims": []}', 'segment 1 (ISA)', ''],
    ['an empty body', '', 'segment 1 (ISA)', 'empty'],
    ['garbage in place of a segment', good.replace('DTM*405', 'dtm*405'), 'segment 6 (dtm)', 'tag'],
  ])('%s', async (_name, text, at, words) => {
    const error = await failure(text);
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain(at);
    expect(error.message).toContain(words);
    expect(error.errors[0]?.path).toContain(at.replace(/^\(/, ''));
  });
});
