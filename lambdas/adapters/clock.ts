/**
 * The product's clock. PA_CLOCK (API.md) sets the instant "now" starts at; the clock then runs on.
 */
import type { Clock } from '#core/ports.ts';

const startedAtReal = Date.now();

function parseBase(value: string | undefined): number | null {
  if (!value) return null;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Error(`PA_CLOCK is not an ISO timestamp: ${value}`);
  return t;
}

export function createClock(base = process.env.PA_CLOCK): Clock {
  const baseMs = parseBase(base);
  if (baseMs === null) return { now: () => new Date() };
  return { now: () => new Date(baseMs + (Date.now() - startedAtReal)) };
}

let shared: Clock | undefined;
export function clock(): Clock {
  shared ??= createClock();
  return shared;
}
