import { describe, expect, it } from 'vitest';
import { NotFoundError } from '#core/errors.ts';
import { applyPayerEvent } from '#use-cases/apply-payer-event.ts';
import {
  CASE_ID,
  storedClaim as claim,
  EVENT_ID,
  givenEvent,
  payerEvent,
  RAW,
  submittedCase,
} from '../support/payer-case.ts';
import { givenCase, historyOf, NOW, type World, world } from './support.ts';

/** The raw bodies kept with the case's history entries, in order. */
const rawBodies = (w: World) =>
  [...w.cases.items.values()].filter((item) => String(item.sk).startsWith('EVENT#')).map((item) => item.raw);

describe('applyPayerEvent', () => {
  it('applies a denial: the case is DENIED with the decision, the event applied, and a remedy owed', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    await givenEvent(w, payerEvent());
    // Act
    const result = await applyPayerEvent(CASE_ID, EVENT_ID, w);
    // Assess
    expect(result).toEqual({ caseId: CASE_ID, eventId: EVENT_ID, next: 'compose_remedy' });
    const record = await w.cases.requireCase(CASE_ID);
    expect(record).toMatchObject({
      status: 'DENIED',
      version: 5,
      updatedAt: NOW,
      appliedEventIds: [EVENT_ID],
      pendingRemedyEventId: EVENT_ID,
      decision: { outcome: 'denied', eventId: EVENT_ID },
    });
    expect(await historyOf(w, CASE_ID)).toEqual(['prior_auth.decision']);
    expect(rawBodies(w)).toEqual([RAW]);
    expect(await w.cases.listPendingEvents()).toEqual([]);
  });

  it('applies an approval and is done', async () => {
    const w = world();
    await givenCase(w, submittedCase());
    await givenEvent(w, payerEvent({ outcome: 'approved', authorizationNumber: 'AUTH-1', reasons: [] }));
    expect((await applyPayerEvent(CASE_ID, EVENT_ID, w)).next).toBe('done');
    expect(await w.cases.requireCase(CASE_ID)).toMatchObject({ status: 'APPROVED', flags: [] });
  });

  it('marks the claim a claim denial names DENIED, in the same write', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase({ status: 'APPROVED' }));
    await w.cases.putClaimOnce(CASE_ID, claim);
    await givenEvent(w, payerEvent({ type: 'claim.denied', claimId: 'CLM-1' }));
    // Act
    const result = await applyPayerEvent(CASE_ID, EVENT_ID, w);
    // Assess
    expect(result.next).toBe('compose_remedy');
    expect(await w.cases.getClaim(CASE_ID, 'CLM-1')).toEqual({ ...claim, status: 'DENIED' });
  });

  it('records an older event as stale without rolling the case back, and clears it from the pending list', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase({ status: 'APPROVED', lastEventAt: '2026-11-21T00:00:00Z' }));
    await givenEvent(w, payerEvent());
    // Act
    const result = await applyPayerEvent(CASE_ID, EVENT_ID, w);
    // Assess
    expect(result.next).toBe('done');
    expect(await w.cases.requireCase(CASE_ID)).toMatchObject({
      status: 'APPROVED',
      appliedEventIds: [EVENT_ID],
    });
    expect(await historyOf(w, CASE_ID)).toEqual(['prior_auth.decision.stale']);
    expect(rawBodies(w)).toEqual([RAW]);
    expect(await w.cases.listPendingEvents()).toEqual([]);
  });

  it('records a refused transition and changes no status', async () => {
    const w = world();
    await givenCase(w, submittedCase({ status: 'CLOSED' }));
    await givenEvent(w, payerEvent());
    expect((await applyPayerEvent(CASE_ID, EVENT_ID, w)).next).toBe('done');
    expect((await w.cases.requireCase(CASE_ID)).status).toBe('CLOSED');
    expect(await historyOf(w, CASE_ID)).toEqual(['prior_auth.decision.refused']);
  });

  it('writes nothing on a re-drive, and says again that the remedy is owed until it is composed', async () => {
    // Prepare
    const w = world();
    await givenCase(w, submittedCase());
    await givenEvent(w, payerEvent());
    await applyPayerEvent(CASE_ID, EVENT_ID, w);
    const before = await w.cases.requireCase(CASE_ID);
    // Act
    const again = await applyPayerEvent(CASE_ID, EVENT_ID, w);
    await w.cases.updateCase(CASE_ID, (c) => ({ next: { ...c, pendingRemedyEventId: null }, history: [] }));
    const afterRemedy = await applyPayerEvent(CASE_ID, EVENT_ID, w);
    // Assess
    expect(again.next).toBe('compose_remedy');
    expect(afterRemedy.next).toBe('done');
    expect((await w.cases.requireCase(CASE_ID)).version).toBe(before.version + 1);
    expect(await historyOf(w, CASE_ID)).toEqual(['prior_auth.decision']);
  });

  it('decides again on the case as it is after a concurrent change', async () => {
    // Prepare: another writer closes the case between the read and the write of the first try
    const w = world();
    await givenCase(w, submittedCase());
    await givenEvent(w, payerEvent());
    const updateCase = w.cases.updateCase.bind(w.cases);
    let raced = false;
    w.cases.updateCase = (caseId, mutate) =>
      updateCase(caseId, async (current) => {
        if (!raced) {
          raced = true;
          await updateCase(caseId, (c) => ({ next: { ...c, status: 'CLOSED' }, history: [] }));
        }
        return mutate(current);
      });
    // Act
    const result = await applyPayerEvent(CASE_ID, EVENT_ID, w);
    // Assess
    expect(result.next).toBe('done');
    expect((await w.cases.requireCase(CASE_ID)).status).toBe('CLOSED');
    expect(await historyOf(w, CASE_ID)).toEqual(['prior_auth.decision.refused']);
  });

  it('refuses an event it does not know', async () => {
    const w = world();
    await givenCase(w, submittedCase());
    await expect(applyPayerEvent(CASE_ID, 'evt_unknown', w)).rejects.toBeInstanceOf(NotFoundError);
  });
});
