import type { Clock, PayerConfig, SimulatedDelivery } from '#core/ports.ts';
import type { PayerAuth } from '#schemas/payer-registry.ts';
import type { PayerTokens } from './smart-auth.ts';

/** A payer reached over HTTP (fhir-pas, x12-278): its endpoint and its credentials, if any. */
export type HttpPayer = PayerConfig & { endpoint: string; auth?: PayerAuth | undefined };

/** What every transport may need from its surroundings. */
export interface TransportDeps {
  /** Base URL of this system's API, where the simulator posts its webhooks. */
  publicUrl: string;
  /** The product clock (PA_CLOCK locally): webhook timestamps and receipt times. */
  clock: Clock;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Per-request timeout towards a payer (default 10 s). */
  timeoutMs?: number;
  /** Schedules one planned simulator answer durably (WorkflowStarter.startSimulatedDelivery). */
  scheduleDelivery?: (delivery: SimulatedDelivery) => Promise<{ started: boolean }>;
  /** The SMART Backend Services tokens of this process (payers whose auth is smart-backend). */
  tokens?: PayerTokens;
}
