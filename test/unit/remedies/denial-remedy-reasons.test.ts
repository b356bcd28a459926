/**
 * Why the denial analysis (analyseDenial, core/remedies/denials.ts) chooses its remedy, in the
 * words a billing specialist acts on: a new claim after MA130 (with its corrections counted, or
 * none derivable), no appeal when the case's own assessment fails or is incomplete, a corrected
 * claim naming the billing error and each fix, an appeal for the rest; and how remarks, unknown
 * codes and findings come out of it.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '#core/model.ts';
import { analyseDenial, type DenialInput } from '#core/remedies/denials.ts';
import {
  alkPositiveAegean,
  authorization,
  carc,
  claim,
  claimWithDrugLine,
  denialInput,
  pacificAssessment,
  rarc,
} from '../support/appeal-case.ts';

const onClaim = (overrides: Partial<DenialInput>) =>
  denialInput({ subject: 'claim', claim: claim(), authorization, ...overrides });

describe('analyseDenial: the reason for the remedy', () => {
  it('counts the corrections of a new claim after MA130, in the singular and the plural', () => {
    // Act
    const one = analyseDenial(
      onClaim({ reasons: [carc('16', 'CO'), rarc('MA130')], claim: claimWithDrugLine({ modifiers: [] }) }),
    );
    const two = analyseDenial(
      onClaim({
        reasons: [carc('16', 'CO'), rarc('MA130')],
        claim: claimWithDrugLine({ modifiers: [], units: 140 }),
      }),
    );
    // Assess
    expect(one.remedy).toBe('corrected_claim');
    expect(one.reason).toBe(
      'The claim was returned as unprocessable (RARC MA130): there are no appeal rights. Submit a new claim with the complete and correct information (1 correction below).',
    );
    expect(two.reason).toMatch(/ \(2 corrections below\)\.$/);
    expect(one.noAppealRights).toBe(true);
    expect(one.corrections.at(-1)).toMatchObject({ field: 'claim frequency code', to: '1' });
  });

  it('sends to the remittance advice when MA130 leaves nothing to correct', () => {
    const analysis = analyseDenial(onClaim({ reasons: [carc('16', 'CO'), rarc('MA130')] }));
    expect(analysis.reason).toMatch(
      /information; no correction could be derived from the case, so review the remittance advice\.$/,
    );
  });

  it('does not appeal a clinical denial the assessment finds unsupported, naming the failed criteria', () => {
    const analysis = analyseDenial(denialInput({ reasons: [carc('50')], assessment: alkPositiveAegean }));
    expect(analysis.remedy).toBe('none');
    expect(analysis.reason).toBe(
      "No appeal: the case's own assessment finds the use not supported (No known ALK rearrangement: biomarkers.ALK = positive). An appeal would misstate the facts; review the treatment plan with the ordering physician (a different regimen, compendium support, or a new request).",
    );
  });

  it('holds a clinical appeal until the record establishes the criteria not yet documented', () => {
    // Prepare
    const incomplete = {
      ...pacificAssessment,
      verdict: 'insufficient_information' as const,
      criteria: [{ id: 'x', description: 'PD-L1 tested', met: null, evidence: '' }],
    };
    // Act
    const analysis = analyseDenial(denialInput({ reasons: [carc('50')], assessment: incomplete }));
    // Assess
    expect(analysis.remedy).toBe('none');
    expect(analysis.reason).toBe(
      'Not yet appealable: the record does not establish PD-L1 tested. Complete the documentation, reassess, then appeal before the deadline.',
    );
  });

  it('corrects a billing error instead of appealing it, naming the finding and each fix', () => {
    // Act
    const analysis = analyseDenial(
      onClaim({ reasons: [carc('11', 'CO')], claim: claimWithDrugLine({ hcpcs: 'J9376' }) }),
    );
    // Assess
    expect(analysis.remedy).toBe('corrected_claim');
    expect(analysis.reason).toMatch(
      /: a billing error on the claim \(HCPCS_MISMATCH\) that an appeal cannot fix\. /,
    );
    expect(analysis.reason).toMatch(/with: line 1 HCPCS from J9376 to J9173\.$/);
    expect(analysis.corrections.at(-1)).toMatchObject({ field: 'claim frequency code', to: '7' });
    expect(analysis.noAppealRights).toBe(false);
  });

  it('appeals a labeled use, giving the category title and why', () => {
    const analysis = analyseDenial(denialInput({ reasons: [carc('50')] }));
    expect(analysis.remedy).toBe('appeal');
    expect(analysis.reason).toMatch(/^[^:]+: a clinical appeal: the record meets the FDA label for /);
    expect(analysis.corrections).toEqual([]);
  });
});

describe('analyseDenial: rebuttals, unknown codes and findings', () => {
  it("answers a remark that qualifies a categorised code with that code's answer", () => {
    // Act
    const analysis = analyseDenial(denialInput({ reasons: [carc('50'), rarc('M25')] }));
    // Assess
    const [code, remark] = analysis.rebuttals;
    expect(code?.category).toBe('medical_necessity');
    expect(remark).toMatchObject({ category: null, evidence: [] });
    expect(remark?.answer.length).toBeGreaterThan(0);
  });

  it('lists the CARC and RARC codes it does not know, not the payer-specific ones', () => {
    const analysis = analyseDenial(
      denialInput({ reasons: [carc('99999'), rarc('ZZ1'), { system: 'PAYER', code: 'P-1' }] }),
    );
    expect(analysis.unknownCodes).toEqual(['CARC 99999', 'RARC ZZ1']);
    expect(analysis.category).toBe('other');
  });

  it("keeps the case's findings and adds the claim scrub's, each once", () => {
    // Prepare
    const scrubbedBefore: Finding = {
      severity: 'error',
      code: 'AUTH_NUMBER_MISSING',
      path: 'authorizationNumber',
      message:
        'The case has authorization PA-55120, but the claim carries no authorization number: report it in REF*G1 (loop 2300, or 2400 for the line; CMS-1500 box 23).',
    };
    const other: Finding = { severity: 'info', code: 'POLICY_RISK', message: 'A note' } as Finding;
    // Act
    const analysis = analyseDenial(
      onClaim({
        reasons: [carc('197', 'CO')],
        claim: claim({ authorizationNumber: null }),
        findings: [other, scrubbedBefore],
      }),
    );
    // Assess
    expect(analysis.findings).toEqual([other, scrubbedBefore]);
  });

  it('scrubs the claim against no authorization when the case has no number', () => {
    const analysis = analyseDenial(
      onClaim({
        reasons: [carc('197', 'CO')],
        claim: claim({ authorizationNumber: null }),
        authorization: { number: null },
      }),
    );
    expect(analysis.findings.map((f) => f.code)).not.toContain('AUTH_NUMBER_MISSING');
  });
});
