/**
 * The modifier rules (JG/TB, PO/PN, Q0/Q1) and the claim form rules (place of service, type of
 * bill, revenue codes), each broken and kept, with the boundaries of each rule.
 */
import { describe, expect, it } from 'vitest';
import { claimFormFindings } from '#core/billing/claim-form.ts';
import { MODIFIER_RULES, modifierFindings } from '#core/billing/modifiers.ts';
import { ClaimInput, type ClaimInputRaw } from '#schemas/claim.ts';

const DRUG = { hcpcs: 'J9173', units: 150, ndc11: '00310-4611-50', ndcQuantity: 30, ndcUnit: 'ML' as const };

function claimOf(overrides: Partial<ClaimInputRaw> = {}, modifiers: string[] = ['JZ']): ClaimInput {
  return ClaimInput.parse({
    claimId: 'CLM-RULES-1',
    serviceDate: '2026-09-07',
    placeOfService: '11',
    diagnosisCodes: ['C34.12'],
    lines: [{ ...DRUG, modifiers }],
    ...overrides,
  });
}

const OUTPATIENT = { form: 'institutional' as const, typeOfBill: '131', placeOfService: undefined };
const outpatientLines = (modifiers: string[]) => [{ ...DRUG, modifiers, revenueCode: '0636' }];

describe('modifierFindings', () => {
  it.each([
    ['JG and TB', ['JZ', 'JG', 'TB'], 'JG'],
    ['PO and PN', ['JZ', 'PO', 'PN'], 'PO'],
    ['Q0 and Q1', ['JZ', 'Q0', 'Q1'], 'Q0'],
  ])('refuses %s on one line, citing the rule as UNVERIFIED', (_name, modifiers, first) => {
    // Prepare
    const claim = claimOf({
      ...OUTPATIENT,
      clinicalTrialNumber: 'NCT01234567',
      lines: outpatientLines(modifiers),
    });

    // Act
    const findings = modifierFindings(claim);

    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      code: 'MODIFIER_CONFLICT',
      path: 'lines[0].modifiers',
    });
    expect(findings[0]?.message).toContain(first);
    expect(findings[0]?.message).toContain('UNVERIFIED');
  });

  it.each([
    ['JG alone', ['JZ', 'JG']],
    ['TB alone', ['JZ', 'TB']],
    ['PO alone', ['JZ', 'PO']],
    ['PN alone', ['JZ', 'PN']],
  ])('accepts %s on a hospital outpatient claim (type of bill 13x)', (_name, modifiers) => {
    expect(modifierFindings(claimOf({ ...OUTPATIENT, lines: outpatientLines(modifiers) }))).toEqual([]);
  });

  it.each([
    ['a professional claim', {}, 'a professional claim'],
    ['an inpatient type of bill (111)', { form: 'institutional', typeOfBill: '111' }, 'type of bill 111'],
    ['an institutional claim without type of bill', { form: 'institutional' }, 'type of bill (none)'],
    [
      'type of bill 121 (one digit off 13x)',
      { form: 'institutional', typeOfBill: '121' },
      'type of bill 121',
    ],
  ] as const)('refuses PO on %s', (_name, overrides, says) => {
    // Act
    const findings = modifierFindings(claimOf(overrides as Partial<ClaimInputRaw>, ['JZ', 'PO']));

    // Assess
    expect(findings.map((f) => f.code)).toEqual(['MODIFIER_CONFLICT']);
    expect(findings[0]?.message).toContain(says);
  });

  it.each(['Q0', 'Q1'])('asks for the clinical trial number with %s, and accepts it with one', (modifier) => {
    // Act
    const without = modifierFindings(claimOf({}, ['JZ', modifier]));
    const withTrial = modifierFindings(claimOf({ clinicalTrialNumber: 'NCT01234567' }, ['JZ', modifier]));

    // Assess
    expect(without).toHaveLength(1);
    expect(without[0]?.message).toContain('clinicalTrialNumber');
    expect(withTrial).toEqual([]);
  });

  it('finds nothing on lines without these modifiers, and one finding per line broken', () => {
    // Prepare
    const claim = claimOf({
      lines: [
        { ...DRUG, modifiers: ['JZ'] },
        { hcpcs: '96413', units: 1, modifiers: [] },
        { ...DRUG, modifiers: ['JG', 'TB'] },
      ],
    });

    // Act
    const findings = modifierFindings(claim);

    // Assess
    expect(findings.map((f) => f.path)).toEqual(['lines[2].modifiers']);
  });

  it('every rule names its basis and what would verify it', () => {
    for (const rule of MODIFIER_RULES) {
      expect(rule.source.status).toBe('UNVERIFIED');
      expect(rule.source.basis.length).toBeGreaterThan(10);
      expect(rule.source.verifyWith.length).toBeGreaterThan(10);
    }
  });
});

describe('claimFormFindings', () => {
  it('accepts a professional claim with its place of service and no institutional fields', () => {
    expect(claimFormFindings(claimOf())).toEqual([]);
  });

  it('asks a professional claim for its place of service, and warns of institutional fields it ignores', () => {
    // Prepare
    const claim = claimOf({
      placeOfService: undefined,
      typeOfBill: '131',
      lines: [{ ...DRUG, modifiers: ['JZ'], revenueCode: '0636' }],
    });

    // Act
    const findings = claimFormFindings(claim);

    // Assess
    expect(findings.map((f) => [f.severity, f.path])).toEqual([
      ['error', 'placeOfService'],
      ['warning', 'typeOfBill'],
      ['warning', 'lines[0].revenueCode'],
    ]);
  });

  it('accepts an institutional claim of type of bill 131 with revenue code 0636 on its drug line', () => {
    expect(claimFormFindings(claimOf({ ...OUTPATIENT, lines: outpatientLines(['JZ']) }))).toEqual([]);
  });

  it.each([
    ['no type of bill', { typeOfBill: undefined }, 'typeOfBill', 'error'],
    ['a type of bill whose frequency is not the claim’s', { typeOfBill: '137' }, 'typeOfBill', 'error'],
    [
      'a line without revenue code',
      { lines: [{ ...DRUG, modifiers: ['JZ'] }] },
      'lines[0].revenueCode',
      'error',
    ],
    [
      'J9173 under another revenue code',
      { lines: [{ ...DRUG, modifiers: ['JZ'], revenueCode: '0250' }] },
      'lines[0].revenueCode',
      'warning',
    ],
  ] as const)('finds %s on an institutional claim', (_name, overrides, path, severity) => {
    // Act
    const findings = claimFormFindings(
      claimOf({ ...OUTPATIENT, lines: outpatientLines(['JZ']), ...(overrides as Partial<ClaimInputRaw>) }),
    );

    // Assess
    expect(findings).toEqual([expect.objectContaining({ code: 'CLAIM_FORM', path, severity })]);
  });

  it('accepts a replacement institutional claim billed 137 with frequency 7', () => {
    const claim = claimOf({
      ...OUTPATIENT,
      typeOfBill: '137',
      frequencyCode: '7',
      lines: outpatientLines(['JZ']),
    });
    expect(claimFormFindings(claim)).toEqual([]);
  });

  it('accepts a non-drug institutional line under any revenue code', () => {
    const claim = claimOf({
      ...OUTPATIENT,
      lines: [...outpatientLines(['JZ']), { hcpcs: '96413', units: 1, revenueCode: '0335' }],
    });
    expect(claimFormFindings(claim)).toEqual([]);
  });
});
