/**
 * What the claim-form and modifier checks (core/billing/claim-form.ts, modifiers.ts) say, by the
 * parts that vary with the claim: the line number (from 1), the codes on the line, the type of bill
 * and the frequency code, the form; and when a PO/PN line on an institutional claim is fine. The
 * sources the messages cite are the rules' own (UNVERIFIED), matched here as "(...)".
 */
import { describe, expect, it } from 'vitest';
import { claimFormFindings } from '#core/billing/claim-form.ts';
import { MODIFIER_RULES, modifierFindings } from '#core/billing/modifiers.ts';
import { claim } from '../support/appeal-case.ts';

const drug = { hcpcs: 'J9173', modifiers: ['JZ'], units: 150, chargeAmount: 100 };
const admin = { hcpcs: '96413', modifiers: [] as string[], units: 1, chargeAmount: 10 };

describe('claimFormFindings wording', () => {
  it('on a professional claim: the place of service needed, and what the 837P does not carry', () => {
    // Act
    const findings = claimFormFindings(
      claim({
        placeOfService: undefined,
        typeOfBill: '131',
        lines: [drug, { ...admin, revenueCode: '0510' }],
      }),
    );

    // Assess
    expect(findings.map((f) => [f.severity, f.code, f.path])).toEqual([
      ['error', 'CLAIM_FORM', 'placeOfService'],
      ['warning', 'CLAIM_FORM', 'typeOfBill'],
      ['warning', 'CLAIM_FORM', 'lines[1].revenueCode'],
    ]);
    expect(findings[0]?.message).toMatch(
      /^A professional claim needs its place of service \(e\.g\. 11 office, 22 hospital outpatient\) for CLM05-1 \(.+\)\.$/,
    );
    expect(findings[1]?.message).toBe(
      'A type of bill is for institutional claims; the 837P does not carry it.',
    );
    expect(findings[2]?.message).toBe(
      'Line 2: a revenue code is for institutional claims; the 837P does not carry it.',
    );
  });

  it('on an institutional claim: the type of bill needed, each line without a revenue code', () => {
    // Act
    const findings = claimFormFindings(
      claim({ form: 'institutional', lines: [{ ...drug, revenueCode: '0636' }, admin] }),
    );

    // Assess
    expect(findings.map((f) => [f.severity, f.path])).toEqual([
      ['error', 'typeOfBill'],
      ['error', 'lines[1].revenueCode'],
    ]);
    expect(findings[0]?.message).toMatch(
      /^An institutional claim needs its type of bill, e\.g\. 131 \(.+\)\.$/,
    );
    expect(findings[1]?.message).toMatch(/^Line 2 has no revenue code \(.+\)\.$/);
  });

  it('on an institutional claim: a type of bill whose frequency differs from the claim, and the bill to use', () => {
    // Act
    const findings = claimFormFindings(
      claim({
        form: 'institutional',
        typeOfBill: '131',
        frequencyCode: '7',
        lines: [admin, { ...drug, revenueCode: '0250' }].map((l) => ({ revenueCode: '0510', ...l })),
      }),
    );

    // Assess
    expect(findings[0]?.message).toMatch(
      /^Type of bill 131 ends in frequency 1, but the claim's frequency code is 7: bill 137 \(.+\)\.$/,
    );
    expect(findings[1]).toMatchObject({ severity: 'warning', path: 'lines[1].revenueCode' });
    expect(findings[1]?.message).toMatch(
      /^Line 2 bills J9173 under revenue code 0250; a drug billed by HCPCS goes under /,
    );
  });
});

describe('modifierFindings wording', () => {
  it('names the line from 1, its codes, each modifier with its meaning, and the rule', () => {
    // Act
    const findings = modifierFindings(claim({ lines: [admin, { ...drug, modifiers: ['JZ', 'JG', 'TB'] }] }));

    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      code: 'MODIFIER_CONFLICT',
      path: 'lines[1].modifiers',
    });
    expect(findings[0]?.message).toMatch(
      /^Line 2 \(J9173 JZ JG TB\): carries JG \(drug acquired with a 340B drug pricing program discount\) and TB \(drug acquired with a 340B discount, reported for informational purposes\); a 340B-acquired drug is reported with JG or with TB, depending on the hospital, never both\. \(rule UNVERIFIED: .+; verify with .+\)\.$/,
    );
  });

  it('names a modifier without a meaning by itself', () => {
    // Act
    const findings = modifierFindings(claim({ lines: [{ ...drug, modifiers: ['XX', 'YY'] }] }), [
      { ...MODIFIER_RULES[0]!, modifiers: ['XX', 'YY'] } as (typeof MODIFIER_RULES)[number],
    ]);

    // Assess
    expect(findings[0]?.message).toContain('carries XX (XX) and YY (YY);');
  });

  it.each([
    ['professional', undefined, 1],
    ['institutional', undefined, 1],
    ['institutional', '851', 1],
    ['institutional', '131', 0],
  ] as const)('PO on a %s claim of type of bill %s: %s finding(s)', (form, typeOfBill, count) => {
    // Act
    const findings = modifierFindings(
      claim({
        form,
        ...(typeOfBill ? { typeOfBill } : {}),
        lines: [{ ...drug, modifiers: ['PO'] }],
      }),
    );

    // Assess
    expect(findings).toHaveLength(count);
    if (count > 0)
      expect(findings[0]?.message).toContain(
        form === 'professional'
          ? 'carries PO (service at an excepted off-campus provider-based hospital department) on a professional claim;'
          : `on an institutional claim of type of bill ${typeOfBill ?? '(none)'};`,
      );
  });
});
