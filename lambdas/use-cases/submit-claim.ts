/**
 * POST /v1/prior-auths/{caseId}/claims: scrub a claim before it goes out (units against the
 * dose, JW/JZ, least waste, the authorization, the code and the NDC) and keep it with the case,
 * so that a later claim.denied webhook can be answered with the right remedy.
 *
 * Primary course:
 * 1. Load the case.
 * 2. Scrub the claim against the case's billing, decision and assessment.
 * 3. Store the claim once: the same claim again answers its stored findings, another claim
 *    under the same id is a conflict.
 * 4. Record the scrub in the case's history.
 */
import { isSameClaim, scrubbedClaim } from '#core/case/claim-scrubbed.ts';
import { ConflictError } from '#core/errors.ts';
import type { Principal } from '#core/identity/claims.ts';
import { organizationOf } from '#core/identity/tenancy.ts';
import type { Finding } from '#core/model.ts';
import type { Ports } from '#core/ports.ts';
import type { ClaimInput } from '#schemas/claim.ts';
import { requireVisibleCase } from './acting-organization.ts';

type ClaimPorts = Pick<Ports, 'cases' | 'clock'>;

export async function submitClaim(
  caller: Principal,
  caseId: string,
  input: ClaimInput,
  deps: ClaimPorts,
): Promise<{ claimId: string; findings: Finding[]; replayed: boolean }> {
  // 1. The case, of the caller's organization.
  const record = await requireVisibleCase(caller, caseId, deps.cases);

  // 2. The scrub.
  const { claim, entry } = scrubbedClaim(record, input, deps.clock.now().toISOString());

  // 3. The claim, once.
  if (!(await deps.cases.putClaimOnce(caseId, claim, organizationOf(record)))) {
    const stored = await deps.cases.getClaim(caseId, claim.claimId);
    if (isSameClaim(stored, claim))
      return { claimId: claim.claimId, findings: stored.findings, replayed: true };
    throw new ConflictError(`claim ${claim.claimId} already exists on case ${caseId} with other content`);
  }

  // 4. The history.
  await deps.cases.appendHistory(caseId, [entry]);
  return { claimId: claim.claimId, findings: claim.findings, replayed: false };
}
