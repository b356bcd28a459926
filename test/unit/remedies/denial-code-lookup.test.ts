/**
 * Looking a reason code up (core/remedies/denial-codes.ts) by its system: a CARC, a RARC and a
 * payer's own code with the same text as a CARC or RARC code are three different things; the
 * reference's older wordings and elisions are left out of the quoted text; only a category is a
 * category. Codes and texts are those of reference/denials.json and denial-routing.json.
 */
import { describe, expect, it } from 'vitest';
import { describeReason, isCategory, routeOf, strategyOf } from '#core/remedies/denial-codes.ts';

const payer = (code: string) => ({ system: 'PAYER' as const, code });

describe('a reason code by its system', () => {
  it('routes a CARC and a RARC by their own tables, and a payer code by neither', () => {
    expect(routeOf({ system: 'RARC', code: 'N54' })?.category).toBe('authorization_absent');
    expect(routeOf({ system: 'CARC', code: 'N54' })).toBeUndefined();
    expect(routeOf({ system: 'RARC', code: '50' })).toBeUndefined();
    expect(routeOf(payer('N54'))).toBeUndefined();
  });

  it('quotes the current CARC wording without the older one in parentheses', () => {
    expect(describeReason({ system: 'CARC', code: '198' })).toBe(
      'Precertification/notification/authorization/pre-treatment exceeded.',
    );
    expect(describeReason({ system: 'CARC', code: '4' })).toBe(
      'The procedure code is inconsistent with the modifier used.',
    );
  });

  it('quotes a RARC without the elision the reference ends it with', () => {
    expect(describeReason({ system: 'RARC', code: 'N115' })).toBe(
      'This decision was based on a Local Coverage Determination (LCD).',
    );
  });

  it("does not read a payer's own code as a CARC or a RARC", () => {
    expect(describeReason(payer('198'))).toBe(
      "PAYER 198 (not in the reference code list; see the payer's notice)",
    );
    expect(describeReason(payer('N115'))).toBe(
      "PAYER N115 (not in the reference code list; see the payer's notice)",
    );
    expect(strategyOf(payer('N115'))).toEqual([]);
    expect(strategyOf(payer('50'))).toEqual([]);
    expect(strategyOf({ system: 'RARC', code: 'N115' })).toHaveLength(1);
  });
});

describe('isCategory', () => {
  it.each([
    ['medical_necessity', true],
    ['nonsense', false],
    [null, false],
    [undefined, false],
  ])('%j: %s', (value, expected) => {
    expect(isCategory(value)).toBe(expected);
  });
});
