/**
 * Starts HandlePayerEvent for payer events just stored (the cases table's stream hands their ids
 * over, lib/event-stream.ts): each event still waiting to be applied gets its execution, named
 * by its event id, so an event started already (by the step that stored it, or by this function
 * when the stream hands a record over again) starts nothing twice. An event applied meanwhile,
 * or unknown, is skipped. The events that could not be started are answered, for the stream to
 * hand them over again; past its retries the sweep re-drives them.
 */
import type { PendingEvent, Ports } from '#core/ports.ts';

export type StartStoredEventsPorts = Pick<Ports, 'cases' | 'workflows' | 'log'>;

export interface StartedEvents {
  started: number;
  /** Started before (same execution name) or no longer pending. */
  skipped: number;
  /** Ids of the events whose start failed, in the batch's order. */
  failed: string[];
}

/**
 * Runs `task(0..count-1)` on `concurrency` workers, each taking the next index. Written here, not
 * p-limit: a use case imports no package (test/unit/architecture.test.ts).
 */
async function inWorkers(count: number, concurrency: number, task: (index: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
}

export interface StartOptions {
  /** Reads and starts at once, across cases (default 1). */
  concurrency?: number;
  /** How long a case's next event waits for the one before it to be applied (default 10 s). */
  settleTimeoutMs?: number;
  /** Pause between two looks at whether an event is applied (default 100 ms). */
  settlePollMs?: number;
}

/**
 * `concurrency` reads and starts at once, across cases. A case's own events are applied one after
 * the other in the stream's order (the order they were received), as one webhook at a time was:
 * the next starts once the one before is applied (or after settleTimeoutMs), since two executions
 * of a case at once apply in either order (an older denial before a newer approval, say).
 */
export async function startStoredEvents(
  eventIds: readonly string[],
  ports: StartStoredEventsPorts,
  options: StartOptions = {},
): Promise<StartedEvents> {
  const concurrency = options.concurrency ?? 1;
  const settleTimeoutMs = options.settleTimeoutMs ?? 10_000;
  const settlePollMs = options.settlePollMs ?? 100;
  /** Until the event is applied (no longer pending), or the timeout. */
  const applied = async (eventId: string) => {
    for (let waited = 0; waited < settleTimeoutMs; waited += settlePollMs) {
      if (!(await ports.cases.getPendingEvent(eventId))) return;
      await new Promise((resolve) => setTimeout(resolve, settlePollMs));
    }
  };
  const outcome: StartedEvents = { started: 0, skipped: 0, failed: [] };
  const failedAt = new Set<number>();
  const fail = (index: number, error: unknown) => {
    ports.log.warn('could not start HandlePayerEvent; the stream hands it over again', {
      eventId: eventIds[index],
      errorName: (error as Error).name,
    });
    failedAt.add(index);
  };

  // 1. Which events still wait to be applied, and their cases.
  const pending: Array<PendingEvent | undefined> = new Array(eventIds.length);
  await inWorkers(eventIds.length, concurrency, async (i) => {
    try {
      pending[i] = await ports.cases.getPendingEvent(eventIds[i]!);
      if (!pending[i]) outcome.skipped++;
    } catch (error) {
      fail(i, error);
    }
  });

  // 2. Their starts, a case's in order.
  const byCase = new Map<string, number[]>();
  pending.forEach((event, i) => {
    if (event) byCase.set(event.caseId, [...(byCase.get(event.caseId) ?? []), i]);
  });
  const cases = [...byCase.values()];
  await inWorkers(cases.length, concurrency, async (c) => {
    const ofCase = cases[c]!;
    for (const [n, i] of ofCase.entries()) {
      try {
        const { started } = await ports.workflows.startHandlePayerEvent(pending[i]!.caseId, eventIds[i]!);
        if (started) outcome.started++;
        else outcome.skipped++;
        if (n < ofCase.length - 1) await applied(eventIds[i]!);
      } catch (error) {
        fail(i, error);
      }
    }
  });
  outcome.failed = [...failedAt].sort((a, b) => a - b).map((i) => eventIds[i]!);
  return outcome;
}
