/**
 * The deadline sweep: EventBridge schedule on AWS; a timer (and once at start) locally, with
 * `{ redriveAll: true }` at start since no execution survived the restart.
 */
import { sweep } from '#use-cases/sweep.ts';
import { cases } from './bindings/cases.ts';
import { clock, compose, log } from './bindings/compose.ts';
import { registry } from './bindings/registry.ts';
import { simulatorTransports as transports } from './bindings/simulator-transports.ts';
import { workflows } from './bindings/workflows.ts';
import { digestIfDue } from './digest-schedule.ts';

/** The ports this function's use cases take, and only their adapters in its bundle. */
const ports = compose({ cases, clock, log, registry, transports, workflows });

const DEFAULT_REDRIVE_AFTER_MS = 5 * 60 * 1000;

export const handler = async (event: { redriveAll?: boolean } | undefined) => {
  const redriveAfterMs = Number(process.env.PA_REDRIVE_AFTER_MS ?? DEFAULT_REDRIVE_AFTER_MS);
  const result = await sweep({ redriveAll: event?.redriveAll === true, redriveAfterMs }, ports);
  // The day's deadline digests, once the digest hour has come (digest-schedule.ts).
  await digestIfDue();
  return result;
};
