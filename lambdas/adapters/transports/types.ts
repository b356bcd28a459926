import type { Clock, SimulatedDelivery } from '#core/ports.ts';

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
}
