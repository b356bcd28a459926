/**
 * A denied or short-paid durvalumab line found in an 835 becomes the same `claim.denied` event a
 * payer's webhook would send, so the same remedy path answers it (HandlePayerEvent). Its id is a
 * function of the remittance and the claim, so reading the same file again stores nothing new.
 */
import { payerEventId } from '../ids.ts';
import type { NormalisedPayerEvent } from '../ports.ts';
import type { RemittanceClaim } from './model.ts';
import type { DurvalumabDenial } from './status.ts';

/** The event's id: one per remittance and claim (the 835's stand-in for a webhook-id). */
export function remittanceEventId(payerId: string, remittanceId: string, claimId: string): string {
  return payerEventId(payerId, `835:${remittanceId}:${claimId}`);
}

export interface RemittanceDenialInput {
  caseId: string;
  remittanceId: string;
  claim: RemittanceClaim;
  denials: DurvalumabDenial[];
  /**
   * When the remittance was received: an 835 dates its payment by day only, and a denial is news
   * when it arrives, so the event is ordered at its receipt.
   */
  receivedAt: string;
}

export function remittanceDenialEvent(input: RemittanceDenialInput): NormalisedPayerEvent {
  const { claim, denials } = input;
  const seen = new Set<string>();
  const reasons: NormalisedPayerEvent['reasons'] = [];
  for (const reason of denials.flatMap((d) => d.reasons)) {
    const key = `${reason.system}:${reason.group ?? ''}:${reason.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reasons.push(
      reason.group
        ? { system: reason.system, code: reason.code, group: reason.group }
        : { system: reason.system, code: reason.code },
    );
  }
  const lines = denials
    .map((d) => `${d.hcpcs} line ${d.lineIndex + 1} ${d.outcome.replace('_', '-')}`)
    .join(', ');
  return {
    type: 'claim.denied',
    occurredAt: input.receivedAt,
    caseId: input.caseId,
    payerReference: claim.payerClaimControlNumber,
    outcome: 'denied',
    authorizationNumber: null,
    approvedUnits: null,
    validFrom: null,
    validTo: null,
    reasons,
    requestedDocuments: [],
    note: `835 remittance ${input.remittanceId}: ${lines}`,
    claimId: claim.claimId,
  };
}
