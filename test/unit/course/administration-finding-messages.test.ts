/**
 * What each check of a recorded administration (core/course/findings.ts) tells the user, word for
 * word: the lot and expiry, the authorization's period (open ends), the units left, the dose against
 * the plan and the label, the documentation missing per vial line, the vials' content and the
 * least-waste vials; and the severity and path of each.
 */
import { describe, expect, it } from 'vitest';
import type { AdministrationContext, AdministrationFacts } from '#core/course/findings.ts';
import * as check from '#core/course/findings.ts';
import { errorAt, warningAt } from '../support/findings.ts';

const V500 = '00310-4611-50';
const V120 = '00310-4500-12';

const facts = (overrides: Partial<AdministrationFacts>): AdministrationFacts => ({
  administeredAt: '2026-09-07T09:30:00-04:00',
  doseMg: 1500,
  vials: [{ ndc11: V500, lot: 'LT-1', expiresOn: '2028-01-31', count: 3 }],
  discardedMg: 0,
  wasteWitness: 'RN Ortiz',
  ...overrides,
});

type Authorization = NonNullable<AdministrationContext['authorization']>;

const ctx = (
  authorization: Partial<Authorization> | null,
  rest: Partial<Omit<AdministrationContext, 'authorization'>> = {},
): AdministrationContext => ({
  authorization:
    authorization === null
      ? null
      : { number: 'AUTH-9', validFrom: null, validTo: null, approvedUnits: null, ...authorization },
  usedUnits: 0,
  plannedDoseMg: null,
  labeledDosesMg: [],
  toleranceMg: 0.5,
  ...rest,
});

describe('LOT_EXPIRED wording', () => {
  it('names the lot, the NDC, the expiry and the day of the administration', () => {
    // Act
    const findings = check.expiredLots(
      facts({ vials: [{ ndc11: V120, lot: 'LT-7', expiresOn: '2026-09-06', count: 1 }] }),
    );

    // Assess
    expect(findings).toEqual([
      errorAt(
        'LOT_EXPIRED',
        'vials[0].expiresOn',
        `Lot LT-7 of NDC ${V120} expired on 2026-09-06, before the administration on 2026-09-07.`,
      ),
    ]);
  });

  it('says "(no lot)" for a vial without a lot number', () => {
    // Act
    const findings = check.expiredLots(
      facts({ vials: [{ ndc11: V500, expiresOn: '2026-01-01', count: 3 }] }),
    );

    // Assess
    expect(findings[0]?.message).toBe(
      `Lot (no lot) of NDC ${V500} expired on 2026-01-01, before the administration on 2026-09-07.`,
    );
  });
});

describe('OUTSIDE_AUTHORIZATION wording', () => {
  it('says there is no authorization to administer under, at administeredAt', () => {
    expect(check.authorizationFindings(facts({}), 150, ctx(null))).toEqual([
      errorAt(
        'OUTSIDE_AUTHORIZATION',
        'administeredAt',
        'The case has no approved authorization to administer under.',
      ),
    ]);
  });

  it('gives the period by its days, an open end as "open"', () => {
    // Act
    const [before, after] = [
      { validFrom: '2026-09-08T00:00:00Z', validTo: null },
      { validFrom: null, validTo: '2026-09-06T23:59:59Z' },
    ].map((period) => check.authorizationFindings(facts({}), 150, ctx(period)));

    // Assess
    expect(before).toEqual([
      errorAt(
        'OUTSIDE_AUTHORIZATION',
        'administeredAt',
        "2026-09-07 is outside the authorization's period (2026-09-08 to open).",
      ),
    ]);
    expect(after?.[0]?.message).toBe(
      "2026-09-07 is outside the authorization's period (open to 2026-09-06).",
    );
  });

  it('is inside a period whose ends carry a time, on both end days', () => {
    // Act
    const findings = check.authorizationFindings(
      facts({}),
      150,
      ctx({ validFrom: '2026-09-07T23:00:00Z', validTo: '2026-09-07T01:00:00Z' }),
    );

    // Assess
    expect(findings).toEqual([]);
  });

  it('says how many units are left of those approved, at doseMg', () => {
    // Act
    const findings = check.authorizationFindings(
      facts({}),
      150,
      ctx({ approvedUnits: 400 }, { usedUnits: 300 }),
    );

    // Assess
    const message = '150 units exceed the 100 units left of the 400 approved (300 used).';
    expect(findings).toEqual([errorAt('OUTSIDE_AUTHORIZATION', 'doseMg', message)]);
  });
});

describe('DOSE_DIFFERS_FROM_PLAN wording', () => {
  it('warns with the dose given and the plan, at doseMg', () => {
    // Act
    const findings = check.doseFindings(facts({ doseMg: 1200 }), ctx({}, { plannedDoseMg: 1500 }));

    // Assess
    expect(findings).toEqual([
      warningAt('DOSE_DIFFERS_FROM_PLAN', 'doseMg', '1200 mg given; the plan is 1500 mg per administration.'),
    ]);
  });

  it('warns with the labeled doses for the weight, and compares with no plan when there is none', () => {
    // Act
    const findings = check.doseFindings(facts({ doseMg: 1200 }), ctx({}, { labeledDosesMg: [1500, 700] }));

    // Assess
    expect(findings.map((f) => f.message)).toEqual([
      "1200 mg is not the label's dose for the patient's weight (1500 or 700 mg).",
    ]);
  });
});

describe('DOCUMENTATION_INCOMPLETE wording', () => {
  it('asks a witness for the waste, and the lot and expiry of each vial line, numbered from 1', () => {
    // Act
    const findings = check.documentationFindings(
      facts({
        discardedMg: 40,
        wasteWitness: '  ',
        vials: [
          { ndc11: V500, lot: 'LT-1', expiresOn: '2028-01-31', count: 3 },
          { ndc11: V120, lot: ' ', count: 1 },
        ],
      }),
    );

    // Assess
    expect(findings).toEqual([
      errorAt('DOCUMENTATION_INCOMPLETE', 'wasteWitness', '40 mg discarded without a witness to the waste.'),
      errorAt('DOCUMENTATION_INCOMPLETE', 'vials[1].lot', 'Vial line 2 has no lot number.'),
      errorAt('DOCUMENTATION_INCOMPLETE', 'vials[1].expiresOn', 'Vial line 2 has no expiry date.'),
    ]);
  });
});

describe('UNITS_MISMATCH and WASTE_NOT_MINIMAL wording', () => {
  it('adds up the vials against the dose and the waste, at vials', () => {
    // Act
    const findings = check.vialFindings(facts({ doseMg: 1400, discardedMg: 0 }));

    // Assess
    const message = 'The vials hold 1500 mg, but 1400 mg given and 0 mg discarded make 1400 mg.';
    expect(findings).toEqual([errorAt('UNITS_MISMATCH', 'vials', message)]);
  });

  it('names the NDC of a vial that is not durvalumab by its line', () => {
    // Act
    const findings = check.vialFindings(
      facts({
        vials: [
          { ndc11: V500, lot: 'LT-1', expiresOn: '2028-01-31', count: 3 },
          { ndc11: '61755-0014-00', lot: 'X', expiresOn: '2028-01-31', count: 1 },
        ],
      }),
    );

    // Assess
    expect(findings).toEqual([
      expect.objectContaining({ code: 'NDC_HCPCS_MISMATCH', path: 'vials[1].ndc11' }),
    ]);
  });

  it('names the least-waste vials when more were opened, at vials', () => {
    // Act
    const findings = check.wasteFindings(
      facts({
        doseMg: 1120,
        vials: [{ ndc11: V500, lot: 'LT-1', expiresOn: '2028-01-31', count: 3 }],
        discardedMg: 380,
      }),
    );

    // Assess
    expect(findings).toEqual([
      warningAt(
        'WASTE_NOT_MINIMAL',
        'vials',
        `The vials opened hold 1500 mg for a 1120 mg dose; the least-waste combination is 2 x 500 mg (NDC ${V500}) + 1 x 120 mg (NDC ${V120}) (1120 mg).`,
      ),
    ]);
  });

  it('finds no waste to spare when exactly the least-waste vials were opened', () => {
    // Act
    const findings = check.wasteFindings(
      facts({
        doseMg: 1120,
        vials: [
          { ndc11: V500, lot: 'LT-1', expiresOn: '2028-01-31', count: 2 },
          { ndc11: V120, lot: 'LT-2', expiresOn: '2028-01-31', count: 1 },
        ],
      }),
    );

    // Assess
    expect(findings).toEqual([]);
  });
});
