/**
 * What every handler shares, created once per process (a Lambda's cold start, or the local stack).
 */
import { clock } from '#adapters/clock.ts';
import { payerRegistry } from '#adapters/payer-registry.ts';

export const deps = {
  get clock() {
    return clock();
  },
  get registry() {
    return payerRegistry();
  },
  get publicUrl() {
    return process.env.PA_PUBLIC_URL ?? '';
  },
};
