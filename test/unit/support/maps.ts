/** Table-driven tests of a pure function: one test per row, `fn(input)` is exactly (toBe) `expected`. */
import { expect, it } from 'vitest';

export function itMaps<I, O>(title: string, fn: (input: I) => O, rows: ReadonlyArray<readonly [I, O]>): void {
  it.each(rows as [I, O][])(title, (input, expected) => {
    expect(fn(input)).toBe(expected);
  });
}
