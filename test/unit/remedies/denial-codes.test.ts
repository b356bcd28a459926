/**
 * What a denial code means (core/remedies/denial-codes.ts), read from reference/denials.json and
 * denial-routing.json: its route, its wording as a letter quotes it (the current text, no
 * ellipsis), the reference's appeal strategy, and which strings are denial categories. The
 * expected values are read from the reference, so the tests hold when its wording is updated.
 */
import { describe, expect, it } from 'vitest';
import type { Reason } from '#core/model.ts';
import { DENIAL_ROUTING_REFERENCE, DENIALS_REFERENCE } from '#core/reference/index.ts';
import { describeReason, isCategory, routeOf, strategyOf } from '#core/remedies/denial-codes.ts';
import { DENIAL_CATEGORIES } from '#core/remedies/denial-model.ts';

const carc = (code: string): Reason => ({ system: 'CARC', code });
const rarc = (code: string): Reason => ({ system: 'RARC', code });
const carcRef = (code: string) => DENIALS_REFERENCE.carc.find((c) => c.code === code);
const rarcRef = (code: string) => DENIALS_REFERENCE.rarc.find((r) => r.code === code);

describe('routeOf', () => {
  it('routes a CARC and a RARC by their own tables, and nothing for other systems', () => {
    expect(routeOf(carc('50'))).toEqual((DENIAL_ROUTING_REFERENCE.carc as Record<string, unknown>)['50']);
    expect(routeOf(rarc('N386'))).toEqual((DENIAL_ROUTING_REFERENCE.rarc as Record<string, unknown>).N386);
    expect(routeOf(carc('N386'))).toBeUndefined();
    expect(routeOf({ system: 'X12-HCR', code: '50' })).toBeUndefined();
    expect(routeOf({ system: 'PAYER', code: '50' })).toBeUndefined();
  });
});

describe('describeReason', () => {
  it("quotes the payer's own description first", () => {
    expect(
      describeReason({ system: 'CARC', code: '50', description: 'Not deemed a medical necessity.' }),
    ).toBe('Not deemed a medical necessity.');
  });

  it('quotes the current CARC wording, without the older text the reference keeps in parentheses', () => {
    // Prepare
    const withOldText = DENIALS_REFERENCE.carc.filter((c) => /\(20\d\d text/.test(c.description));
    expect(withOldText.length).toBeGreaterThan(0);
    for (const { code, description } of withOldText) {
      // Act
      const text = describeReason(carc(code));
      // Assess
      expect(text).not.toMatch(/20\d\d text/);
      expect(text).toBe(text.trim());
      expect(description.startsWith(text) || description.includes(text)).toBe(true);
    }
  });

  it('quotes a CARC without an older text as the reference has it', () => {
    expect(describeReason(carc('50'))).toBe(carcRef('50')?.description);
  });

  it('takes the wording of a CARC only the routing knows from the routing', () => {
    // Prepare
    const routed = Object.entries(
      DENIAL_ROUTING_REFERENCE.carc as Record<string, { description?: string }>,
    ).find(([code, route]) => route.description && !carcRef(code));
    expect(routed).toBeDefined();
    const [code, route] = routed as [string, { description: string }];
    // Act, Assess
    expect(describeReason(carc(code))).toBe(route.description);
  });

  it('quotes an elided RARC text without its trailing ellipsis', () => {
    // Prepare
    const elided = DENIALS_REFERENCE.rarc.filter((r) => /\.\.\.$/.test(r.description));
    expect(elided.length).toBeGreaterThan(0);
    for (const { code, description } of elided) {
      // Act
      const text = describeReason(rarc(code));
      // Assess
      expect(text.endsWith('...')).toBe(false);
      expect(text.endsWith(' ')).toBe(false);
      expect(description.startsWith(text)).toBe(true);
    }
  });

  it('says a code is not in the reference, by system and code, and sends the reader to the notice', () => {
    const unknown = "(not in the reference code list; see the payer's notice)";
    expect(describeReason(carc('99999'))).toBe(`CARC 99999 ${unknown}`);
    expect(describeReason(rarc('ZZ999'))).toBe(`RARC ZZ999 ${unknown}`);
    expect(describeReason({ system: 'X12-HCR', code: 'A3' })).toBe(`X12-HCR A3 ${unknown}`);
  });
});

describe('strategyOf', () => {
  it("gives a CARC's appeal evidence from the reference", () => {
    expect(strategyOf(carc('50'))).toEqual(carcRef('50')?.appeal_evidence);
    expect(strategyOf(carc('50')).length).toBeGreaterThan(0);
  });

  it("gives a RARC's action as a one-item strategy, and none for a RARC without one", () => {
    // Prepare
    const withAction = DENIALS_REFERENCE.rarc.find((r) => r.action);
    const withoutAction = DENIALS_REFERENCE.rarc.find((r) => !r.action);
    // Act, Assess
    expect(strategyOf(rarc(withAction?.code ?? ''))).toEqual([withAction?.action]);
    expect(strategyOf(rarc(withoutAction?.code ?? ''))).toEqual([]);
  });

  it('gives none for an unknown code or another system', () => {
    expect(strategyOf(carc('99999'))).toEqual([]);
    expect(strategyOf(rarc('ZZ999'))).toEqual([]);
    expect(strategyOf({ system: 'PAYER', code: '50' })).toEqual([]);
  });
});

describe('isCategory', () => {
  it('knows every denial category and nothing else', () => {
    for (const category of DENIAL_CATEGORIES) expect(isCategory(category)).toBe(true);
    expect(isCategory('medical-necessity')).toBe(false);
    expect(isCategory('')).toBe(false);
    expect(isCategory(null)).toBe(false);
    expect(isCategory(undefined)).toBe(false);
  });
});

describe('the reference behind the codes', () => {
  it('has a RARC with an action and one without, for the strategy tests', () => {
    expect(rarcRef('N386')).toBeDefined();
    expect(DENIALS_REFERENCE.rarc.some((r) => r.action)).toBe(true);
    expect(DENIALS_REFERENCE.rarc.some((r) => !r.action)).toBe(true);
  });
});
