/**
 * How the denial analysis (core/remedies/denials.ts) reads each code's route: a code whose route is
 * clinical makes the denial clinical only in its own category; a warning does not explain a denial
 * the way an error does; each code is answered in its own category; a remark is answered by the
 * code it qualifies (its own answer where the reference gives one), a code is not; a duplicate is
 * not appealed, for the reference's reason. Codes and categories are those of
 * reference/denial-routing.json.
 */
import { describe, expect, it } from 'vitest';
import { analyseDenial, type DenialInput } from '#core/remedies/denials.ts';
import {
  alkPositiveAegean,
  carc,
  claimWithDrugLine,
  denialInput,
  onClaim,
  rarc,
} from '../support/appeal-case.ts';

/** A claim denial of the support's claim with these changes. */
const claimDenial = (overrides: Partial<DenialInput>) => denialInput({ ...onClaim, ...overrides });

describe('a clinical route', () => {
  it('makes an exceeded authorization (CARC 152) clinical: no appeal when the assessment fails', () => {
    // Act
    const analysis = analyseDenial(
      denialInput({ reasons: [carc('152'), rarc('N351')], assessment: alkPositiveAegean }),
    );

    // Assess
    expect(analysis.category).toBe('authorization_exceeded');
    expect(analysis.remedy).toBe('none');
  });

  it('counts only in its own category: a missing authorization ranked first stays appealable', () => {
    // Act
    const analysis = analyseDenial(
      denialInput({ reasons: [carc('152'), carc('197')], assessment: alkPositiveAegean }),
    );

    // Assess
    expect(analysis.category).toBe('authorization_absent');
    expect(analysis.remedy).toBe('appeal');
  });
});

describe('findings that explain a claim denial', () => {
  it('take errors only: a drug line without an NDC (a warning) leaves a diagnosis denial as it is', () => {
    // Act
    const analysis = analyseDenial(
      claimDenial({ reasons: [carc('11', 'CO')], claim: claimWithDrugLine({ ndc11: undefined }) }),
    );

    // Assess
    expect(analysis.findings).toContainEqual(
      expect.objectContaining({ code: 'NDC_HCPCS_MISMATCH', severity: 'warning' }),
    );
    expect(analysis.category).toBe('diagnosis');
  });
});

describe('the rebuttal of each code', () => {
  it("answers each categorised code in its own category, not the denial's", () => {
    // Act
    const both = analyseDenial(denialInput({ reasons: [carc('50'), carc('197')] }));
    const alone = analyseDenial(denialInput({ reasons: [carc('50')] }));

    // Assess
    expect(both.category).toBe('authorization_absent');
    expect(both.rebuttals[0]?.category).toBe('medical_necessity');
    expect(both.rebuttals[0]?.answer).toBe(alone.rebuttals[0]?.answer);
    expect(both.rebuttals[1]?.answer).not.toBe(alone.rebuttals[0]?.answer);
  });

  it('answers a remark by the code it qualifies, or by its own answer where the reference has one', () => {
    // Act
    const [, m25, n386] = analyseDenial(
      denialInput({ reasons: [carc('50'), rarc('M25'), rarc('N386')] }),
    ).rebuttals;

    // Assess
    expect(m25?.answer).toBe('This remark qualifies CARC 50; the answer above covers both.');
    expect(n386?.answer).toMatch(
      /^Please identify the National Coverage Determination and the section applied\./,
    );
    expect(n386).toMatchObject({ category: null, evidence: [] });
  });

  it('answers a code with no category of its own in full, not as a remark', () => {
    // Act
    const [, generic] = analyseDenial(denialInput({ reasons: [carc('50'), carc('16')] })).rebuttals;

    // Assess
    expect(generic?.category).toBeNull();
    expect(generic?.answer).not.toMatch(/^This remark qualifies/);
  });

  it('answers a remark in full when a billing error explains the denial', () => {
    // Act
    const analysis = analyseDenial(
      claimDenial({
        reasons: [carc('50', 'CO'), rarc('M25')],
        claim: claimWithDrugLine({ hcpcs: 'J9376', units: 1500 }),
      }),
    );

    // Assess
    expect(analysis.category).toBe('coding');
    expect(analysis.rebuttals[1]?.answer).not.toMatch(/^This remark qualifies/);
  });
});

describe('the claim behind a claim denial', () => {
  it("scrubs it against the authorization's units and days", () => {
    // Act
    const analysis = analyseDenial(
      claimDenial({
        reasons: [carc('198', 'CO')],
        authorization: {
          number: 'PA-55120',
          approvedUnits: 100,
          validFrom: '2026-09-08',
          validTo: '2027-07-31',
        },
      }),
    );

    // Assess
    expect(analysis.findings.filter((f) => f.code === 'AUTH_EXCEEDED').map((f) => f.path)).toEqual([
      'lines',
      'serviceDate',
    ]);
  });

  it('adds no frequency code to a claim denial that is appealed', () => {
    // Act
    const analysis = analyseDenial(claimDenial({ reasons: [carc('153', 'CO')] }));

    // Assess
    expect(analysis.remedy).toBe('appeal');
    expect(analysis.corrections).toEqual([]);
  });

  it('answers an unknown remark as qualifying the code before it', () => {
    // Act
    const [, remark] = analyseDenial(denialInput({ reasons: [carc('50'), rarc('ZZ9')] })).rebuttals;

    // Assess
    expect(remark?.answer).toBe('This remark qualifies CARC 50; the answer above covers both.');
  });
});

describe('a duplicate', () => {
  it("is not appealed, for the reference's reason", () => {
    // Act
    const analysis = analyseDenial(denialInput({ reasons: [carc('18')] }));

    // Assess
    expect(analysis).toMatchObject({ category: 'duplicate', remedy: 'none' });
    expect(analysis.reason).toMatch(
      /^A duplicate denial is not appealed: confirm whether the original claim was paid/,
    );
  });
});
