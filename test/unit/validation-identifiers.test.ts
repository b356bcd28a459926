import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalIcd10,
  isHcpcsFormat,
  isIcd10CmFormat,
  isNdcFormat,
  isValidNpi,
  normaliseNdc11,
} from '#core/validation.ts';

const digits = (length: number) => fc.stringMatching(new RegExp(`^\\d{${length}}$`));

const FORMATS = [
  [
    'ICD-10-CM',
    isIcd10CmFormat,
    ['C34.1234', 'C341234'],
    ['C3412345', 'XC34.12', 'C34.12X.', 'C3', 'C34.1 ', ''],
  ],
  ['HCPCS', isHcpcsFormat, ['J9173', 'J9376'], ['j9173', 'J91733', 'XJ9173', 'J917', 'JJ173']],
] as const;

describe('code formats, at the edges of their patterns', () => {
  it.each(FORMATS)('%s: accepts exactly the well-formed codes', (_format, isWellFormed, good, bad) => {
    expect(good.filter((code) => !isWellFormed(code))).toEqual([]);
    expect(bad.filter((code) => isWellFormed(code))).toEqual([]);
  });

  it('writes an ICD-10-CM code dotted and upper-case, a bare category as it is', () => {
    expect([' c3412 ', 'c34', 'C341', 'c34.1'].map(canonicalIcd10)).toEqual([
      'C34.12',
      'C34',
      'C34.1',
      'C34.1',
    ]);
  });
});

describe('NPI length', () => {
  it('refuses 9 or 11 digits even when the check-digit formula would add up', () => {
    // 123456784 and 12345678939 pass the Luhn sum over 80840 + the digits; only 10 digits make an NPI
    expect(['123456784', '12345678939'].filter(isValidNpi)).toEqual([]);
  });
});

describe('NDC normalisation to 5-4-2', () => {
  it('reads an NDC with spaces around it, and refuses the shapes it cannot read', () => {
    // Prepare: too long, a segment too long, a letter, two segments, four, 12 digits, nothing
    const unreadable = [
      ...'12345-6789-012 123456-789-01 12345-67a9-01 12345-6789 -12345-6789-01 003104611500'.split(' '),
      '',
    ];
    // Act + Assess
    expect([' 00310461150 ', ' 0310-4611-50 '].map(normaliseNdc11)).toEqual([
      '00310-4611-50',
      '00310-4611-50',
    ]);
    expect(isNdcFormat(' 0310-4611-50 ')).toBe(true);
    expect(unreadable.map(normaliseNdc11)).toEqual(unreadable.map(() => null));
    expect(unreadable.filter(isNdcFormat)).toEqual([]);
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
