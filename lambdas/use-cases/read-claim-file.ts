/**
 * GET /v1/claims/{claimId}/x12: what the claim's 837 says, for the handler to lay out as X12.
 *
 * Primary course:
 * 1. Find the claim by its id alone, and its case: another organization's claim is a 404.
 * 2. Read the payer's registry entry for the trading-partner ids (x12.senderId/receiverId/usage).
 * 3. Decide the 837's view and envelope (core): form, parties, claim, lines; a 422 naming what
 *    neither the claim nor the case gives.
 */
import {
  type Claim837Envelope,
  type Claim837View,
  claim837Envelope,
  claim837View,
} from '#core/billing/claim-837.ts';
import { NotFoundError } from '#core/errors.ts';
import type { Principal } from '#core/identity/claims.ts';
import { requireVisible } from '#core/identity/tenancy.ts';
import type { Ports } from '#core/ports.ts';

export async function readClaimFile(
  caller: Principal,
  claimId: string,
  deps: Pick<Ports, 'cases' | 'registry'>,
): Promise<{ caseId: string; view: Claim837View; envelope: Claim837Envelope }> {
  // 1. The claim and its case.
  const notFound = `claim ${claimId} not found`;
  const found = await deps.cases.findClaim(claimId);
  if (!found) throw new NotFoundError(notFound);
  requireVisible(caller, found, notFound, { claimId, caseId: found.caseId });
  const record = requireVisible(caller, await deps.cases.requireCase(found.caseId), notFound, {
    claimId,
    caseId: found.caseId,
  });

  // 2. The payer's trading-partner ids.
  const payer = await deps.registry.get(record.payer.id);

  // 3. The view and its envelope.
  return {
    caseId: found.caseId,
    view: claim837View(record, found.claim),
    envelope: claim837Envelope(record, found.claim, payer?.x12),
  };
}
