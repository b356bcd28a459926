/**
 * The corrected claim's edges (core/remedies/claim-corrections.ts): the lines as they should be
 * billed (other modifiers kept, JZ added once, a second administered line dropped, a JW line set by
 * the waste log or left alone without one, a JW line added where none was), and the corrections
 * listed (none of units without a dose, the NDC to use, modifiers from and to, a JW line removed or
 * recounted, the diagnosis codes reordered with the indication's code first).
 */
import { describe, expect, it } from 'vitest';
import { claimCorrections, correctedClaimLines } from '#core/remedies/claim-corrections.ts';
import type { DenialInput } from '#core/remedies/denials.ts';
import { claim, denialInput, pacificBilling } from '../support/appeal-case.ts';

const V500 = '00310-4611-50';
const admin = { hcpcs: '96413', modifiers: [] as string[], units: 1, chargeAmount: 10 };
const drug = (units: number, modifiers: string[], extra: { hcpcs?: string; ndc11?: string } = {}) => ({
  hcpcs: 'J9173',
  modifiers,
  units,
  chargeAmount: 100,
  ndc11: V500,
  ...extra,
});
const fields = (input: Partial<DenialInput>, claimFields: Parameters<typeof claim>[0]) =>
  Object.fromEntries(
    claimCorrections(claim(claimFields), denialInput({ subject: 'claim', ...input })).map((c) => [
      c.field,
      [c.from, c.to],
    ]),
  );

describe('correctedClaimLines', () => {
  it('bills J9173 for the dose with its other modifiers and JZ once, drops a second administered line', () => {
    // Act
    const lines = correctedClaimLines(
      claim({
        administeredMg: 1500,
        lines: [
          admin,
          drug(1500, ['JG', 'JZ'], { hcpcs: 'J9376', ndc11: '61755-0014-00' }),
          drug(10, ['JZ']),
        ],
      }),
      null,
    );

    // Assess
    expect(lines).toEqual([
      admin,
      { hcpcs: 'J9173', modifiers: ['JG', 'JZ'], units: 150, chargeAmount: 100, ndc11: V500 },
    ]);
  });

  it('keeps the units of a line whose dose is not documented', () => {
    // Act
    const lines = correctedClaimLines(claim({ administeredMg: undefined, lines: [drug(140, ['JZ'])] }), null);

    // Assess
    expect(lines[0]?.units).toBe(140);
  });

  it('sets a JW line to the waste log, leaves it without one, and adds one where there was none', () => {
    // Act: a log of 80 mg discarded after 1400 mg supports 8 units; the least-waste 12 x 120 mg (1440 mg) leaves 4
    const logged = correctedClaimLines(
      claim({ administeredMg: 1400, discardedMg: 80, lines: [drug(140, []), drug(10, ['JW'])] }),
      null,
    );
    const unlogged = correctedClaimLines(
      claim({ administeredMg: 1400, lines: [drug(140, []), drug(10, ['JW'])] }),
      null,
    );
    const missing = correctedClaimLines(claim({ administeredMg: 1400, lines: [drug(140, ['JZ'])] }), null);

    // Assess
    expect(logged.map((l) => [l.modifiers, l.units])).toEqual([
      [[], 140],
      [['JW'], 8],
    ]);
    expect(unlogged[1]).toMatchObject({ modifiers: ['JW'], units: 10 });
    expect(missing).toEqual([
      expect.objectContaining({ modifiers: [], units: 140 }),
      { hcpcs: 'J9173', modifiers: ['JW'], units: 4, ndc11: '00310-4500-12' },
    ]);
  });
});

describe('claimCorrections', () => {
  it('corrects no units without a documented dose', () => {
    expect(fields({ billing: null }, { administeredMg: undefined, lines: [drug(140, ['JZ'])] })).toEqual({});
  });

  it("replaces another drug's NDC by the least-waste vial for the dose, also when the case lists no vials", () => {
    // Act
    const corrections = fields(
      { billing: { ...pacificBilling, vials: [] } },
      { lines: [drug(150, ['JZ'], { ndc11: '61755-0014-00' })] },
    );

    // Assess
    expect(corrections['line 1 NDC']).toEqual(['61755-0014-00', V500]);
  });

  it('adds JZ to the other modifiers of the line, from "(none)" when it had none', () => {
    expect(fields({}, { lines: [drug(150, ['JG'])] })['line 1 modifiers']).toEqual(['JG', 'JG JZ']);
    expect(fields({}, { lines: [drug(150, [])] })['line 1 modifiers']).toEqual(['(none)', 'JZ']);
  });

  it('removes a JW line when the waste log shows nothing discarded, saying why', () => {
    // Act
    const [removal] = claimCorrections(
      claim({ discardedMg: 0, lines: [drug(150, ['JZ']), drug(2, ['JW'])] }),
      denialInput({ subject: 'claim' }),
    );

    // Assess
    expect([removal?.field, removal?.from, removal?.to]).toEqual([
      'line 2',
      'J9173-JW x 2 units',
      '(remove the line)',
    ]);
    expect(removal?.why).toBe(
      'The dose uses whole vials with nothing discarded (the waste log); a JW line is not billed with JZ.',
    );
  });

  it('recounts a JW line against the waste log only', () => {
    // Act
    const logged = fields(
      {},
      { administeredMg: 1400, discardedMg: 80, lines: [drug(140, []), drug(10, ['JW'])] },
    );
    const unlogged = fields({}, { administeredMg: 1400, lines: [drug(140, []), drug(10, ['JW'])] });

    // Assess
    expect(logged['line 2 units']).toEqual(['10', '8']);
    expect(unlogged['line 2 units']).toBeUndefined();
  });

  it("puts the indication's case code first, then the claim's others", () => {
    // Act
    const corrections = fields(
      { caseDiagnosisCodes: ['C77.1', 'C34.12'], indicationIcd10: ['C34'] },
      { diagnosisCodes: ['C77.1', 'Z51.11'] },
    );

    // Assess
    expect(corrections['diagnosis codes']).toEqual(['C77.1, Z51.11', 'C34.12, C77.1, Z51.11']);
  });

  it("without an indication list, takes a claim that has one of the case's codes among others", () => {
    // Act
    const covered = fields({ caseDiagnosisCodes: ['C34.12'] }, { diagnosisCodes: ['Z51.11', 'C34.12'] });
    const uncovered = fields({ caseDiagnosisCodes: ['C34.12'] }, { diagnosisCodes: ['Z51.11'] });

    // Assess
    expect(covered['diagnosis codes']).toBeUndefined();
    expect(uncovered['diagnosis codes']).toEqual(['Z51.11', 'C34.12, Z51.11']);
  });
});
