/**
 * HandlePayerEvent step 1: apply a stored payer event to its case, once. An event older than the
 * newest one applied never rolls the case back; a transition the status model forbids is refused
 * and recorded, never applied.
 */

import {
  type CaseChange,
  claimItem,
  getClaim,
  getEventReceipt,
  pendingMarkerKey,
  updateCase,
} from '#adapters/case-repository.ts';
import type { CaseRecord } from '#core/case/case-record.ts';
import { canTransition } from '#core/case/status-transitions.ts';
import { NotFoundError } from '#core/errors.ts';
import type { Appeal, Decision, HistoryEntry } from '#core/model.ts';
import { statusForEvent } from '#core/payer/payer-events.ts';
import type { Clock, NormalisedPayerEvent } from '#core/ports.ts';

export type ApplyNext = 'compose_remedy' | 'done';

function describe(event: NormalisedPayerEvent): string {
  const reasons = event.reasons.map((r) => `${r.system} ${r.group ? `${r.group}-` : ''}${r.code}`).join(', ');
  const parts = [`${event.type} ${event.outcome}`];
  if (event.authorizationNumber) parts.push(`authorization ${event.authorizationNumber}`);
  if (event.claimId) parts.push(`claim ${event.claimId}`);
  if (event.appealId) parts.push(`appeal ${event.appealId}`);
  if (reasons) parts.push(`reasons ${reasons}`);
  return parts.join('; ');
}

export async function applyPayerEvent(
  caseId: string,
  eventId: string,
  deps: { clock: Clock },
): Promise<{ caseId: string; eventId: string; next: ApplyNext }> {
  const receipt = await getEventReceipt(eventId);
  if (!receipt) throw new NotFoundError(`payer event ${eventId} not found`);
  const event = receipt.event;
  const claim = event.claimId ? await getClaim(caseId, event.claimId) : undefined;
  let next: ApplyNext = 'done';

  await updateCase(caseId, (c): CaseChange | null => {
    next = 'done';
    const at = deps.clock.now().toISOString();
    const clearPending = [pendingMarkerKey(caseId, eventId)];
    if (c.appliedEventIds.includes(eventId)) {
      // Applied before (a re-drive): say again whether a remedy is owed, so a crash between
      // the two steps is finished, and ComposeRemedy's own check keeps it from doubling.
      next = remedyOwed(c, eventId) ? 'compose_remedy' : 'done';
      return null;
    }
    const base = { ...c, updatedAt: at, appliedEventIds: [...c.appliedEventIds, eventId] };
    const target = statusForEvent(event);
    const record = (
      entry: Omit<HistoryEntry, 'at' | 'source' | 'eventId'>,
      nextCase: CaseRecord = base,
    ): CaseChange => ({
      next: nextCase,
      history: [{ at, source: 'payer', eventId, ...entry }],
      raw: receipt.raw,
      deletes: clearPending,
    });

    if (c.lastEventAt && Date.parse(event.occurredAt) < Date.parse(c.lastEventAt)) {
      return record({
        event: `${event.type}.stale`,
        applied: false,
        detail: `${describe(event)}; occurred ${event.occurredAt}, older than the last applied event (${c.lastEventAt}): not applied`,
      });
    }
    if (!canTransition(c.status, target)) {
      return record({
        event: `${event.type}.refused`,
        applied: false,
        detail: `${describe(event)}; transition ${c.status} -> ${target} is not allowed: not applied`,
      });
    }

    const applied: CaseRecord = { ...base, status: target, lastEventAt: event.occurredAt, flags: [] };
    if (event.type === 'prior_auth.decision') {
      const decision: Decision = {
        outcome: event.outcome as Decision['outcome'],
        authorizationNumber: event.authorizationNumber,
        payerReference: event.payerReference,
        approvedUnits: event.approvedUnits,
        validFrom: event.validFrom,
        validTo: event.validTo,
        reasons: event.reasons,
        requestedDocuments: event.requestedDocuments,
        note: event.note,
        decidedAt: event.occurredAt,
        eventId,
      };
      applied.decision = decision;
      if (target === 'DENIED') next = 'compose_remedy';
    } else if (event.type === 'claim.denied') {
      next = 'compose_remedy';
    } else if (event.type === 'appeal.decision') {
      const status: Appeal['status'] = event.outcome === 'overturned' ? 'APPEAL_APPROVED' : 'APPEAL_DENIED';
      applied.appeals = c.appeals.map((a) =>
        a.appealId === event.appealId || (!event.appealId && a.status === 'APPEAL_READY')
          ? { ...a, status }
          : a,
      );
      if (status === 'APPEAL_DENIED') next = 'compose_remedy';
    }
    if (next === 'compose_remedy') applied.pendingRemedyEventId = eventId;
    const change = record(
      { status: target, event: event.type, applied: true, detail: describe(event) },
      applied,
    );
    if (event.type === 'claim.denied' && claim) {
      change.puts = [claimItem(caseId, { ...claim, status: 'DENIED' })];
    }
    return change;
  });
  return { caseId, eventId, next };
}

/** A denial that was applied but has no remedy recorded yet. */
function remedyOwed(c: CaseRecord, eventId: string): boolean {
  return c.pendingRemedyEventId === eventId;
}
