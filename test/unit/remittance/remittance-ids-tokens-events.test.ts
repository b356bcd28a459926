/**
 * The remittance core's small rules by what they give: a claims page token that is not one this
 * API gave out (a 400 naming nextToken), one remittance id per organization, payer and trace
 * number (the default organization's as before tenancy), and the claim.denied event of an 835's
 * denied lines (each reason once by system, group and code; the lines it names).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ORGANIZATION } from '#core/identity/claims.ts';
import { remittanceDenialEvent } from '#core/remittance/denial-event.ts';
import type { RemittanceClaim } from '#core/remittance/model.ts';
import { decodeClaimsToken, encodeClaimsToken } from '#core/remittance/page-token.ts';
import { remittanceIdOf } from '#core/remittance/store.ts';
import { thrownValidation } from '../support/thrown-validation.ts';

describe('the claims page token', () => {
  it('gives back the seq it was made from, up to 999999', () => {
    expect(decodeClaimsToken(encodeClaimsToken(0))).toBe(0);
    expect(decodeClaimsToken(encodeClaimsToken(999_999))).toBe(999_999);
  });

  it.each([
    ['a token longer than any this API gives', `${encodeClaimsToken(7)}AAAA${'A'.repeat(32)}`],
    ['a token with a character outside base64url', `${encodeClaimsToken(7)}=`],
    ['a seq past 999999', encodeClaimsToken(1_000_000)],
    ['another prefix', Buffer.from('rc2:7').toString('base64url')],
  ])('refuses %s, naming nextToken', (_, token) => {
    // Act
    const error = thrownValidation(() => decodeClaimsToken(token));

    // Assess
    expect(error.message).toBe('invalid remittance query');
    expect(error.errors).toEqual([{ path: 'nextToken', message: 'not a token this API gave out' }]);
  });
});

describe('remittanceIdOf', () => {
  it('is rmt_ and 26 characters, one per organization, payer and trace number', () => {
    // Act
    const ids = [
      remittanceIdOf('payer-a', 'TRN-1'),
      remittanceIdOf('payer-a', 'TRN-1', DEFAULT_ORGANIZATION),
      remittanceIdOf('payer-a', 'TRN-1', 'org_b'),
      remittanceIdOf('payer-a', 'TRN-2'),
      remittanceIdOf('payer-b', 'TRN-1'),
    ];

    // Assess
    for (const id of ids) expect(id).toMatch(/^rmt_[0-9a-z]{26}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(new Set(ids).size).toBe(4);
  });
});

describe('remittanceDenialEvent', () => {
  const claim: RemittanceClaim = {
    claimId: 'CLM-1',
    statusCode: '1',
    chargeAmount: 100,
    paidAmount: 0,
    patientResponsibility: 0,
    payerClaimControlNumber: 'ICN-1',
    adjustments: [],
    remarks: [],
    lines: [],
  };

  const CO_50 = { system: 'CARC', code: '50', group: 'CO' } as const;
  const PR_50 = { system: 'CARC', code: '50', group: 'PR' } as const;
  const N386 = { system: 'RARC', code: 'N386' } as const;

  it('gives each reason once by system, group and code, and names each denied line', () => {
    // Act
    const event = remittanceDenialEvent({
      caseId: 'pa_1',
      remittanceId: 'rmt_1',
      claim,
      receivedAt: '2026-11-20T10:00:00Z',
      denials: [
        { lineIndex: 0, hcpcs: 'J9173', outcome: 'short_paid', reasons: [CO_50, PR_50, N386] },
        { lineIndex: 2, hcpcs: 'J9376', outcome: 'denied', reasons: [CO_50, N386] },
      ],
    });

    // Assess
    expect(event.reasons).toEqual([
      { system: 'CARC', code: '50', group: 'CO' },
      { system: 'CARC', code: '50', group: 'PR' },
      { system: 'RARC', code: 'N386' },
    ]);
    expect(event.note).toBe('835 remittance rmt_1: J9173 line 1 short-paid, J9376 line 3 denied');
  });
});
