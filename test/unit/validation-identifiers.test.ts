import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalIcd10,
  isHcpcsFormat,
  isIcd10CmFormat,
  isNdcFormat,
  normaliseNdc11,
} from '#core/validation.ts';

const digits = (length: number) => fc.stringMatching(new RegExp(`^\\d{${length}}$`));

describe('ICD-10-CM format, at the edges of its patterns', () => {
  it.each([
    ['C34.1234', true],
    ['C341234', true],
    ['C3412345', false],
    ['XC34.12', false],
    ['C34.12X.', false],
    ['C3', false],
    ['C34.1 ', false],
    ['', false],
  ])('%j -> %s', (code, valid) => {
    expect(isIcd10CmFormat(code)).toBe(valid);
  });

  it.each([
    [' c3412 ', 'C34.12'],
    ['c34', 'C34'],
    ['C341', 'C34.1'],
    ['c34.1', 'C34.1'],
  ])('canonical form of %j is %j', (code, canonical) => {
    expect(canonicalIcd10(code)).toBe(canonical);
  });
});

describe('HCPCS Level II format', () => {
  it.each([
    ['J9173', true],
    ['J9376', true],
    ['j9173', false],
    ['J91733', false],
    ['XJ9173', false],
    ['J917', false],
    ['JJ173', false],
  ])('%j -> %s', (code, valid) => {
    expect(isHcpcsFormat(code)).toBe(valid);
  });
});

describe('NDC normalisation to 5-4-2', () => {
  it.each([
    [' 00310461150 ', '00310-4611-50'],
    [' 0310-4611-50 ', '00310-4611-50'],
    ['12345-6789-012', null],
    ['123456-789-01', null],
    ['12345-67a9-01', null],
    ['12345-6789', null],
    ['-12345-6789-01', null],
    ['003104611500', null],
    ['', null],
  ])('%j -> %j', (ndc, normalised) => {
    expect(normaliseNdc11(ndc)).toBe(normalised);
    expect(isNdcFormat(ndc)).toBe(normalised !== null);
  });

  it('reads 11 bare digits and their 5-4-2 dashed form alike, and a normalised NDC as itself', () => {
    fc.assert(
      fc.property(digits(11), (ndc) => {
        const dashed = `${ndc.slice(0, 5)}-${ndc.slice(5, 9)}-${ndc.slice(9)}`;
        expect(normaliseNdc11(ndc)).toBe(dashed);
        expect(normaliseNdc11(dashed)).toBe(dashed);
      }),
    );
  });

  it('pads the short segment of a 4-4-2, 5-3-2 or 5-4-1 NDC with one leading zero', () => {
    fc.assert(
      fc.property(digits(5), digits(4), digits(2), (labeler, product, pack) => {
        expect(normaliseNdc11(`${labeler.slice(1)}-${product}-${pack}`)).toBe(
          `0${labeler.slice(1)}-${product}-${pack}`,
        );
        expect(normaliseNdc11(`${labeler}-${product.slice(1)}-${pack}`)).toBe(
          `${labeler}-0${product.slice(1)}-${pack}`,
        );
        expect(normaliseNdc11(`${labeler}-${product}-${pack.slice(1)}`)).toBe(
          `${labeler}-${product}-0${pack.slice(1)}`,
        );
      }),
    );
  });

  it('gives 11 digits in 5-4-2 for whatever it accepts', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\d-]{0,14}$/), (ndc) => {
        const normalised = normaliseNdc11(ndc);
        if (normalised !== null) expect(normalised).toMatch(/^\d{5}-\d{4}-\d{2}$/);
      }),
    );
  });
});
