import { describe, expect, it } from 'vitest';
import { analyseDenial, type DenialCategory, type DenialInput, type Remedy } from '#core/remedies/denials.ts';
import {
  alkPositiveAegean,
  authorization,
  carc,
  claim,
  claimWithDrugLine,
  compendiaAssessment,
  denialInput,
  rarc,
} from './support/appeal-case.ts';

const onClaim = (overrides: Partial<DenialInput>): Partial<DenialInput> => ({
  subject: 'claim',
  claim: claim(),
  authorization,
  ...overrides,
});

/** The example claim with neither JZ on the drug line nor a JW line. */
const withoutJz = claimWithDrugLine({ modifiers: [] });

describe('analyseDenial', () => {
  it.each<[string, Partial<DenialInput>, DenialCategory, Remedy]>([
    ['CARC 50 on a labeled PA', { reasons: [carc('50'), rarc('N386')] }, 'medical_necessity', 'appeal'],
    ['CARC 272 (policy criteria)', { reasons: [carc('272')] }, 'medical_necessity', 'appeal'],
    [
      'CARC 55 on a compendium-supported use',
      { reasons: [carc('55')], assessment: compendiaAssessment },
      'experimental_off_label',
      'appeal',
    ],
    ['CARC 188 on a labeled use', { reasons: [carc('188')] }, 'experimental_off_label', 'appeal'],
    [
      'CARC 197 on a claim without the authorization number',
      onClaim({ reasons: [carc('197', 'CO')], claim: claim({ authorizationNumber: null }) }),
      'authorization_absent',
      'corrected_claim',
    ],
    ['CARC 197 on a PA', { reasons: [carc('197')] }, 'authorization_absent', 'appeal'],
    [
      'CARC 198 on a claim billed right',
      onClaim({ reasons: [carc('198', 'CO'), rarc('N362')] }),
      'dosage_units',
      'appeal',
    ],
    ['CARC 198 alone', onClaim({ reasons: [carc('198', 'CO')] }), 'authorization_exceeded', 'appeal'],
    [
      'CARC 153 on units that do not match the dose',
      onClaim({ reasons: [carc('153', 'CO')], claim: claimWithDrugLine({ units: 140 }) }),
      'dosage_units',
      'corrected_claim',
    ],
    ['CARC 153 on a claim billed right', onClaim({ reasons: [carc('153', 'CO')] }), 'dosage_units', 'appeal'],
    [
      'CARC 4 + N822 on a line without JZ',
      onClaim({ reasons: [carc('4', 'CO'), rarc('N822')], claim: withoutJz }),
      'modifier',
      'corrected_claim',
    ],
    ['CARC 4 on a line billed right', onClaim({ reasons: [carc('4', 'CO')] }), 'modifier', 'appeal'],
    [
      'CARC 181 on J9376',
      onClaim({
        reasons: [carc('181', 'CO')],
        claim: claimWithDrugLine({ hcpcs: 'J9376', units: 1500 }),
      }),
      'coding',
      'corrected_claim',
    ],
    [
      'CARC 11 (diagnosis inconsistent) on J9376',
      onClaim({ reasons: [carc('11', 'CO')], claim: claimWithDrugLine({ hcpcs: 'J9376' }) }),
      'coding',
      'corrected_claim',
    ],
    [
      'CARC 16 + M119 on a pozelimab NDC',
      onClaim({
        reasons: [carc('16', 'CO'), rarc('M119')],
        claim: claimWithDrugLine({ ndc11: '61755-0014-00' }),
      }),
      'coding',
      'corrected_claim',
    ],
    [
      'CARC 11 on an encounter-only diagnosis',
      onClaim({ reasons: [carc('11', 'CO')], claim: claim({ diagnosisCodes: ['Z51.12'] }) }),
      'diagnosis',
      'corrected_claim',
    ],
    ['CARC 167 on a PA', { reasons: [carc('167')] }, 'diagnosis', 'appeal'],
    ['CARC 29', onClaim({ reasons: [carc('29', 'CO')] }), 'timely_filing', 'appeal'],
    ['CARC 204', { reasons: [carc('204')] }, 'benefit_exclusion', 'appeal'],
    ['CARC 18', onClaim({ reasons: [carc('18', 'OA')] }), 'duplicate', 'none'],
    ['CARC B7', onClaim({ reasons: [carc('B7', 'CO')] }), 'other', 'appeal'],
    [
      'MA130 on a claim without JZ',
      onClaim({ reasons: [carc('16', 'CO'), rarc('MA130')], claim: withoutJz }),
      'modifier',
      'corrected_claim',
    ],
    [
      'CARC 50 on an ALK-positive AEGEAN request',
      { reasons: [carc('50')], assessment: alkPositiveAegean },
      'medical_necessity',
      'none',
    ],
  ])('%s: %s, %s', (_, input, category, remedy) => {
    // Act
    const analysis = analyseDenial(denialInput(input));

    // Assess
    expect(analysis.category).toBe(category);
    expect(analysis.remedy).toBe(remedy);
    expect(analysis.reason.length).toBeGreaterThan(20);
    expect(analysis.rebuttals).toHaveLength(input.reasons?.length ?? 1);
  });

  it.each([
    {
      name: 'J9376 billed per mg',
      claim: claimWithDrugLine({ hcpcs: 'J9376', units: 1500, modifiers: [] }),
      expected: [
        ['line 1 HCPCS', 'J9376', 'J9173'],
        ['line 1 units', '1500', '150'],
        ['line 1 modifiers', '(none)', 'JZ'],
        ['claim frequency code', '1', '7'],
      ],
    },
    {
      name: 'the authorization number missing',
      claim: claim({ authorizationNumber: null }),
      expected: [
        ['authorization number (REF*G1)', '(none)', 'PA-55120'],
        ['claim frequency code', '1', '7'],
      ],
    },
    {
      name: 'a 750 mg dose billed JZ',
      claim: claim({
        administeredMg: 750,
        lines: [{ hcpcs: 'J9173', modifiers: ['JZ'], units: 75, ndc11: '00310-4500-12' }],
      }),
      expected: [
        ['line 1 modifiers', 'JZ', '(none)'],
        ['JW line', '(none)', 'J9173-JW x 9 units, NDC 00310-4611-50'],
        ['claim frequency code', '1', '7'],
      ],
    },
  ])('corrects $name from the claim lines and the case billing', ({ claim: denied, expected }) => {
    // Act
    const analysis = analyseDenial(denialInput(onClaim({ reasons: [carc('16', 'CO')], claim: denied })));

    // Assess
    expect(analysis.remedy).toBe('corrected_claim');
    expect(analysis.corrections.map((c) => [c.field, c.from, c.to])).toEqual(expected);
    expect(analysis.corrections.every((c) => c.why.length > 10)).toBe(true);
  });

  it('gives MA130 no appeal rights and a new claim (frequency 1)', () => {
    // Act
    const analysis = analyseDenial(
      denialInput(
        onClaim({ reasons: [carc('16', 'CO'), rarc('MA130')], claim: claimWithDrugLine({ modifiers: [] }) }),
      ),
    );

    // Assess
    expect(analysis.noAppealRights).toBe(true);
    expect(analysis.corrections.at(-1)).toMatchObject({ field: 'claim frequency code', to: '1' });
    expect(analysis.reason).toContain('MA130');
  });

  it('refuses to appeal when the assessment finds a label exclusion, and says which', () => {
    // Act
    const analysis = analyseDenial(denialInput({ reasons: [carc('50')], assessment: alkPositiveAegean }));

    // Assess
    expect(analysis.remedy).toBe('none');
    expect(analysis.reason).toContain('ALK');
    expect(analysis.reason).toContain('misstate');
  });

  it('answers a medical-necessity denial with the label, the trial and each documented criterion', () => {
    // Act
    const analysis = analyseDenial(denialInput({ reasons: [carc('50'), rarc('N386')] }));

    // Assess
    const [first] = analysis.rebuttals;
    expect(first?.description).toContain('medical necessity');
    expect(first?.answer).toContain('PACIFIC');
    expect(first?.answer).toContain('No progression after concurrent platinum-based chemoradiation');
    expect(first?.evidence.join(' ')).toContain('FDA label');
    expect(first?.strategy.length).toBeGreaterThan(0);
  });

  it("answers the point the payer's note raises first, and asks which NCD an N386 remark means", () => {
    // Act
    const analysis = analyseDenial(denialInput({ reasons: [carc('50'), rarc('N386')] }));

    // Assess
    expect(analysis.rebuttals[0]?.answer).toContain(
      'On the point the notice raises: No progression after concurrent platinum-based chemoradiation is documented',
    );
    expect(analysis.rebuttals[1]?.answer).toContain('identify the National Coverage Determination');
    expect(analysis.rebuttals[1]?.evidence).toEqual([]);
  });

  it('answers an off-label denial with the compendium citation', () => {
    // Act
    const analysis = analyseDenial(denialInput({ reasons: [carc('55')], assessment: compendiaAssessment }));

    // Assess
    expect(analysis.rebuttals[0]?.answer).toContain('NCCN Bladder Cancer category 2A');
    expect(analysis.rebuttals[0]?.answer).toContain('1861(t)(2)');
  });

  it('answers a units denial with the dose arithmetic and the vials', () => {
    // Act
    const analysis = analyseDenial(denialInput(onClaim({ reasons: [carc('153', 'CO')] })));

    // Assess
    expect(analysis.rebuttals[0]?.answer).toContain('1500 mg / 10 mg per unit = 150 units of J9173');
    expect(analysis.rebuttals[0]?.answer).toContain('3 x 500 mg');
    expect(analysis.rebuttals[0]?.answer).toContain('JZ');
  });

  it('keeps codes it does not know, answered generically', () => {
    // Act
    const analysis = analyseDenial(denialInput({ reasons: [carc('999')] }));

    // Assess
    expect(analysis.category).toBe('other');
    expect(analysis.unknownCodes).toEqual(['CARC 999']);
    expect(analysis.rebuttals[0]?.description).toContain('not in the reference');
  });

  it('quotes the current CARC wording, not the older one kept in the reference', () => {
    // Act
    const analysis = analyseDenial(denialInput(onClaim({ reasons: [carc('198')] })));

    // Assess
    expect(analysis.rebuttals[0]?.description).toBe(
      'Precertification/notification/authorization/pre-treatment exceeded.',
    );
  });

  it('returns the claim scrub findings with the analysis', () => {
    // Act
    const analysis = analyseDenial(
      denialInput(onClaim({ reasons: [carc('181')], claim: claimWithDrugLine({ hcpcs: 'J9376' }) })),
    );

    // Assess
    expect(analysis.findings.map((f) => f.code)).toContain('HCPCS_MISMATCH');
  });
});
