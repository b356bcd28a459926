import { describe, expect, it } from 'vitest';
import {
  BILLING_REFERENCE,
  checkHcpcs,
  checkNdc,
  DURVALUMAB_HCPCS,
  DURVALUMAB_VIALS,
} from '#core/billing/coding.ts';

describe('reference data', () => {
  it('holds the code, the unit and the vials of the cited sources (J9173, 10 mg, 500 mg and 120 mg vials)', () => {
    // Assess
    expect(DURVALUMAB_HCPCS).toBe('J9173');
    expect(BILLING_REFERENCE.hcpcs.unitMg).toBe(10);
    expect(DURVALUMAB_VIALS.map((vial) => [vial.ndc11, vial.billingUnits]).sort()).toEqual([
      ['00310-4500-12', 12],
      ['00310-4611-50', 50],
    ]);
  });
});

describe('checkHcpcs', () => {
  it.each(['J9173', 'j9173', ' J9173 '])('accepts durvalumab code %j', (code) => {
    // Act
    const check = checkHcpcs(code);

    // Assess
    expect(check.isDurvalumab).toBe(true);
    expect(check.findings).toEqual([]);
  });

  it.each([
    ['J9376', 'pozelimab-bbfg'],
    ['J9022', 'atezolizumab'],
    ['J9119', 'cemiplimab'],
    ['J9355', 'trastuzumab'],
    ['C9492', 'OPPS pass-through'],
    ['J9347', 'tremelimumab'],
  ])('reports %s as HCPCS_MISMATCH saying it is %s and that durvalumab is J9173', (code, what) => {
    // Act
    const check = checkHcpcs(code, { path: 'lines[0].hcpcs' });

    // Assess
    expect(check.isDurvalumab).toBe(false);
    expect(check.findings).toHaveLength(1);
    expect(check.findings[0]).toMatchObject({
      severity: 'error',
      code: 'HCPCS_MISMATCH',
      path: 'lines[0].hcpcs',
    });
    expect(check.findings[0]?.message).toContain(what);
    expect(check.findings[0]?.message).toContain('J9173');
  });

  it('says what J9376 really is, from the reference', () => {
    // Act
    const check = checkHcpcs('J9376');

    // Assess
    expect(check.descriptor).toBe('Injection, pozelimab-bbfg, 1 mg');
    expect(check.findings[0]?.message).toContain('Injection, pozelimab-bbfg, 1 mg');
  });

  it('reports a code unknown to the reference as not durvalumab', () => {
    // Act
    const check = checkHcpcs('J3590');

    // Assess
    expect(check).toMatchObject({ isDurvalumab: false, descriptor: null });
    expect(check.findings[0]?.message).toContain('J3590 is not durvalumab');
  });
});

describe('checkNdc', () => {
  it.each([
    ['00310-4611-50', 500],
    ['0310-4611-50', 500],
    ['00310461150', 500],
    ['00310-4500-12', 120],
    ['0310-4500-12', 120],
  ])('accepts durvalumab vial %s (%s mg)', (ndc, strengthMg) => {
    // Act
    const check = checkNdc(ndc);

    // Assess
    expect(check.vial?.strengthMg).toBe(strengthMg);
    expect(check.findings).toEqual([]);
  });

  it.each([
    ['61755-0014-00', 'pozelimab'],
    ['61755-0014-01', 'pozelimab'],
    ['0310-4505-25', 'tremelimumab'],
    ['61434-002-10', 'not billable'],
    ['12345-6789-01', 'not a durvalumab vial'],
    ['12-34', 'not a readable'],
  ])('reports %s as NDC_HCPCS_MISMATCH (%s)', (ndc, what) => {
    // Act
    const check = checkNdc(ndc, { path: 'lines[0].ndc11' });

    // Assess
    expect(check.vial).toBeNull();
    expect(check.findings).toEqual([
      expect.objectContaining({ severity: 'error', code: 'NDC_HCPCS_MISMATCH', path: 'lines[0].ndc11' }),
    ]);
    expect(check.findings[0]?.message).toContain(what);
    expect(check.findings[0]?.message).toContain('00310-4611-50');
  });
});
