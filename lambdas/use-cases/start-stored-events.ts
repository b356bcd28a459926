/**
 * Starts HandlePayerEvent for payer events just stored (the cases table's stream hands their ids
 * over, lib/event-stream.ts): each event still waiting to be applied gets its execution, named
 * by its event id, so an event started already (by the step that stored it, or by this function
 * when the stream hands a record over again) starts nothing twice. An event applied meanwhile,
 * or unknown, is skipped. The events that could not be started are answered, for the stream to
 * hand them over again; past its retries the sweep re-drives them.
 */
import type { Ports } from '#core/ports.ts';

export type StartStoredEventsPorts = Pick<Ports, 'cases' | 'workflows' | 'log'>;

export interface StartedEvents {
  started: number;
  /** Started before (same execution name) or no longer pending. */
  skipped: number;
  /** Ids of the events whose start failed. */
  failed: string[];
}

/**
 * `concurrency` starts at once: a batch's events need no order among them, since
 * ApplyPayerEvent orders a case's events by when they happened (a late one is recorded as stale).
 */
export async function startStoredEvents(
  eventIds: readonly string[],
  ports: StartStoredEventsPorts,
  concurrency = 1,
): Promise<StartedEvents> {
  const outcome: StartedEvents = { started: 0, skipped: 0, failed: [] };
  const start = async (eventId: string) => {
    try {
      const pending = await ports.cases.getPendingEvent(eventId);
      const { started } = pending
        ? await ports.workflows.startHandlePayerEvent(pending.caseId, eventId)
        : { started: false };
      if (started) outcome.started++;
      else outcome.skipped++;
    } catch (error) {
      ports.log.warn('could not start HandlePayerEvent; the stream hands it over again', {
        eventId,
        errorName: (error as Error).name,
      });
      outcome.failed.push(eventId);
    }
  };
  // `concurrency` workers, each taking the next event in the stream's order.
  let next = 0;
  const worker = async () => {
    while (next < eventIds.length) await start(eventIds[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, eventIds.length)) }, worker));
  // In the stream's order, whichever start ended first.
  outcome.failed.sort((a, b) => eventIds.indexOf(a) - eventIds.indexOf(b));
  return outcome;
}
