/**
 * The payer transports port's binding, in a module of its own: the transports carry node-x12,
 * jose, the PAS builders and the reference facts, which only the functions that talk to payers
 * (api, SubmitToPayer, DeliverSimulatedAnswer) bundle. The simulator's answers are
 * DeliverSimulatedAnswer executions, not timers in this process.
 */
import { createTransport } from '#adapters/transports/index.ts';
import { processPayerTokens } from '#adapters/transports/payer-tokens.ts';
import type { PayerTransports } from '#core/ports.ts';
import { clock, once, publicUrl } from './compose.ts';
import { workflows } from './workflows.ts';

export const transports = once(
  (): PayerTransports => (payer) =>
    createTransport(payer, {
      publicUrl: publicUrl(),
      clock: clock(),
      scheduleDelivery: (delivery) => workflows().startSimulatedDelivery(delivery),
      tokens: processPayerTokens(),
    }),
);
