/** The body of a table test of a pure function: each row is the arguments, then the answer expected (toBe). */
import { expect } from 'vitest';

export const answers =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  (...row: unknown[]): void => {
    // Act
    const result = fn(...(row.slice(0, -1) as A));

    // Assess
    expect(result).toBe(row.at(-1));
  };

/**
 * The rows of a membership table, [value, group, expected]: each line of `table` names a group, the
 * values in it (true) and the values not in it (false).
 */
export const membership = <V, G>(table: [group: G, inside: V[], outside: V[]][]): [V, G, boolean][] =>
  table.flatMap(([group, inside, outside]) => [
    ...inside.map((value): [V, G, boolean] => [value, group, true]),
    ...outside.map((value): [V, G, boolean] => [value, group, false]),
  ]);
