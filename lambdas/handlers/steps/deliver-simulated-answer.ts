import * as z from 'zod';
import { deliverSimulatedAnswer } from '#use-cases/deliver-simulated-answer.ts';
import { cases } from '../bindings/cases.ts';
import { compose, log } from '../bindings/compose.ts';
import { registry } from '../bindings/registry.ts';
import { simulatorTransports as transports } from '../bindings/simulator-transports.ts';

/** The ports this function's use cases take, and only their adapters in its bundle. */
const ports = compose({ cases, log, registry, transports });

const id = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

/** DeliverSimulatedAnswer's input (lib/workflows-simulator.ts): ids and times only, never PHI. */
export const SimulatedDeliveryInput = z.object({
  caseId: id,
  payerId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  submittedAt: z.iso.datetime({ offset: true }),
  step: z.number().int().min(0).max(1),
  webhookId: id,
  deliverAt: z.iso.datetime({ offset: true }),
});

export const handler = async (input: unknown) =>
  deliverSimulatedAnswer(SimulatedDeliveryInput.parse(input), ports);
