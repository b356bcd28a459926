/**
 * The fixes a denied durvalumab claim needs and its lines as they should be billed
 * (claimCorrections, frequencyCodeCorrection, correctedClaimLines in
 * core/remedies/claim-corrections.ts): HCPCS, NDC, units, JZ or a JW line, the waste log's JW
 * units, the authorization number, the diagnosis order, the frequency code.
 */
import { describe, expect, it } from 'vitest';
import {
  claimCorrections,
  correctedClaimLines,
  frequencyCodeCorrection,
} from '#core/remedies/claim-corrections.ts';
import type { ClaimInput } from '#schemas/claim.ts';
import {
  authorization,
  claim,
  claimWithDrugLine,
  denialInput,
  pacificBilling,
  weightBasedBilling,
} from '../support/appeal-case.ts';

const fields = (c: Array<{ field: string }>) => c.map((x) => x.field);
const ADMIN = { hcpcs: '96413', modifiers: [], units: 1, chargeAmount: 310 };
const corrections = (c: ClaimInput, overrides: Parameters<typeof denialInput>[0] = {}) =>
  claimCorrections(c, denialInput({ subject: 'claim', claim: c, ...overrides }));

/** A 750 mg weight-based claim whose waste log shows 90 mg discarded, billed with a JW line of 12 units. */
const claimWithJwLineOf12 = (jwModifiers: string[]) =>
  claimWithDrugLine(
    { modifiers: [], units: 75, ndc11: '00310-4500-12' },
    {
      administeredMg: 750,
      discardedMg: 90,
      lines: [{ hcpcs: 'J9173', modifiers: jwModifiers, units: 12, ndc11: '00310-4500-12' }],
    },
  );

describe('claimCorrections', () => {
  it('has nothing to fix on a claim billed as the case says', () => {
    expect(corrections(claim(), { authorization })).toEqual([]);
  });

  it('rebills J9376 as J9173, saying what each is', () => {
    const [fix] = corrections(claimWithDrugLine({ hcpcs: 'J9376' }));
    expect(fix).toMatchObject({ field: 'line 1 HCPCS', from: 'J9376', to: 'J9173' });
    expect(fix?.why).toMatch(/is not durvalumab; durvalumab is J9173 \(Injection, durvalumab, 10 mg\)\.$/);
  });

  it("puts the case's vial NDC on a line without one or with another drug's", () => {
    expect(corrections(claimWithDrugLine({ ndc11: undefined }))).toEqual([
      {
        field: 'line 1 NDC',
        from: '(none)',
        to: '00310-4611-50',
        why: 'The NDC must be the durvalumab vial administered (11-digit, qualifier N4).',
      },
    ]);
    expect(corrections(claimWithDrugLine({ hcpcs: 'J9173', ndc11: '61755-0014-00' }))[0]).toMatchObject({
      from: '61755-0014-00',
      to: '00310-4611-50',
    });
  });

  it('takes the least-waste vial for the dose when the case has no billing', () => {
    const fixes = corrections(claimWithDrugLine({ ndc11: undefined }, { administeredMg: 750 }), {
      billing: null,
    });
    expect(fixes.find((f) => f.field === 'line 1 NDC')?.to).toBe('00310-4500-12');
  });

  it('corrects the units to the dose, with the arithmetic', () => {
    const [fix] = corrections(claimWithDrugLine({ units: 140 }));
    expect(fix).toMatchObject({ field: 'line 1 units', from: '140', to: '150' });
    expect(fix?.why).toMatch(/^1500 mg at 10 mg per unit of J9173 is 150 units \(/);
  });

  it('adds JZ to a dose from whole vials, keeping the other modifiers', () => {
    const [fix] = corrections(claimWithDrugLine({ modifiers: ['KX'] }));
    expect(fix).toMatchObject({ field: 'line 1 modifiers', from: 'KX', to: 'KX JZ' });
    expect(fix?.why).toMatch(
      /^Nothing is discarded from the single-dose vials \(per the least-waste vial combination; confirm/,
    );
    expect(corrections(claimWithDrugLine({ modifiers: [] }))[0]).toMatchObject({ from: '(none)', to: 'JZ' });
  });

  it('takes JZ off a dose that leaves waste and adds the JW line, citing the waste log when there is one', () => {
    // Prepare
    const c = claimWithDrugLine(
      { modifiers: ['JZ'], units: 75, ndc11: '00310-4500-12' },
      { administeredMg: 750, discardedMg: 90, lines: [ADMIN] },
    );
    // Act
    const fixes = corrections(c, { billing: weightBasedBilling });
    // Assess
    expect(fields(fixes)).toEqual(['line 1 modifiers', 'JW line']);
    expect(fixes[0]).toMatchObject({ from: 'JZ', to: '(none)' });
    expect(fixes[0]?.why).toBe(
      '9 units are discarded (the waste log), so the administered line carries no JZ and the waste goes on its own JW line.',
    );
    expect(fixes[1]).toMatchObject({ from: '(none)', to: 'J9173-JW x 9 units, NDC 00310-4500-12' });
  });

  it('removes a JW line where whole vials leave nothing', () => {
    // Act
    const fixes = corrections(
      claimWithDrugLine(
        {},
        { lines: [{ hcpcs: 'J9173', modifiers: ['JW'], units: 5, ndc11: '00310-4611-50' }] },
      ),
    );
    // Assess
    expect(fixes).toEqual([
      expect.objectContaining({ field: 'line 2', from: 'J9173-JW x 5 units', to: '(remove the line)' }),
    ]);
  });

  it('corrects JW units to the waste log', () => {
    // Act
    const fixes = corrections(claimWithJwLineOf12(['JW']), { billing: weightBasedBilling });
    // Assess
    expect(fixes).toEqual([
      {
        field: 'line 2 units',
        from: '12',
        to: '9',
        why: 'The waste log shows 90 mg discarded; discarded units round down and exclude what the administered line already counts.',
      },
    ]);
  });

  it("puts the case's authorization number on the claim", () => {
    expect(corrections(claim({ authorizationNumber: null }), { authorization })).toEqual([
      expect.objectContaining({ field: 'authorization number (REF*G1)', from: '(none)', to: 'PA-55120' }),
    ]);
    expect(corrections(claim({ authorizationNumber: 'PA-1' }), { authorization })[0]).toMatchObject({
      from: 'PA-1',
    });
    expect(corrections(claim({ authorizationNumber: null }), { authorization: { number: null } })).toEqual(
      [],
    );
  });

  it("lists the indication's diagnosis first when the claim has none of it", () => {
    // Act
    const fixes = corrections(claim({ diagnosisCodes: ['Z51.12', 'C34.12'] }), {
      caseDiagnosisCodes: ['C34.12'],
      indicationIcd10: ['C34.10-C34.12'],
    });
    // Assess: the claim does list C34.12, so nothing to fix.
    expect(fixes).toEqual([]);
    const missing = corrections(claim({ diagnosisCodes: ['Z51.12'] }), {
      caseDiagnosisCodes: ['C34.12'],
      indicationIcd10: ['C34.10-C34.12'],
    });
    expect(missing).toEqual([
      expect.objectContaining({ field: 'diagnosis codes', from: 'Z51.12', to: 'C34.12, Z51.12' }),
    ]);
  });

  it("lists the case's codes first without an indication list, and changes nothing without case codes", () => {
    expect(
      corrections(claim({ diagnosisCodes: ['Z51.12'] }), { caseDiagnosisCodes: ['C34.90'] })[0],
    ).toMatchObject({
      to: 'C34.90, Z51.12',
    });
    expect(corrections(claim({ diagnosisCodes: ['Z51.12'] }), { caseDiagnosisCodes: [] })).toEqual([]);
    expect(
      corrections(claim({ diagnosisCodes: ['Z51.12'] }), { caseDiagnosisCodes: ['Z51.12', 'C34.90'] }),
    ).toEqual([]);
  });
});

describe('frequencyCodeCorrection', () => {
  it('replaces the denied claim (7), naming the payer claim number, else the claim id', () => {
    expect(frequencyCodeCorrection(claim(), false)).toMatchObject({ field: 'claim frequency code', to: '7' });
    expect(frequencyCodeCorrection(claim(), false).why).toContain(
      'Replacement of the denied claim ICN-26250-0042',
    );
    expect(frequencyCodeCorrection(claim({ payerClaimNumber: undefined }), false).why).toContain(
      'Replacement of the denied claim CLM-2026-000981',
    );
  });

  it('submits a new claim (1) after MA130', () => {
    expect(frequencyCodeCorrection(claim(), true)).toMatchObject({ from: claim().frequencyCode, to: '1' });
    expect(frequencyCodeCorrection(claim(), true).why).toMatch(/MA130/);
  });
});

describe('correctedClaimLines', () => {
  it('keeps a claim billed right as it is', () => {
    expect(correctedClaimLines(claim(), pacificBilling)).toEqual(claim().lines);
  });

  it("rebills a J9376 line as J9173 with the dose's units and JZ, keeping the other lines", () => {
    // Act
    const lines = correctedClaimLines(
      claimWithDrugLine({ hcpcs: 'J9376', units: 1500, modifiers: [] }),
      pacificBilling,
    );
    // Assess
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ hcpcs: 'J9173', units: 150, modifiers: ['JZ'], ndc11: '00310-4611-50' });
    expect(lines[1]).toMatchObject({ hcpcs: '96413' });
  });

  it('drops a second administered line and replaces a wrong NDC, clearing its quantity', () => {
    // Act
    const lines = correctedClaimLines(
      claimWithDrugLine(
        { ndc11: '61755-0014-00', ndcQuantity: 30, ndcUnit: 'ML' },
        { lines: [{ hcpcs: 'J9173', modifiers: ['JZ'], units: 10 }, ADMIN] },
      ),
      pacificBilling,
    );
    // Assess
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      hcpcs: 'J9173',
      ndc11: '00310-4611-50',
      ndcQuantity: undefined,
      ndcUnit: undefined,
    });
    expect(lines[1]).toMatchObject({ hcpcs: '96413' });
  });

  it('adds the JW line a wasteful dose needs after the administered line', () => {
    // Act
    const lines = correctedClaimLines(
      claimWithDrugLine({ modifiers: ['JZ'], units: 75, ndc11: '00310-4500-12' }, { administeredMg: 750 }),
      weightBasedBilling,
    );
    // Assess
    expect(lines.slice(0, 2)).toEqual([
      expect.objectContaining({ hcpcs: 'J9173', units: 75, modifiers: [] }),
      { hcpcs: 'J9173', modifiers: ['JW'], units: 9, ndc11: '00310-4500-12' },
    ]);
  });

  it('sets a JW line to the waste log, and drops it when nothing is discarded', () => {
    const withLog = correctedClaimLines(claimWithJwLineOf12(['JW', 'KX']), weightBasedBilling);
    expect(withLog[1]).toMatchObject({ hcpcs: 'J9173', modifiers: ['JW'], units: 9 });
    const none = correctedClaimLines(
      claimWithDrugLine(
        {},
        { lines: [{ hcpcs: 'J9173', modifiers: ['JW'], units: 5, ndc11: '00310-4611-50' }] },
      ),
      pacificBilling,
    );
    expect(none).toHaveLength(1);
  });

  it('keeps a JW line it cannot check without a waste log, with the drug fixed', () => {
    const lines = correctedClaimLines(
      claimWithDrugLine(
        { modifiers: [], units: 75, ndc11: '00310-4500-12' },
        {
          administeredMg: 750,
          lines: [{ hcpcs: 'J9376', modifiers: ['JW'], units: 12, ndc11: '00310-4500-12' }],
        },
      ),
      weightBasedBilling,
    );
    expect(lines[1]).toMatchObject({ hcpcs: 'J9173', modifiers: ['JW'], units: 12 });
  });
});
