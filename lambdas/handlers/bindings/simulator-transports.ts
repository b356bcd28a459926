/**
 * The payer transports of the functions that only replay the simulator's planned answers (the
 * sweep's redrive of planned deliveries, DeliverSimulatedAnswer): the simulator's transport alone,
 * so their bundles carry no node-x12, jose or PAS builders. Any other payer gets a transport that
 * plans nothing (no plannedDeliveries, no deliverPlanned), which these use cases skip; submitting
 * through it is a programming error (only SubmitToPayer and the api submit, with ./transports.ts).
 */
import { createSimulatorTransport } from '#adapters/transports/simulator.ts';
import type { PayerTransport, PayerTransports } from '#core/ports.ts';
import { clock, once, publicUrl } from './compose.ts';
import { workflows } from './workflows.ts';

const plansNothing: PayerTransport = {
  submit: async () => {
    throw new Error('this function replays simulated answers only; it does not submit to payers');
  },
};

export const simulatorTransports = once(
  (): PayerTransports => (payer) =>
    payer.transport === 'simulator'
      ? createSimulatorTransport(payer, {
          publicUrl: publicUrl(),
          clock: clock(),
          scheduleDelivery: (delivery) => workflows().startSimulatedDelivery(delivery),
        })
      : plansNothing,
);
