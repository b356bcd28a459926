/**
 * How a function composes its ports: `compose({ cases, clock, ... })` from the bindings of
 * lambdas/handlers/bindings/ (one module per port whose adapter imports anything, so that a
 * function bundles only the adapters of the ports it composes), and the bindings of the ports
 * whose adapters import nothing heavy. Each binding makes its port on first use, once per process
 * (a Lambda's cold start, or the local stack), so a bundle reads its environment only when it runs.
 */
import { clock as systemClock } from '#adapters/clock.ts';
import { log as structuredLog } from '#adapters/logger.ts';
import { pauseFromEnvironment } from '#adapters/test-pause.ts';
import { newCaseId, newUploadId } from '#core/ids.ts';
import type { Ports } from '#core/ports.ts';

/** `make()` on the first call, its value on every call. */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/** A maker of each of the ports `K`. */
export type Bindings<K extends keyof Ports> = { [P in K]-?: () => Ports[P] };

/** The ports `K`, each made by its binding when first read. */
export function compose<K extends keyof Ports>(bindings: Bindings<K>): Pick<Ports, K> {
  const ports = {};
  for (const [key, get] of Object.entries(bindings) as Array<[string, () => unknown]>) {
    Object.defineProperty(ports, key, { get, enumerable: true });
  }
  return ports as Pick<Ports, K>;
}

export const clock = systemClock;
export const log = () => structuredLog;
export const ids = once(() => ({ caseId: newCaseId, uploadId: newUploadId }));
export const pauseAt = once(() => pauseFromEnvironment());

/** The public URL payers call back on (the simulator's callbacks). */
export const publicUrl = (): string => process.env.PA_PUBLIC_URL ?? '';
