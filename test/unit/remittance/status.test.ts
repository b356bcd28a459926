import { describe, expect, it } from 'vitest';
import { remittanceDenialEvent, remittanceEventId } from '#core/remittance/denial-event.ts';
import type { Adjustment, RemittanceClaim, RemittanceLine } from '#core/remittance/model.ts';
import { summariseClaimPayments, withClaimPayments } from '#core/remittance/records.ts';
import {
  claimStatus,
  durvalumabDenials,
  isDenialAdjustment,
  isDurvalumabLine,
  lineOutcome,
} from '#core/remittance/status.ts';
import { underpayments } from '#core/remittance/underpayment.ts';

function line(fields: Partial<RemittanceLine> = {}): RemittanceLine {
  return {
    hcpcs: 'J9173',
    modifiers: [],
    chargeAmount: 1000,
    paidAmount: 800,
    units: 10,
    adjustments: [],
    remarks: [],
    allowedAmount: null,
    ...fields,
  };
}

function claim(fields: Partial<RemittanceClaim> = {}): RemittanceClaim {
  return {
    claimId: 'CLM-1',
    statusCode: '1',
    chargeAmount: 1000,
    paidAmount: 800,
    patientResponsibility: 0,
    payerClaimControlNumber: 'PCN1',
    adjustments: [],
    remarks: [],
    lines: [line()],
    ...fields,
  };
}

const adj = (group: Adjustment['group'], code: string, amount: number): Adjustment => ({
  group,
  code,
  amount,
});

describe('isDenialAdjustment: CO/PR/OA/PI with a CARC the denial routing knows, for a positive amount', () => {
  it.each([
    [adj('CO', '16', 10), true],
    [adj('CO', '50', 0.01), true],
    [adj('PR', '96', 10), true],
    [adj('OA', '197', 10), true],
    [adj('PI', '181', 10), true],
    [adj('CR', '16', 10), false],
    [adj('CO', '45', 10), false],
    [adj('PR', '1', 10), false],
    [adj('OA', '23', 10), false],
    [adj('CO', '16', 0), false],
    [adj('CO', '16', -5), false],
    [adj('CO', '16', 0.004), false],
  ])('%o -> %s', (a, expected) => {
    expect(isDenialAdjustment(a)).toBe(expected);
  });
});

describe('isDurvalumabLine: J9173 and the codes billed in its place (reference/billing.json)', () => {
  it.each([
    ['J9173', true],
    ['J9376', true],
    ['C9492', true],
    ['96413', false],
    ['J9022', true],
    [null, false],
  ])('%s -> %s', (hcpcs, expected) => {
    expect(isDurvalumabLine({ hcpcs })).toBe(expected);
  });
});

describe('lineOutcome', () => {
  it.each([
    ['paid in full', line(), 'paid'],
    ['a contractual write-off', line({ adjustments: [adj('CO', '45', 200)] }), 'paid'],
    ['a deductible', line({ paidAmount: 0, adjustments: [adj('PR', '1', 1000)] }), 'paid'],
    [
      'nothing paid with a denial CARC',
      line({ paidAmount: 0, adjustments: [adj('CO', '16', 1000)] }),
      'denied',
    ],
    [
      'one cent paid with a denial CARC',
      line({ paidAmount: 0.01, adjustments: [adj('CO', '151', 999.99)] }),
      'short_paid',
    ],
    [
      'less than a cent paid counts as nothing',
      line({ paidAmount: 0.004, adjustments: [adj('CO', '16', 999)] }),
      'denied',
    ],
  ])('%s -> %s', (_name, l, expected) => {
    expect(lineOutcome(l)).toBe(expected);
  });
  it('a line of a denied claim (CLP02 4) paid nothing is denied without a CAS of its own', () => {
    expect(lineOutcome(line({ paidAmount: 0 }), true)).toBe('denied');
  });
});

describe('claimStatus', () => {
  const denied = line({ paidAmount: 0, adjustments: [adj('CO', '16', 1000)] });
  it.each([
    ['CLP02 22 is a reversal, whatever else', claim({ statusCode: '22', paidAmount: -800 }), 'reversed'],
    ['CLP02 4 is a denial', claim({ statusCode: '4', paidAmount: 0 }), 'denied'],
    ['every line denied, nothing paid', claim({ paidAmount: 0, lines: [denied, denied] }), 'denied'],
    ['one line of two denied', claim({ paidAmount: 800, lines: [line(), denied] }), 'partially_paid'],
    [
      'a short-paid line',
      claim({ lines: [line({ adjustments: [adj('CO', '151', 200)] })] }),
      'partially_paid',
    ],
    [
      'a claim-level denial, no lines, nothing paid',
      claim({ paidAmount: 0, lines: [], adjustments: [adj('CO', '29', 1000)] }),
      'denied',
    ],
    [
      'a claim-level denial with money paid',
      claim({ lines: [], adjustments: [adj('CO', '16', 200)] }),
      'partially_paid',
    ],
    [
      'nothing paid, all deductible',
      claim({ paidAmount: 0, lines: [line({ paidAmount: 0, adjustments: [adj('PR', '1', 1000)] })] }),
      'paid',
    ],
    ['paid with a contractual write-off', claim({ adjustments: [adj('CO', '45', 200)] }), 'paid'],
  ])('%s -> %s', (_name, c, expected) => {
    expect(claimStatus(c)).toBe(expected);
  });
});

describe('durvalumabDenials', () => {
  it('finds a denied J9173 line with its CARC (group kept), the claim-level CARC and the remarks as RARCs, each once', () => {
    const c = claim({
      paidAmount: 50,
      adjustments: [adj('CO', '16', 10)],
      remarks: ['MA130'],
      lines: [
        line({ hcpcs: '96413', paidAmount: 50 }),
        line({
          paidAmount: 0,
          adjustments: [adj('CO', '16', 900), adj('CO', '45', 100)],
          remarks: ['N56', 'MA130'],
        }),
      ],
    });
    expect(durvalumabDenials(c)).toEqual([
      {
        lineIndex: 1,
        hcpcs: 'J9173',
        outcome: 'denied',
        reasons: [
          { system: 'CARC', code: '16', group: 'CO' },
          { system: 'RARC', code: 'N56' },
          { system: 'RARC', code: 'MA130' },
        ],
      },
    ]);
  });
  it('finds a short-paid J9376 line (durvalumab billed under the wrong code)', () => {
    const c = claim({ lines: [line({ hcpcs: 'J9376', adjustments: [adj('CO', '11', 200)] })] });
    expect(durvalumabDenials(c).map((d) => [d.hcpcs, d.outcome])).toEqual([['J9376', 'short_paid']]);
  });
  it.each([
    ['a paid line', claim()],
    [
      'a denied administration line only',
      claim({ lines: [line({ hcpcs: '96413', paidAmount: 0, adjustments: [adj('CO', '16', 1)] })] }),
    ],
    [
      'a reversal',
      claim({ statusCode: '22', lines: [line({ paidAmount: -800, adjustments: [adj('CO', '16', 1)] })] }),
    ],
  ])('none for %s', (_name, c) => {
    expect(durvalumabDenials(c)).toEqual([]);
  });
});

describe('the claim.denied event of a remittance', () => {
  it('is the webhook event a payer would send, ordered at its receipt, with a stable id per remittance and claim', () => {
    const c = claim({
      paidAmount: 0,
      lines: [line({ paidAmount: 0, adjustments: [adj('CO', '181', 1000)], remarks: ['M51'] })],
    });
    const event = remittanceDenialEvent({
      caseId: 'pa_1',
      remittanceId: 'rmt_1',
      claim: c,
      denials: durvalumabDenials(c),
      receivedAt: '2026-11-30T10:00:00.000Z',
    });
    expect(event).toEqual({
      type: 'claim.denied',
      occurredAt: '2026-11-30T10:00:00.000Z',
      caseId: 'pa_1',
      payerReference: 'PCN1',
      outcome: 'denied',
      authorizationNumber: null,
      approvedUnits: null,
      validFrom: null,
      validTo: null,
      reasons: [
        { system: 'CARC', code: '181', group: 'CO' },
        { system: 'RARC', code: 'M51' },
      ],
      requestedDocuments: [],
      note: '835 remittance rmt_1: J9173 line 1 denied',
      claimId: 'CLM-1',
    });
    expect(remittanceEventId('p', 'rmt_1', 'CLM-1')).toBe(remittanceEventId('p', 'rmt_1', 'CLM-1'));
    expect(remittanceEventId('p', 'rmt_1', 'CLM-1')).not.toBe(remittanceEventId('p', 'rmt_2', 'CLM-1'));
  });
});

describe('underpayments: allowed per unit against the configured rate', () => {
  const rates = { J9173: { allowedPerUnit: 100, source: 'contract 2026 (synthetic)' } };
  it.each([
    ['allowed (AMT*B6) one cent under', line({ units: 10, paidAmount: 900, allowedAmount: 999.99 }), '0.01'],
    ['allowed at the rate', line({ units: 10, paidAmount: 900, allowedAmount: 1000 }), null],
    ['allowed over the rate', line({ units: 10, paidAmount: 900, allowedAmount: 1200 }), null],
    [
      'no AMT*B6: paid plus patient share',
      line({ units: 10, paidAmount: 700, adjustments: [adj('PR', '2', 100)] }),
      '200.00',
    ],
    [
      'a denied line (nothing paid) is a denial, not an underpayment',
      line({ units: 10, paidAmount: 0 }),
      null,
    ],
    ['a code without a rate', line({ hcpcs: '96413', units: 1, paidAmount: 1 }), null],
  ])('%s', (_name, l, difference) => {
    const findings = underpayments(claim({ lines: [l] }), rates);
    if (difference === null) expect(findings).toEqual([]);
    else {
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ code: 'UNDERPAID', severity: 'warning', path: 'lines.0' });
      expect(findings[0]?.message).toContain(
        `${difference} under the configured 100.00 a unit (contract 2026 (synthetic))`,
      );
    }
  });
  it('checks nothing without a rate table, or on a reversal', () => {
    const l = line({ units: 10, paidAmount: 1, allowedAmount: 1 });
    expect(underpayments(claim({ lines: [l] }), undefined)).toEqual([]);
    expect(underpayments(claim({ statusCode: '22', lines: [l] }), rates)).toEqual([]);
  });
});

describe("the case's claims as remittances say", () => {
  const payment = (
    remittanceId: string,
    receivedAt: string,
    status: 'paid' | 'reversed' | 'denied',
    paidAmount: number,
  ) => ({
    caseId: 'pa_1',
    claimId: 'CLM-1',
    remittanceId,
    seq: 0,
    status,
    paidAmount,
    receivedAt,
  });
  it('sums payments over remittances (a reversal takes one back) and keeps the latest status', () => {
    const payments = [
      payment('rmt_b', '2026-11-02T00:00:00Z', 'reversed', -800.1),
      payment('rmt_a', '2026-11-01T00:00:00Z', 'paid', 800.1),
      payment('rmt_c', '2026-11-03T00:00:00Z', 'denied', 0),
    ];
    expect(summariseClaimPayments(payments).get('CLM-1')).toEqual({
      claimId: 'CLM-1',
      status: 'denied',
      paidAmount: 0,
      remittanceIds: ['rmt_a', 'rmt_b', 'rmt_c'],
    });
  });
  it('adds paidAmount and remittanceIds to the case view, keeping a claim no remittance named as it was', () => {
    const view = {
      caseId: 'pa_1',
      claims: [
        { claimId: 'CLM-1', status: 'SCRUBBED' },
        { claimId: 'CLM-2', status: 'DENIED' },
      ],
    };
    expect(withClaimPayments(view, [payment('rmt_a', '2026-11-01T00:00:00Z', 'paid', 10)]).claims).toEqual([
      { claimId: 'CLM-1', status: 'paid', paidAmount: 10, remittanceIds: ['rmt_a'] },
      { claimId: 'CLM-2', status: 'DENIED', paidAmount: null, remittanceIds: [] },
    ]);
  });
});
