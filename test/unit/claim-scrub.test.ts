import { describe, expect, it } from 'vitest';
import { leastWasteVials } from '#core/billing/billing.ts';
import { icd10InList } from '#core/billing/claim-lines.ts';
import { type ScrubContext, scrubClaim } from '#core/billing/claim-scrub.ts';
import type { FindingCode } from '#core/model.ts';
import type { ClaimInput } from '#schemas/claim.ts';
import { claim, claimWithDrugLine, weightBasedBilling } from './support/appeal-case.ts';
import { approvedScrubContext } from './support/scrub-context.ts';

const PACIFIC_ICD10 = [
  'C34.00-C34.02',
  'C34.10-C34.12',
  'C34.2',
  'C34.30-C34.32',
  'C34.80-C34.82',
  'C34.90-C34.92',
];

const approved = approvedScrubContext(PACIFIC_ICD10);

const codes = (findings: Array<{ code: FindingCode }>) => findings.map((f) => f.code).sort();

describe('leastWasteVials', () => {
  it.each([
    { doseMg: 1500, vials: '3x500', totalMg: 1500 },
    { doseMg: 750, vials: '7x120', totalMg: 840 },
    { doseMg: 1120, vials: '2x500+1x120', totalMg: 1120 },
    { doseMg: 405, vials: '4x120', totalMg: 480 },
    { doseMg: 280, vials: '3x120', totalMg: 360 },
    { doseMg: 500, vials: '1x500', totalMg: 500 },
  ])('covers $doseMg mg with $vials', ({ doseMg, vials, totalMg }) => {
    // Act
    const combination = leastWasteVials(doseMg);

    // Assess
    expect(combination.vials.map((v) => `${v.count}x${v.strengthMg}`).join('+')).toBe(vials);
    expect(combination.totalMg).toBe(totalMg);
  });
});

describe('icd10InList', () => {
  it.each(['C34.12', 'C34.2', 'C34.91'])('%s is in the PACIFIC list', (code) => {
    expect(icd10InList(code, PACIFIC_ICD10)).toBe(true);
  });

  it.each(['C34.13', 'Z51.12', 'C22.0'])('%s is not in the PACIFIC list', (code) => {
    expect(icd10InList(code, PACIFIC_ICD10)).toBe(false);
  });
});

describe('scrubClaim', () => {
  it('finds nothing wrong with the example claim for an approved PACIFIC case', () => {
    // Prepare
    const input = claim();

    // Act
    const findings = scrubClaim(input, approved);

    // Assess
    expect(findings).toEqual([]);
  });

  it.each([
    ['units that do not match 1500 mg', claimWithDrugLine({ units: 140 }), ['UNITS_MISMATCH']],
    ['no JW/JZ modifier', claimWithDrugLine({ modifiers: [] }), ['WASTE_MODIFIER']],
    [
      'JW and JZ on one line',
      claimWithDrugLine({ modifiers: ['JW', 'JZ'] }),
      ['WASTE_MODIFIER', 'WASTE_MODIFIER'],
    ],
    [
      'a JZ line beside a JW line',
      claimWithDrugLine(
        {},
        { lines: [{ hcpcs: 'J9173', modifiers: ['JW'], units: 5, ndc11: '00310-4611-50' }] },
      ),
      ['WASTE_MODIFIER', 'WASTE_NOT_MINIMAL'],
    ],
    [
      'a JW line where whole vials leave nothing to discard',
      claimWithDrugLine(
        { modifiers: [] },
        { lines: [{ hcpcs: 'J9173', modifiers: ['JW'], units: 5, ndc11: '00310-4611-50' }] },
      ),
      ['WASTE_MODIFIER', 'WASTE_NOT_MINIMAL'],
    ],
    ['J9376 for durvalumab', claimWithDrugLine({ hcpcs: 'J9376' }), ['HCPCS_MISMATCH']],
    ['a pozelimab NDC', claimWithDrugLine({ ndc11: '61755-0014-00' }), ['NDC_HCPCS_MISMATCH']],
    ['no authorization number', claim({ authorizationNumber: null }), ['AUTH_NUMBER_MISSING']],
    ['another authorization number', claim({ authorizationNumber: 'PA-99999' }), ['AUTH_NUMBER_MISSING']],
    ['a date of service after the authorization', claim({ serviceDate: '2027-08-02' }), ['AUTH_EXCEEDED']],
    ['only an encounter diagnosis', claim({ diagnosisCodes: ['Z51.12'] }), ['DIAGNOSIS_NOT_COVERED']],
  ] as Array<[string, ClaimInput, FindingCode[]]>)('flags %s', (_, input, expected) => {
    // Act
    const findings = scrubClaim(input, approved);

    // Assess
    expect(codes(findings)).toEqual(expected);
  });

  it('says what J9376 really is and that durvalumab is J9173', () => {
    // Act
    const [finding] = scrubClaim(claimWithDrugLine({ hcpcs: 'J9376' }), approved);

    // Assess
    expect(finding?.message).toContain('pozelimab-bbfg');
    expect(finding?.message).toContain('J9173');
    expect(finding?.path).toBe('lines[0].hcpcs');
  });

  it('flags units above the approved units', () => {
    // Prepare
    const ctx: ScrubContext = { ...approved, decision: { ...approved.decision!, approvedUnits: 100 } };

    // Act
    const findings = scrubClaim(claim(), ctx);

    // Assess
    expect(codes(findings)).toEqual(['AUTH_EXCEEDED']);
  });

  describe('a 750 mg weight-based dose (7 x 120 mg vials, 75 units + JW 9)', () => {
    const weightCtx: ScrubContext = { ...approved, billing: weightBasedBilling };
    const lines = (adminMods: string[], jwUnits: number | null, ndc = '00310-4500-12') => [
      { hcpcs: 'J9173', modifiers: adminMods, units: 75, ndc11: ndc },
      ...(jwUnits === null ? [] : [{ hcpcs: 'J9173', modifiers: ['JW'], units: jwUnits, ndc11: ndc }]),
    ];

    it.each([
      ['billed right', claim({ administeredMg: 750, lines: lines([], 9) }), []],
      [
        'billed JZ with waste',
        claim({ administeredMg: 750, lines: lines(['JZ'], null) }),
        ['WASTE_MODIFIER'],
      ],
      [
        'opened 1 x 500 + 3 x 120 (11 JW units)',
        claim({ administeredMg: 750, discardedMg: 110, lines: lines([], 11) }),
        ['WASTE_NOT_MINIMAL'],
      ],
      [
        'JW units the waste log does not support',
        claim({ administeredMg: 750, discardedMg: 90, lines: lines([], 12) }),
        ['UNITS_MISMATCH'],
      ],
    ] as Array<[string, ClaimInput, FindingCode[]]>)('%s', (_, input, expected) => {
      // Act
      const findings = scrubClaim(input, weightCtx);

      // Assess
      expect(codes(findings)).toEqual(expected);
    });

    it('marks excess waste as a warning naming the least-waste vials', () => {
      // Act
      const [finding] = scrubClaim(
        claim({ administeredMg: 750, discardedMg: 110, lines: lines([], 11) }),
        weightCtx,
      );

      // Assess
      expect(finding?.severity).toBe('warning');
      expect(finding?.message).toContain('7 x 120 mg');
    });
  });

  it('does not flag a combination partner billed on its own code', () => {
    // Prepare
    const input = claimWithDrugLine({}, { lines: [{ hcpcs: 'J9045', modifiers: ['JW'], units: 3 }] });

    // Act
    const findings = scrubClaim(input, approved);

    // Assess
    expect(findings).toEqual([]);
  });
});
