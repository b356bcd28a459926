/**
 * POST /v1/prior-auths/{caseId}/claims: scrub a claim before it goes out (units against the
 * dose, JW/JZ, least waste, the authorization, the code and the NDC) and keep it with the case,
 * so that a later claim.denied webhook can be answered with the right remedy.
 */

import { appendHistory, getClaim, putClaimOnce, requireCase } from '#adapters/case-repository.ts';
import { scrubClaim } from '#core/billing/claim-scrub.ts';
import { ConflictError } from '#core/errors.ts';
import { digest } from '#core/ids.ts';
import type { Claim, Finding } from '#core/model.ts';
import type { Clock } from '#core/ports.ts';
import type { ClaimInput } from '#schemas/claim.ts';

export async function submitClaim(
  caseId: string,
  claim: ClaimInput,
  deps: { clock: Clock },
): Promise<{ claimId: string; findings: Finding[]; replayed: boolean }> {
  const record = await requireCase(caseId);
  const findings = scrubClaim(claim, {
    billing: record.billing,
    decision: record.decision,
    assessment: record.assessment,
  });
  const claimId = claim.claimId ?? `clm_${digest(caseId, JSON.stringify(claim)).slice(0, 20)}`;
  const at = deps.clock.now().toISOString();
  const item: Claim = { claimId, receivedAt: at, findings, claim: { ...claim, claimId }, status: 'SCRUBBED' };
  if (!(await putClaimOnce(caseId, item))) {
    const existing = await getClaim(caseId, claimId);
    if (existing && JSON.stringify(existing.claim) === JSON.stringify(item.claim)) {
      return { claimId, findings: existing.findings, replayed: true };
    }
    throw new ConflictError(`claim ${claimId} already exists on case ${caseId} with other content`);
  }
  const errors = findings.filter((f) => f.severity === 'error').map((f) => f.code);
  await appendHistory(caseId, [
    {
      at,
      status: record.status,
      source: 'api',
      event: 'claim.scrubbed',
      detail: `claim ${claimId}: ${errors.length ? `errors ${errors.join(', ')}` : 'no errors'}`,
    },
  ]);
  return { claimId, findings, replayed: false };
}
