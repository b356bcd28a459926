/**
 * The event stream's use case: each stored event still pending gets its HandlePayerEvent, named
 * by its event id; applied or unknown events and events started before start nothing; a failed
 * start is answered for the stream to hand over again, with ids only in the log.
 */
import { describe, expect, it } from 'vitest';
import { payerEventId } from '#core/ids.ts';
import { startStoredEvents } from '#use-cases/start-stored-events.ts';
import { CASE_ID, payerEvent, submittedCase } from '../support/payer-case.ts';
import { givenCase, NOW, PAYER, type World, world } from './support.ts';

async function storedEvent(w: World, webhookId: string, caseId = CASE_ID): Promise<string> {
  const eventId = payerEventId(PAYER.id, webhookId);
  await w.cases.storeEventOnce({
    eventId,
    payerId: PAYER.id,
    webhookId,
    caseId,
    channel: 'webhook',
    receivedAt: NOW,
    event: payerEvent(),
    raw: '{}',
  });
  return eventId;
}

describe('startStoredEvents', () => {
  it('starts HandlePayerEvent for each pending event, in order, named by its event id', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    const first = await storedEvent(w, 'msg_1');
    const second = await storedEvent(w, 'msg_2');

    // Act
    const outcome = await startStoredEvents([first, second], w, { settleTimeoutMs: 0 });

    // Assess
    expect(outcome).toEqual({ started: 2, skipped: 0, failed: [] });
    expect(w.workflows.starts).toEqual([
      { workflow: 'HandlePayerEvent', name: first, input: { caseId: CASE_ID, eventId: first } },
      { workflow: 'HandlePayerEvent', name: second, input: { caseId: CASE_ID, eventId: second } },
    ]);
  });

  it('starts a batch several at a time, each event once, and answers the failures in the batch order', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    const eventIds: string[] = [];
    for (let n = 1; n <= 7; n++) eventIds.push(await storedEvent(w, `msg_${n}`));
    const unknown = ['evt_unknown_1', 'evt_unknown_2'];

    // Act
    const outcome = await startStoredEvents([...eventIds, ...unknown], w, {
      concurrency: 3,
      settleTimeoutMs: 0,
    });
    w.workflows.failWith(new Error('down'));
    const failing = await startStoredEvents([eventIds[6]!, eventIds[2]!, eventIds[4]!], w, {
      concurrency: 3,
      settleTimeoutMs: 0,
    });

    // Assess
    expect(outcome).toEqual({ started: 7, skipped: 2, failed: [] });
    expect(w.workflows.starts.map((s) => s.name).sort()).toEqual([...eventIds].sort());
    expect(failing.failed).toEqual([eventIds[6], eventIds[2], eventIds[4]]);
  });

  it("starts a case's events in the stream's order while other cases' start beside them", async () => {
    // Prepare
    const w = world();
    const OTHER = 'pa_01OTHERCASE0000000000000000';
    await givenCase(w, submittedCase());
    await givenCase(w, submittedCase({ caseId: OTHER }));
    const ids = [
      await storedEvent(w, 'a1'),
      await storedEvent(w, 'b1', OTHER),
      await storedEvent(w, 'a2'),
      await storedEvent(w, 'b2', OTHER),
      await storedEvent(w, 'a3'),
    ];
    // The first start of the case is slow: its later events must wait for it.
    const start = w.workflows.startHandlePayerEvent.bind(w.workflows);
    w.workflows.startHandlePayerEvent = async (caseId, eventId, name) => {
      if (eventId === ids[0]) await new Promise((resolve) => setTimeout(resolve, 20));
      return start(caseId, eventId, name);
    };

    // Act
    const outcome = await startStoredEvents(ids, w, { concurrency: 4, settleTimeoutMs: 0 });

    // Assess
    const order = (caseId: string) =>
      w.workflows.starts.filter((s) => (s.input as { caseId: string }).caseId === caseId).map((s) => s.name);
    expect(outcome).toEqual({ started: 5, skipped: 0, failed: [] });
    expect(order(CASE_ID)).toEqual([ids[0], ids[2], ids[4]]);
    expect(order(OTHER)).toEqual([ids[1], ids[3]]);
  });

  it("waits for a case's event to be applied before it starts the case's next one", async () => {
    // Prepare: each start is applied 30 ms later, as a running execution would apply it
    const w = world();
    await givenCase(w, submittedCase());
    const first = await storedEvent(w, 'msg_1');
    const second = await storedEvent(w, 'msg_2');
    const pendingAtStart: Record<string, boolean> = {};
    const start = w.workflows.startHandlePayerEvent.bind(w.workflows);
    w.workflows.startHandlePayerEvent = async (caseId, eventId, name) => {
      pendingAtStart[eventId] = (await w.cases.getPendingEvent(first)) !== undefined;
      setTimeout(() => {
        void w.cases.updateCase(caseId, (c) => ({
          next: { ...c, appliedEventIds: [...(c.appliedEventIds ?? []), eventId] },
          history: [],
          appliedEventIds: [eventId],
        }));
      }, 30);
      return start(caseId, eventId, name);
    };

    // Act
    const outcome = await startStoredEvents([first, second], w, { settlePollMs: 5, settleTimeoutMs: 5_000 });

    // Assess
    expect(outcome).toEqual({ started: 2, skipped: 0, failed: [] });
    expect(pendingAtStart).toEqual({ [first]: true, [second]: false });
  });

  it('starts nothing twice when the stream hands a record over again', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    const eventId = await storedEvent(w, 'msg_1');
    await startStoredEvents([eventId], w);

    // Act
    const again = await startStoredEvents([eventId], w);

    // Assess
    expect(again).toEqual({ started: 0, skipped: 1, failed: [] });
    expect(w.workflows.starts).toHaveLength(1);
  });

  it('skips an event applied meanwhile and an unknown one', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    const eventId = await storedEvent(w, 'msg_1');
    await w.cases.updateCase(CASE_ID, (c) => ({
      next: { ...c, appliedEventIds: [eventId] },
      history: [],
      appliedEventIds: [eventId],
    }));

    // Act
    const outcome = await startStoredEvents([eventId, 'evt_unknown'], w);

    // Assess
    expect(outcome).toEqual({ started: 0, skipped: 2, failed: [] });
    expect(w.workflows.starts).toEqual([]);
  });

  it('answers the events whose start failed and goes on with the others, logging ids only', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    const eventId = await storedEvent(w, 'msg_1');
    w.workflows.failWith(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));

    // Act
    const outcome = await startStoredEvents([eventId, 'evt_unknown'], w);

    // Assess
    expect(outcome).toEqual({ started: 0, skipped: 1, failed: [eventId] });
    expect(await w.cases.getPendingEvent(eventId)).toEqual({ caseId: CASE_ID, eventId, receivedAt: NOW });
    expect(w.log.lines).toEqual([
      {
        level: 'warn',
        message: 'could not start HandlePayerEvent; the stream hands it over again',
        attributes: { eventId, errorName: 'ThrottlingException' },
      },
    ]);
  });
});
