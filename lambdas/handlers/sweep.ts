/**
 * The deadline sweep: EventBridge schedule on AWS; a timer (and once at start) locally, with
 * `{ redriveAll: true }` at start since no execution survived the restart.
 */
import { sweep } from '#use-cases/sweep.ts';
import { ports } from './composition-root.ts';

const DEFAULT_REDRIVE_AFTER_MS = 5 * 60 * 1000;

export const handler = async (event: { redriveAll?: boolean } | undefined) => {
  const redriveAfterMs = Number(process.env.PA_REDRIVE_AFTER_MS ?? DEFAULT_REDRIVE_AFTER_MS);
  return sweep({ redriveAll: event?.redriveAll === true, redriveAfterMs }, ports);
};
