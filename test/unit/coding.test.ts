import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BILLING_REFERENCE,
  checkHcpcs,
  checkNdc,
  DURVALUMAB_HCPCS,
  DURVALUMAB_VIALS,
} from '#core/billing/coding.ts';
import { normaliseNdc11 } from '#core/validation.ts';

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

describe('NDC normalisation (property-based)', () => {
  const digits = (length: number) => fc.stringMatching(new RegExp(`^\\d{${length}}$`));
  /** A 10-digit NDC in one of its three hyphenations, and the 11-digit 5-4-2 form it pads to. */
  const tenDigit = fc.oneof(
    fc
      .tuple(digits(4), digits(4), digits(2))
      .map(([l, p, k]) => ({ ten: `${l}-${p}-${k}`, eleven: `0${l}-${p}-${k}`, zeroAt: 0 })),
    fc
      .tuple(digits(5), digits(3), digits(2))
      .map(([l, p, k]) => ({ ten: `${l}-${p}-${k}`, eleven: `${l}-0${p}-${k}`, zeroAt: 6 })),
    fc
      .tuple(digits(5), digits(4), digits(1))
      .map(([l, p, k]) => ({ ten: `${l}-${p}-${k}`, eleven: `${l}-${p}-0${k}`, zeroAt: 11 })),
  );

  it('pads 4-4-2, 5-3-2 and 5-4-1 to 5-4-2 with one zero, and removing that zero gives the input back', () => {
    fc.assert(
      fc.property(tenDigit, ({ ten, eleven, zeroAt }) => {
        const normalised = normaliseNdc11(ten);
        expect(normalised).toBe(eleven);
        expect(normalised).toMatch(/^\d{5}-\d{4}-\d{2}$/);
        expect(normalised?.[zeroAt]).toBe('0');
        expect(`${normalised?.slice(0, zeroAt)}${normalised?.slice(zeroAt + 1)}`).toBe(ten);
      }),
    );
  });

  it('keeps an 11-digit 5-4-2 NDC, hyphenates 11 bare digits the same way, and is idempotent', () => {
    fc.assert(
      fc.property(fc.tuple(digits(5), digits(4), digits(2)), ([l, p, k]) => {
        const eleven = `${l}-${p}-${k}`;
        expect(normaliseNdc11(eleven)).toBe(eleven);
        expect(normaliseNdc11(` ${l}${p}${k} `)).toBe(eleven);
        expect(normaliseNdc11(normaliseNdc11(eleven)!)).toBe(eleven);
      }),
    );
  });

  it('reads no other hyphenation and nothing but digits', () => {
    const otherShape = fc
      .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }))
      .filter(([l, p, k]) => !['4-4-2', '5-3-2', '5-4-1', '5-4-2'].includes(`${l}-${p}-${k}`));
    fc.assert(
      fc.property(otherShape, ([l, p, k]) => {
        expect(normaliseNdc11(`${'1'.repeat(l)}-${'2'.repeat(p)}-${'3'.repeat(k)}`)).toBeNull();
      }),
    );
    expect(normaliseNdc11('0310-4611-5a')).toBeNull();
    expect(normaliseNdc11('0310461150')).toBeNull();
  });

  it('finds the durvalumab vial from any form of its NDC', () => {
    for (const vial of DURVALUMAB_VIALS) {
      const [l, p, k] = vial.ndc11.split('-') as [string, string, string];
      expect(checkNdc(`${l.slice(1)}-${p}-${k}`).vial?.ndc11).toBe(vial.ndc11);
      expect(checkNdc(`${l}${p}${k}`).vial?.ndc11).toBe(vial.ndc11);
    }
  });
});
