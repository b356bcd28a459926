/**
 * The checks of one administration (core/course/findings.ts), each with its boundary: expiry on
 * the day, the first and last day of the period, the unit that tips over what is left.
 */
import { describe, expect, it } from 'vitest';
import {
  type AdministrationContext,
  type AdministrationFacts,
  administrationFindings,
  administrationUnits,
  authorizationFindings,
  documentationFindings,
  doseFindings,
  expiredLots,
  vialFindings,
  wasteFindings,
} from '#core/course/findings.ts';

const V500 = '00310-4611-50';
const V120 = '00310-4500-12';

function given(overrides: Partial<AdministrationFacts> = {}): AdministrationFacts {
  return {
    administeredAt: '2026-08-10T14:05:00-05:00',
    doseMg: 1500,
    vials: [{ ndc11: V500, lot: 'KX2207', expiresOn: '2027-03-31', count: 3 }],
    discardedMg: 0,
    wasteWitness: null,
    ...overrides,
  };
}

function context(overrides: Partial<AdministrationContext> = {}): AdministrationContext {
  return {
    authorization: { number: 'PA-1', validFrom: '2026-08-01', validTo: '2027-01-31', approvedUnits: 450 },
    usedUnits: 0,
    plannedDoseMg: 1500,
    labeledDosesMg: [1500],
    toleranceMg: 0.5,
    ...overrides,
  };
}

const codes = (findings: Array<{ code: string }>) => findings.map((f) => f.code);

describe('an administration as recorded', () => {
  it('finds nothing in a complete record within the authorization', () => {
    expect(administrationFindings(given(), context())).toEqual([]);
  });
});

describe('LOT_EXPIRED', () => {
  const vial = (expiresOn: string) => [{ ndc11: V500, lot: 'KX2207', expiresOn, count: 3 }];

  it('is an error when the vial expired the day before the administration', () => {
    const findings = expiredLots(given({ vials: vial('2026-08-09') }));
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', code: 'LOT_EXPIRED', path: 'vials[0].expiresOn' }),
    ]);
  });

  it('is not expired on its expiry day itself (usable through that day)', () => {
    expect(expiredLots(given({ vials: vial('2026-08-10') }))).toEqual([]);
  });

  it('reads the day where the dose was given, not in UTC', () => {
    // 23:30 in UTC-5 is the next day in UTC: the vial is still within its day.
    expect(
      expiredLots(given({ administeredAt: '2026-08-10T23:30:00-05:00', vials: vial('2026-08-10') })),
    ).toEqual([]);
    expect(
      expiredLots(given({ administeredAt: '2026-08-11T00:30:00+02:00', vials: vial('2026-08-10') })),
    ).toHaveLength(1);
  });

  it('names each expired vial line', () => {
    const vials = [
      { ndc11: V500, lot: 'A', expiresOn: '2026-01-01', count: 2 },
      { ndc11: V500, lot: 'B', expiresOn: '2027-01-01', count: 1 },
      { ndc11: V500, lot: 'C', expiresOn: '2026-08-09', count: 1 },
    ];
    expect(expiredLots(given({ vials })).map((f) => f.path)).toEqual([
      'vials[0].expiresOn',
      'vials[2].expiresOn',
    ]);
  });
});

describe('OUTSIDE_AUTHORIZATION', () => {
  const at = (day: string) => given({ administeredAt: `${day}T09:00:00-05:00` });

  it('counts the first and the last day of the period, and nothing outside it', () => {
    expect(authorizationFindings(at('2026-08-01'), 150, context())).toEqual([]);
    expect(authorizationFindings(at('2027-01-31'), 150, context())).toEqual([]);
    expect(codes(authorizationFindings(at('2026-07-31'), 150, context()))).toEqual(['OUTSIDE_AUTHORIZATION']);
    expect(codes(authorizationFindings(at('2027-02-01'), 150, context()))).toEqual(['OUTSIDE_AUTHORIZATION']);
  });

  it('reads a period given as date-times by its days', () => {
    const authorization = {
      number: 'PA-1',
      validFrom: '2026-08-01T00:00:00Z',
      validTo: '2027-01-31T00:00:00Z',
      approvedUnits: null,
    };
    expect(authorizationFindings(at('2027-01-31'), 150, context({ authorization }))).toEqual([]);
  });

  it('allows the units that use up exactly what is left, and refuses the unit that tips over', () => {
    expect(authorizationFindings(given(), 150, context({ usedUnits: 300 }))).toEqual([]);
    const over = authorizationFindings(given(), 150, context({ usedUnits: 301 }));
    expect(over).toEqual([
      expect.objectContaining({ severity: 'error', code: 'OUTSIDE_AUTHORIZATION', path: 'doseMg' }),
    ]);
    expect(over[0]?.message).toContain('149 units left of the 450 approved');
  });

  it('checks no units when the payer stated none, and is an error without an authorization', () => {
    const authorization = { number: 'PA-1', validFrom: null, validTo: null, approvedUnits: null };
    expect(authorizationFindings(given(), 5000, context({ authorization }))).toEqual([]);
    expect(codes(authorizationFindings(given(), 150, context({ authorization: null })))).toEqual([
      'OUTSIDE_AUTHORIZATION',
    ]);
  });
});

describe('DOSE_DIFFERS_FROM_PLAN', () => {
  it('is quiet within the tolerance of the plan and the label, a warning past it', () => {
    expect(doseFindings(given({ doseMg: 1500.5 }), context())).toEqual([]);
    const off = doseFindings(given({ doseMg: 1501 }), context());
    expect(off.map((f) => [f.severity, f.code])).toEqual([
      ['warning', 'DOSE_DIFFERS_FROM_PLAN'],
      ['warning', 'DOSE_DIFFERS_FROM_PLAN'],
    ]);
    expect(off[1]?.message).toContain('label');
  });

  it('checks against the plan alone when the use is not a labeled one, and any labeled dose for the weight', () => {
    expect(doseFindings(given({ doseMg: 1120 }), context({ labeledDosesMg: [] }))).toHaveLength(1);
    expect(
      doseFindings(given({ doseMg: 1120 }), context({ plannedDoseMg: 1120, labeledDosesMg: [1120, 1500] })),
    ).toEqual([]);
  });
});

describe('DOCUMENTATION_INCOMPLETE', () => {
  it('wants a witness for any waste, and none without waste', () => {
    expect(documentationFindings(given({ discardedMg: 0 }))).toEqual([]);
    expect(codes(documentationFindings(given({ discardedMg: 0.5 })))).toEqual(['DOCUMENTATION_INCOMPLETE']);
    expect(codes(documentationFindings(given({ discardedMg: 10, wasteWitness: '  ' })))).toEqual([
      'DOCUMENTATION_INCOMPLETE',
    ]);
    expect(documentationFindings(given({ discardedMg: 10, wasteWitness: 'RN J. Doe' }))).toEqual([]);
  });

  it('wants each vial line’s lot and expiry', () => {
    const vials = [
      { ndc11: V500, lot: null, expiresOn: '2027-03-31', count: 2 },
      { ndc11: V500, lot: 'KX2207', count: 1 },
    ];
    expect(documentationFindings(given({ vials })).map((f) => f.path)).toEqual([
      'vials[0].lot',
      'vials[1].expiresOn',
    ]);
  });
});

describe('UNITS_MISMATCH and the vials', () => {
  it('accepts vials holding exactly the dose plus the waste', () => {
    expect(vialFindings(given())).toEqual([]);
    expect(vialFindings(given({ doseMg: 1490, discardedMg: 10 }))).toEqual([]);
  });

  it('is an error when the vials hold more or less than dose plus waste', () => {
    expect(codes(vialFindings(given({ doseMg: 1490 })))).toEqual(['UNITS_MISMATCH']);
    expect(codes(vialFindings(given({ doseMg: 1500, discardedMg: 0.01 })))).toEqual(['UNITS_MISMATCH']);
  });

  it('names a vial that is not durvalumab instead of counting it', () => {
    const vials = [{ ndc11: '61755-0014-00', lot: 'X', expiresOn: '2027-01-01', count: 1 }];
    expect(codes(vialFindings(given({ vials })))).toEqual(['NDC_HCPCS_MISMATCH']);
  });
});

describe('WASTE_NOT_MINIMAL', () => {
  it('is quiet for the least-waste vials and warns for more', () => {
    const least = [{ ndc11: V120, lot: 'L', expiresOn: '2027-01-01', count: 7 }];
    const more = [{ ndc11: V500, lot: 'L', expiresOn: '2027-01-01', count: 2 }];
    expect(wasteFindings(given({ doseMg: 750, discardedMg: 90, vials: least }))).toEqual([]);
    const findings = wasteFindings(given({ doseMg: 750, discardedMg: 250, vials: more }));
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', code: 'WASTE_NOT_MINIMAL' })]);
    expect(findings[0]?.message).toContain('840 mg');
  });
});

describe('the units an administration bills', () => {
  it('rounds the dose up and the waste down, JW only for a whole unit discarded', () => {
    expect(administrationUnits({ doseMg: 1500, discardedMg: 0 })).toEqual({
      units: 150,
      discardedUnits: 0,
      wasteModifier: 'JZ',
    });
    expect(administrationUnits({ doseMg: 750, discardedMg: 90 })).toEqual({
      units: 75,
      discardedUnits: 9,
      wasteModifier: 'JW',
    });
    expect(administrationUnits({ doseMg: 1495, discardedMg: 5 })).toEqual({
      units: 150,
      discardedUnits: 0,
      wasteModifier: 'JZ',
    });
  });
});
