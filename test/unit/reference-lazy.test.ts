/**
 * Issue 15's cold starts: a reference file is validated on the first read of one of its facts, not
 * when core is imported, and the lazy fact reads as the parsed object does.
 */
import { describe, expect, it, vi } from 'vitest';
import { BILLING_REFERENCE, lazyFact, REFERENCE_FILES } from '#core/reference/index.ts';

describe('lazyFact', () => {
  it('makes the object on the first read only, once', () => {
    const load = vi.fn(() => ({ a: 1, nested: { b: 2 } }));
    const fact = lazyFact(load);
    expect(load).not.toHaveBeenCalled();
    expect(fact.a).toBe(1);
    expect(fact.nested.b).toBe(2);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reads as the object: keys, entries, spread, in, JSON', () => {
    const fact = lazyFact(() => ({ a: 1, b: 'two' }));
    expect(Object.keys(fact)).toEqual(['a', 'b']);
    expect(Object.entries(fact)).toEqual([
      ['a', 1],
      ['b', 'two'],
    ]);
    expect({ ...fact }).toEqual({ a: 1, b: 'two' });
    expect('b' in fact).toBe(true);
    expect(JSON.parse(JSON.stringify(fact))).toEqual({ a: 1, b: 'two' });
  });

  it('is read-only', () => {
    const fact = lazyFact(() => ({ a: 1 })) as { a: number };
    expect(() => {
      fact.a = 2;
    }).toThrow(TypeError);
    expect(fact.a).toBe(1);
  });
});

describe('the reference facts', () => {
  it('are the validated files', () => {
    expect({ ...BILLING_REFERENCE }).toEqual(REFERENCE_FILES['billing.json']());
  });
});
