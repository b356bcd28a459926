/**
 * HandlePayerEvent step 1: apply a stored payer event to its case, once. What the event does is
 * decided in core (core/case/apply-payer-event.ts): an event older than the newest one applied
 * never rolls the case back, a transition the status model forbids is refused and recorded.
 *
 * 1. Load the stored event (with its raw body) and the claim it names.
 * 2. Decide what the event does to the case as stored now.
 * 3. Save the case, its history with the raw body, the denied claim and the event as applied
 *    (no longer pending for the sweep) in one versioned write; a concurrent writer makes the
 *    store read the case again and decide again. An event applied before writes nothing.
 * 4. Answer whether a remedy is owed (ComposeRemedy runs next).
 */
import { applyPayerEventToCase } from '#core/case/apply-payer-event.ts';
import { NotFoundError } from '#core/errors.ts';
import { organizationOf } from '#core/identity/tenancy.ts';
import { decisionOutcome } from '#core/metrics.ts';
import type { Ports } from '#core/ports.ts';
import { recordSystemEvent } from './audit-trail.ts';

export type ApplyNext = 'compose_remedy' | 'done';

export async function applyPayerEvent(
  caseId: string,
  eventId: string,
  ports: Pick<Ports, 'cases' | 'clock' | 'metrics' | 'audit'>,
): Promise<{ caseId: string; eventId: string; next: ApplyNext }> {
  const receipt = await ports.cases.getEventReceipt(eventId);
  if (!receipt) throw new NotFoundError(`payer event ${eventId} not found`);
  const { event, raw } = receipt;
  const claim = event.claimId ? await ports.cases.getClaim(caseId, event.claimId) : undefined;
  let remedyOwed = false;
  let applied = false;
  let organizationId: string | undefined;
  let appliedBefore = false;
  await ports.cases.updateCase(caseId, (record) => {
    organizationId = organizationOf(record);
    appliedBefore = record.appliedEventIds.includes(eventId);
    const at = ports.clock.now().toISOString();
    const change = applyPayerEventToCase({ record, event, eventId, at, claim });
    remedyOwed = change.remedyOwed;
    applied = Boolean(change.next);
    if (!change.next) return null;
    const claims = change.deniedClaim ? [change.deniedClaim] : [];
    return { next: change.next, history: change.history, raw, claims, appliedEventIds: [eventId] };
  });
  if (applied) ports.metrics.count('PayerDecisions', decisionOutcome(event));
  // The audit trail: the payer changed the case (webhook.apply), recorded once it is applied (a
  // retry after the record failed records it then: the record is once per payer event).
  if (applied || appliedBefore) {
    const ids = { caseId, ...(event.claimId ? { claimId: event.claimId } : {}) };
    const actor = { type: 'payer' as const, id: receipt.payerId };
    await recordSystemEvent(
      {
        actor,
        action: 'webhook.apply',
        ids,
        ...(organizationId ? { organizationId } : {}),
        once: { key: eventId, at: receipt.receivedAt },
      },
      ports,
    );
  }
  return { caseId, eventId, next: remedyOwed ? 'compose_remedy' : 'done' };
}
