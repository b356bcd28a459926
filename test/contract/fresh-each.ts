/**
 * The adapter under test, made afresh before each test of a contract suite: the suite reads it as
 * a plain value, while each test gets its own.
 */
import { beforeEach } from 'vitest';

export function freshEach<P extends object>(make: () => Promise<P>): P {
  let current: P | undefined;
  beforeEach(async () => {
    current = await make();
  });
  return new Proxy({} as P, {
    get(_target, property) {
      if (!current) throw new Error('the adapter under test is made in beforeEach');
      const value = Reflect.get(current, property, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}
